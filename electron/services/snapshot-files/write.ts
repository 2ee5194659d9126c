/**
 * Writing a snapshot file. The payload is gzipped (and sealed) as it is produced, page by
 * page from SQLite, so a million-row snapshot never sits whole in memory; the file appears
 * under its final name only once complete (written to a temporary name, synced, renamed).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Gzip } from 'fflate';
import { AppError } from '../../../shared/contract';
import { CANONICAL_HEADER_LINE, CanonicalHasher, recordLine } from '../snapshots/canonical';
import { APP_VERSION } from '../app-version';
import { getSnapshotMeta } from '../snapshots/repository';
import { aadBase, encodeHeader, ENCRYPTION_NONE, ENCRYPTION_SCRYPT_AES256GCM, FORMAT_VERSION, PAYLOAD_HASH_OFFSET } from './format';
import { metaForFile, type FileMetadata } from './payload';
import { ChunkSealer, newEncryption } from './seal';

const PAGE_ROWS = 5000;

/** Low-level writer: payload text in, file out. Tests use it to craft hostile files. */
export class SnapshotFileWriter {
  private readonly gzip: Gzip;
  private readonly payloadHash = crypto.createHash('sha256');
  private position: number;
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly tmp: string,
    private readonly target: string,
    header: Buffer,
    private readonly sealer: ChunkSealer | null,
  ) {
    fs.writeSync(fd, header, 0, header.length, 0);
    this.position = header.length;
    this.gzip = new Gzip({ level: 6 }, (chunk) => {
      this.payloadHash.update(chunk);
      if (this.sealer) this.sealer.push(chunk);
      else this.raw(chunk);
    });
  }

  static async create(target: string, opts: { contentHash: string; passphrase?: string }): Promise<SnapshotFileWriter> {
    const enc = opts.passphrase !== undefined ? await newEncryption(opts.passphrase) : null;
    const header = encodeHeader({ encryption: enc ? ENCRYPTION_SCRYPT_AES256GCM : ENCRYPTION_NONE, contentHash: opts.contentHash, params: enc?.params ?? null });
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.partial`);
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'wx', 0o600);
    } catch (err) {
      throw new AppError('validation', `Cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, [{ path: 'outPath', message: 'not writable' }]);
    }
    let writer: SnapshotFileWriter | null = null;
    const sealer = enc ? new ChunkSealer(enc.key, enc.params, aadBase(header), (sealed) => writer!.raw(sealed)) : null;
    writer = new SnapshotFileWriter(fd, tmp, target, header, sealer);
    return writer;
  }

  private raw(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off, this.position + off);
    this.position += bytes.length;
  }

  write(text: string | Uint8Array): void {
    if (text.length) this.gzip.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  }

  /** Completes the file; returns the payload hash and the file size. */
  finish(): { payloadHash: string; bytes: number } {
    this.gzip.push(new Uint8Array(0), true);
    this.sealer?.end();
    const digest = this.payloadHash.digest();
    fs.writeSync(this.fd, digest, 0, digest.length, PAYLOAD_HASH_OFFSET);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.closed = true;
    fs.renameSync(this.tmp, this.target);
    return { payloadHash: digest.toString('hex'), bytes: this.position };
  }

  abort(): void {
    if (!this.closed) fs.closeSync(this.fd);
    this.closed = true;
    fs.rmSync(this.tmp, { force: true });
  }
}

export interface ExportResult {
  path: string;
  bytes: number;
  snapshotId: string;
  orgAlias: string;
  contentHash: string;
  payloadHash: string;
  recordCount: number;
  encrypted: boolean;
}

/**
 * Exports one stored snapshot. Rows are read in pages (keyed by Id, snapshots never change)
 * so other calls can use the connection between pages; the content hash is recomputed on the
 * way out, so a damaged store is refused rather than shipped.
 */
export async function exportSnapshotFile(db: Database.Database, snapshotId: string, outPath: string, options: { passphrase?: string; now?: Date } = {}): Promise<ExportResult> {
  const meta = getSnapshotMeta(db, snapshotId);
  if (!meta) throw new AppError('not_found', `No snapshot with id ${snapshotId}.`);
  const fileMeta = metaForFile(meta, meta.recordCount);
  const metadata: FileMetadata = {
    kind: 'iua-snapshot-file',
    formatVersion: FORMAT_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    exportedByAppVersion: APP_VERSION,
    snapshot: fileMeta,
  };
  const writer = await SnapshotFileWriter.create(outPath, { contentHash: meta.contentHash, passphrase: options.passphrase });
  try {
    const hash = new CanonicalHasher();
    writer.write(`${JSON.stringify(metadata)}\n`);
    writer.write(CANONICAL_HEADER_LINE);
    const page = db.prepare('SELECT record_id, data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? AND record_id > ? ORDER BY record_id LIMIT ?');
    let total = 0;
    for (const o of fileMeta.objects) {
      writer.write(hash.object(o.object, o.count));
      let last = '';
      let seen = 0;
      for (;;) {
        const rows = page.all(snapshotId, o.object, last, PAGE_ROWS) as { record_id: string; data: string }[];
        if (rows.length === 0) break;
        let text = '';
        for (const r of rows) text += recordLine(r.data);
        writer.write(text);
        hash.lines(text);
        seen += rows.length;
        last = rows[rows.length - 1].record_id;
        // Let other calls run; the statement is not held open between pages.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (seen !== o.count)
        throw new AppError(
          'damaged_database',
          `Snapshot ${snapshotId} is damaged: ${o.object} has ${seen} stored records but its statistics say ${o.count}. Nothing was exported.`,
        );
      total += seen;
    }
    if (hash.digest() !== meta.contentHash || total !== meta.recordCount) {
      throw new AppError('damaged_database', `Snapshot ${snapshotId} is damaged: its stored records no longer match its content hash. Nothing was exported.`);
    }
    const done = writer.finish();
    return {
      path: outPath,
      bytes: done.bytes,
      snapshotId,
      orgAlias: meta.orgAlias,
      contentHash: meta.contentHash,
      payloadHash: done.payloadHash,
      recordCount: total,
      encrypted: options.passphrase !== undefined,
    };
  } catch (err) {
    writer.abort();
    throw err;
  }
}
