/**
 * Opening a pack someone hands us. The file is hostile until proven otherwise: before any XML
 * is parsed, the zip's central directory is checked for the number of entries, each entry's
 * uncompressed size, the total, and the compression ratio; entries are then inflated with
 * yauzl's size validation, so an entry that inflates past what it declared is cut off.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { AppError } from '../../../shared/contract';

export const ZIP_LIMITS = {
  /** An xlsx has a few dozen entries; thousands is not a spreadsheet. */
  maxEntries: 2_000,
  /** A 1M-row sheet is a few hundred MB of XML. */
  maxEntryBytes: 1_536 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  /** Deflate tops out near 1032:1; XML sheets stay far below 200:1. */
  maxRatio: 200,
  /** Ratios only matter once an entry is big enough to hurt. */
  ratioFloorBytes: 1024 * 1024,
  /** Shared strings are held in memory (as one buffer) while sheets stream. */
  maxSharedStringsBytes: 256 * 1024 * 1024,
  /** Manifest, Cover and Checkpoints are kept in memory to compare: small in a real pack
   * (Checkpoints has a row per 1,000 rows of each sheet). */
  maxKeptSheetBytes: 32 * 1024 * 1024,
} as const;

export function notAPack(file: string, why: string): AppError {
  return new AppError('bad_file', `${file} is not a readable evidence pack: ${why}.`);
}

export interface PackZip {
  names: string[];
  has(name: string): boolean;
  size(name: string): number;
  open(name: string): Promise<Readable>;
  close(): void;
}

export async function openPackZip(file: string, limits = ZIP_LIMITS): Promise<PackZip> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw notAPack(file, 'the file does not exist or cannot be read');
  }
  if (!stat.isFile()) throw notAPack(file, 'it is not a file');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err || !z) reject(notAPack(file, `not a zip archive (${err?.message ?? 'unknown error'})`));
      else resolve(z);
    });
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw notAPack(file, `${zip.entryCount} zip entries (at most ${limits.maxEntries})`);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      zip.on('error', (e: Error) => reject(notAPack(file, `damaged zip (${e.message})`)));
      zip.on('end', () => resolve());
      zip.on('entry', (e: yauzl.Entry) => {
        const why = entryProblem(e, limits);
        if (why) return reject(notAPack(file, `zip entry ${JSON.stringify(e.fileName.slice(0, 200))} ${why}`));
        total += e.uncompressedSize;
        if (total > limits.maxTotalBytes) return reject(notAPack(file, `its entries would inflate to more than ${limits.maxTotalBytes} bytes`));
        if (entries.has(e.fileName)) return reject(notAPack(file, `zip entry ${JSON.stringify(e.fileName)} appears twice`));
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    open(name) {
      const e = entries.get(name);
      if (!e) return Promise.reject(notAPack(file, `the zip has no ${name}`));
      return new Promise((resolve, reject) => {
        zip.openReadStream(e, (err, stream) => (err || !stream ? reject(notAPack(file, `cannot read ${name} (${err?.message ?? 'unknown error'})`)) : resolve(stream)));
      });
    },
    close: () => zip.close(),
  };
}

function entryProblem(e: yauzl.Entry, limits: typeof ZIP_LIMITS): string | null {
  if ((e.generalPurposeBitFlag & 0x1) !== 0) return 'is encrypted';
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) return `uses compression method ${e.compressionMethod}`;
  if (e.uncompressedSize > limits.maxEntryBytes) return `would inflate to ${e.uncompressedSize} bytes (at most ${limits.maxEntryBytes})`;
  if (e.uncompressedSize > limits.ratioFloorBytes) {
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (ratio > limits.maxRatio) return `has a compression ratio of ${Math.round(ratio)}:1 (at most ${limits.maxRatio}:1), like a zip bomb`;
  }
  return null;
}
