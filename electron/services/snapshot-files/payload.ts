/**
 * The decompressed payload: one metadata line, then the snapshot's canonical serialisation
 * (shared/snapshot-canonical.ts) byte for byte. `PayloadDecoder` takes the compressed bytes
 * in any slices and checks everything a hostile file could get wrong — inflation bounds,
 * line lengths, UTF-8, the metadata schema, object names and order, record schema and
 * canonical form, Id order (which also rules out duplicates), counts — and recomputes both
 * hashes. It is synchronous so the same code validates a file and, later, streams it into
 * one SQLite transaction.
 */
import crypto from 'node:crypto';
import { Gunzip } from 'fflate';
import { z } from 'zod';
import type { SnapshotMeta } from '../../../shared/model';
import { objectSpec } from '../../../shared/salesforce-objects';
import {
  CANONICAL_HEADER_LINE,
  CANONICAL_VERSION,
  CanonicalHasher,
  canonicalRecordJson,
  compareCodeUnits,
  objectHeaderLine,
  recordLine,
  type PreparedRecord,
} from '../snapshots/canonical';
import { badFile, FORMAT_VERSION, type ReadLimits } from './format';

const Text = (max: number) => z.string().max(max);
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const IsoTime = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'not an ISO-8601 time');
const ObjectName = z.string().refine((n) => objectSpec(n) !== undefined, 'not an object this app collects');

export const FileSnapshotMeta = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'not a snapshot id'),
  orgAlias: Text(100),
  orgId: z.string().regex(/^[A-Za-z0-9]{15,18}$/, 'not a Salesforce org id'),
  orgName: Text(500),
  instanceUrl: Text(2000),
  apiVersion: z.string().regex(/^\d{2,3}\.0$/),
  auditingUsername: Text(500),
  appVersion: Text(100),
  startedAt: IsoTime,
  finishedAt: IsoTime,
  apiCalls: Count,
  permissionScope: z.enum(['integration', 'full']),
  lookbackDays: Count,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  recordCount: Count,
  objects: z.array(z.strictObject({ object: ObjectName, count: Count, totalSize: Count, soql: Text(1_000_000), api: z.enum(['rest', 'bulk']), apiCalls: Count })).max(1000),
  gaps: z.array(z.strictObject({ object: ObjectName, errorCode: Text(200), message: Text(10_000) })).max(1000),
});
export type FileSnapshotMeta = z.infer<typeof FileSnapshotMeta>;

export const FileMetadata = z.strictObject({
  kind: z.literal('iua-snapshot-file'),
  formatVersion: z.literal(FORMAT_VERSION),
  exportedAt: IsoTime,
  exportedByAppVersion: Text(100),
  snapshot: FileSnapshotMeta,
});
export type FileMetadata = z.infer<typeof FileMetadata>;

