/**
 * Reading a snapshot file end to end: header, key, chunks, payload, hashes. `scanFile` is the
 * validation pass (async, yields between reads, keeps nothing but the metadata);
 * `scanFileSync` is the same pipeline run synchronously so an import can stream the already
 * validated records straight into one SQLite transaction and still re-check every hash
 * before it commits (the file could have changed in between).
 */
import fs from 'node:fs';
import { badFile, decodeHeader, aadBase, DEFAULT_LIMITS, ENCRYPTION_PARAMS_BYTES, FIXED_HEADER_BYTES, type FileHeader, type ReadLimits } from './format';
import { PayloadDecoder, type DecodedPayload } from './payload';
import { ChunkOpener, keyFor } from './seal';
import type { PreparedRecord } from '../snapshots/canonical';

const READ_BYTES = 64 * 1024;

export interface ScanResult extends DecodedPayload {
  header: FileHeader;
  fileBytes: number;
}

export interface ScanOptions {
  passphrase?: string;
  limits?: Partial<ReadLimits>;
}

function openFile(file: string): number {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw badFile(file, 'it is not a file');
    return fs.openSync(file, 'r');
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw badFile(file, `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function readHeader(file: string, fd: number): FileHeader {
  const head = Buffer.alloc(FIXED_HEADER_BYTES + ENCRYPTION_PARAMS_BYTES);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  return decodeHeader(file, head.subarray(0, n));
}

/** The payload pipeline for one pass: body bytes in, validated payload out. */
function pipeline(file: string, header: FileHeader, key: Buffer | null, limits: ReadLimits, onRecord?: (object: string, r: PreparedRecord) => void) {
  const decoder = new PayloadDecoder(file, limits, onRecord);
  const opener = header.params && key ? new ChunkOpener(file, key, header.params, aadBase(header.raw), (plain) => decoder.push(plain)) : null;
  return {
    push: (bytes: Buffer) => (opener ? opener.push(bytes) : decoder.push(bytes)),
    end(): DecodedPayload {
      opener?.end();
      return decoder.end();
    },
  };
}

function verify(file: string, header: FileHeader, decoded: DecodedPayload): void {
  if (decoded.payloadHash !== header.payloadHash)
    throw badFile(
      file,
      `the payload hash does not match (file says ${header.payloadHash.slice(0, 12)}…, data gives ${decoded.payloadHash.slice(0, 12)}…): the file is corrupted or was altered`,
    );
  const claimed = decoded.metadata.snapshot.contentHash;
  if (claimed !== header.contentHash) throw badFile(file, 'the content hash in the header differs from the one in the metadata');
  if (decoded.contentHash !== claimed) {
    throw badFile(
      file,
      `the content hash does not match its records (metadata says ${claimed.slice(0, 12)}…, records give ${decoded.contentHash.slice(0, 12)}…): the records were altered`,
    );
  }
}

/** Derives the key (refusing a wrong passphrase) for an encrypted file; null otherwise. */
export async function keyOf(header: FileHeader, passphrase: string | undefined): Promise<Buffer | null> {
  return header.params ? keyFor(header.params, passphrase) : null;
}

/** The validation pass. Throws AppError('bad_file' | 'validation') naming the first problem. */
export async function scanFile(file: string, options: ScanOptions = {}): Promise<ScanResult & { key: Buffer | null }> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const fd = openFile(file);
  try {
    const header = readHeader(file, fd);
    const key = await keyOf(header, options.passphrase);
    const p = pipeline(file, header, key, limits);
    const buf = Buffer.alloc(READ_BYTES);
    let pos = header.bodyOffset;
    for (;;) {
      const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) =>
        fs.read(fd, buf, 0, buf.length, pos, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead }))),
      );
      if (bytesRead === 0) break;
      pos += bytesRead;
      p.push(buf.subarray(0, bytesRead));
    }
    const decoded = p.end();
    verify(file, header, decoded);
    return { ...decoded, header, fileBytes: pos, key };
  } finally {
    fs.closeSync(fd);
  }
}

/** The same pass, synchronously, handing each validated record to onRecord (the write pass). */
export function scanFileSync(file: string, key: Buffer | null, onRecord: (object: string, r: PreparedRecord) => void, limitsIn: Partial<ReadLimits> = {}): ScanResult {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  const fd = openFile(file);
  try {
    const header = readHeader(file, fd);
    const p = pipeline(file, header, key, limits, onRecord);
    const buf = Buffer.alloc(READ_BYTES);
    let pos = header.bodyOffset;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      p.push(buf.subarray(0, n));
    }
    const decoded = p.end();
    verify(file, header, decoded);
    return { ...decoded, header, fileBytes: pos };
  } finally {
    fs.closeSync(fd);
  }
}