export function metaForFile(meta: SnapshotMeta, recordCount: number): FileSnapshotMeta {
  const { id, orgAlias, orgId, orgName, instanceUrl, apiVersion, auditingUsername, appVersion, startedAt, finishedAt, apiCalls, permissionScope, lookbackDays, contentHash } = meta;
  return {
    id,
    orgAlias,
    orgId,
    orgName,
    instanceUrl,
    apiVersion,
    auditingUsername,
    appVersion,
    startedAt,
    finishedAt,
    apiCalls,
    permissionScope,
    lookbackDays,
    contentHash,
    recordCount,
    objects: [...meta.objects]
      .sort((a, b) => compareCodeUnits(a.object, b.object))
      .map((o) => ({ object: o.object, count: o.count, totalSize: o.totalSize, soql: o.soql, api: o.api, apiCalls: o.apiCalls })),
    gaps: meta.gaps.map((g) => ({ object: g.object, errorCode: g.errorCode, message: g.message })),
  };
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const RECORD_ID = /^[\x21-\x7e]{1,100}$/;

export interface DecodedPayload {
  metadata: FileMetadata;
  payloadHash: string;
  contentHash: string;
  payloadBytes: number;
  compressedBytes: number;
}

type State =
  { kind: 'meta' } | { kind: 'canonical' } | { kind: 'object'; next: number } | { kind: 'record'; objectIndex: number; left: number; lastId: string | null } | { kind: 'end' };

export class PayloadDecoder {
  private readonly gunzip: Gunzip;
  private readonly payloadHash = crypto.createHash('sha256');
  private readonly contentHash = new CanonicalHasher();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private compressed = 0;
  private inflated = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private state: State = { kind: 'meta' };
  private metadata: FileMetadata | null = null;
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
    /** Called for each validated record (the write pass); the validation pass passes nothing. */
    private readonly onRecord?: (object: string, record: PreparedRecord) => void,
  ) {
    this.gunzip = new Gunzip((chunk) => this.inflatedChunk(chunk));
  }

  /** Compressed payload bytes, in any slices. */
  push(data: Uint8Array): void {
    this.payloadHash.update(data);
    for (let at = 0; at < data.length; at += this.limits.inflateSliceBytes) {
      const slice = data.subarray(at, Math.min(data.length, at + this.limits.inflateSliceBytes));
      this.compressed += slice.length;
      this.inflate(slice, false);
    }
  }

  end(): DecodedPayload {
    this.inflate(new Uint8Array(0), true);
    if (this.partialBytes > 0) throw badFile(this.file, 'the data ends in the middle of a line (truncated)');
    if (this.state.kind !== 'end' || !this.metadata) throw badFile(this.file, `the data ends early (${this.expecting()}); the file is truncated`);
    return {
      metadata: this.metadata,
      payloadHash: this.payloadHash.digest('hex'),
      contentHash: this.contentHash.digest(),
      payloadBytes: this.inflated,
      compressedBytes: this.compressed,
    };
  }

  private inflate(slice: Uint8Array, final: boolean): void {
    try {
      this.gunzip.push(slice, final);
    } catch (err) {
      if (err instanceof Error && err.name === 'AppError') throw err;
      throw badFile(this.file, `the compressed data is corrupted or truncated (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private inflatedChunk(chunk: Uint8Array): void {
    this.inflated += chunk.length;
    if (this.inflated > this.limits.maxPayloadBytes)
      throw badFile(this.file, `it decompresses to more than ${this.limits.maxPayloadBytes} bytes (a decompression bomb or not a snapshot)`);
    if (this.inflated > this.limits.ratioFloorBytes && this.inflated > this.compressed * this.limits.maxRatio) {
      throw badFile(this.file, `it decompresses more than ${this.limits.maxRatio}:1 (a decompression bomb)`);
    }
    let start = 0;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = buf.subarray(start, nl);
      this.checkLineLength(this.partialBytes + piece.length);
      const line = this.partialBytes ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.partialBytes = 0;
      this.line(line);
      start = nl + 1;
    }
    if (start < buf.length) {
      const rest = buf.subarray(start);
      this.checkLineLength(this.partialBytes + rest.length);
      // Copied: fflate reuses its output buffer.
      this.partial.push(Buffer.from(rest));
      this.partialBytes += rest.length;
    }
  }

  private checkLineLength(n: number): void {
    const max = this.state.kind === 'meta' ? this.limits.maxMetaLineBytes : this.limits.maxRecordLineBytes;
    if (n > max) throw badFile(this.file, `line ${this.lineNo + 1} is longer than ${max} bytes`);
  }

  private line(bytes: Buffer): void {
    this.lineNo++;
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      throw badFile(this.file, `line ${this.lineNo} is not valid UTF-8`);
    }
    const s = this.state;
    switch (s.kind) {
      case 'meta':
        this.metadata = this.parseMetadata(text);
        this.state = { kind: 'canonical' };
        return;
      case 'canonical':
        if (`${text}\n` !== CANONICAL_HEADER_LINE) {
          const v = tryJson(text);
          if (Array.isArray(v) && v[0] === 'iua-snapshot')
            throw badFile(this.file, `its records use canonical form version ${String(v[1])}; this app reads version ${CANONICAL_VERSION}`);
          throw badFile(this.file, `line ${this.lineNo} should start the records (${CANONICAL_HEADER_LINE.trim()})`);
        }
        this.state = this.nextObject(0);
        return;
      case 'object': {
        const o = this.metadata!.snapshot.objects[s.next];
        const expected = objectHeaderLine(o.object, o.count);
        if (`${text}\n` !== expected) throw badFile(this.file, `line ${this.lineNo} should be ${expected.trim()} but is ${clip(text)}`);
        this.contentHash.object(o.object, o.count);
        this.state = o.count === 0 ? this.nextObject(s.next + 1) : { kind: 'record', objectIndex: s.next, left: o.count, lastId: null };
        return;
      }
      case 'record': {
        const object = this.metadata!.snapshot.objects[s.objectIndex].object;
        const record = this.parseRecord(object, text, s.lastId);
        this.contentHash.lines(recordLine(record.json));
        this.onRecord?.(object, record);
        if (s.left === 1) this.state = this.nextObject(s.objectIndex + 1);
        else this.state = { kind: 'record', objectIndex: s.objectIndex, left: s.left - 1, lastId: record.id };
        return;
      }
      case 'end':
        throw badFile(this.file, `unexpected data after the last object (line ${this.lineNo})`);
    }
  }

  private nextObject(i: number): State {
    const objects = this.metadata!.snapshot.objects;
    return i >= objects.length ? { kind: 'end' } : { kind: 'object', next: i };
  }

  private expecting(): string {
    const s = this.state;
    const objects = this.metadata?.snapshot.objects ?? [];
    if (s.kind === 'meta') return 'no metadata';
    if (s.kind === 'canonical') return 'no records';
    if (s.kind === 'object') return `object ${objects[s.next].object} is missing`;
    if (s.kind === 'record') return `${s.left} more ${objects[s.objectIndex].object} record(s) expected`;
    return 'complete';
  }

  private parseMetadata(text: string): FileMetadata {
    const raw = tryJson(text);
    if (raw === undefined) throw badFile(this.file, 'its metadata is not JSON');
    if (raw && typeof raw === 'object' && 'formatVersion' in raw && typeof raw.formatVersion === 'number' && raw.formatVersion > FORMAT_VERSION) {
      throw badFile(this.file, `its payload format version ${raw.formatVersion} is newer than this app supports (${FORMAT_VERSION})`);
    }
    const parsed = FileMetadata.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw badFile(this.file, `its metadata is invalid (${first.path.join('.') || '(root)'}: ${first.message})`);
    }
    const m = parsed.data.snapshot;
    for (let i = 1; i < m.objects.length; i++) {
      if (compareCodeUnits(m.objects[i - 1].object, m.objects[i].object) >= 0)
        throw badFile(this.file, `its metadata lists objects out of order or twice (${m.objects[i].object})`);
    }
    if (new Set(m.gaps.map((g) => g.object)).size !== m.gaps.length) throw badFile(this.file, 'its metadata lists a coverage gap twice');
    const total = m.objects.reduce((n, o) => n + o.count, 0);
    if (total !== m.recordCount) throw badFile(this.file, `its metadata says ${m.recordCount} records but its objects add up to ${total}`);
    for (const o of m.objects) if (o.count !== o.totalSize) throw badFile(this.file, `its metadata says ${o.object} stored ${o.count} of ${o.totalSize} records`);
    return parsed.data;
  }

  private parseRecord(object: string, text: string, lastId: string | null): PreparedRecord {
    const where = `${object} record on line ${this.lineNo}`;
    const v = tryJson(text);
    if (v === undefined) throw badFile(this.file, `the ${where} is not JSON`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw badFile(this.file, `the ${where} is not a JSON object`);
    const rec = v as Record<string, unknown>;
    if (typeof rec.Id !== 'string' || !RECORD_ID.test(rec.Id)) throw badFile(this.file, `the ${where} has no valid Id`);
    for (const [k, value] of Object.entries(rec)) {
      if (!FIELD_NAME.test(k)) throw badFile(this.file, `the ${where} has an invalid field name ${clip(JSON.stringify(k))}`);
      const ok = value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
      if (!ok) throw badFile(this.file, `field ${k} of the ${where} is not a scalar value`);
    }
    const json = canonicalRecordJson(rec as Record<string, string | number | boolean | null>);
    if (json !== text) throw badFile(this.file, `the ${where} is not in canonical form (sorted keys, no spaces)`);
    if (lastId !== null && compareCodeUnits(lastId, rec.Id) >= 0) {
      throw badFile(this.file, lastId === rec.Id ? `${object} record ${rec.Id} appears twice` : `${object} records are not in Id order at line ${this.lineNo}`);
    }
    const parentField = objectSpec(object)?.parentField;
    const parent = parentField ? rec[parentField] : undefined;
    return { id: rec.Id, parentId: typeof parent === 'string' ? parent : null, json };
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
