/**
 * A snapshot being collected, in bounded memory. Each page of records is turned into its
 * canonical JSON and appended to `snapshot_staging` (small transactions: nothing is held open
 * across a network fetch), so memory does not grow with the org. `commit` then makes the
 * snapshot in one local transaction: copies the rows into `snapshot_record` in Id order,
 * hashes them in canonical order as they stand there, writes the snapshot row and moves the
 * org's current pointer. Until that commit no reader can see any of it; `discard` (a failed
 * or cancelled collection) and `sweepStaging` (rows left by a killed process) remove it.
 */
import os from 'node:os';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import type { SfRecord, SfValue, SnapshotMeta } from '../../../shared/model';
import { canonicalRecordSerializer } from './canonical';
import { lockIsStale, type LockRow } from '../orgs/lock';
import { hashCanonical } from './canonical';
import { insertSnapshotMeta, makeCurrent, newSnapshotId } from './repository';

/** Rows buffered before one insert transaction: large enough that commits (each an fsync) are rare, small enough to stay a few MB. */
const FLUSH_ROWS = 5_000;
/** Rows deleted per transaction when a staged collection is discarded, so other writers are not held up. */
const DISCARD_BATCH = 50_000;

export class SnapshotStaging {
  readonly id: string;
  private buffer: { sobject: string; id: string; parentId: string | null; json: string }[] = [];
  private readonly counts = new Map<string, number>();
  private readonly insert: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    readonly orgAlias: string,
    id = newSnapshotId(),
  ) {
    this.id = id;
    this.insert = db.prepare('INSERT INTO snapshot_staging (snapshot_id, org_alias, sobject, record_id, parent_id, data) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** Appends one page of an object's records (all read with the same fields). */
  append(sobject: string, records: readonly SfRecord[], parentField: string | undefined): void {
    if (records.length === 0) return;
    const json = canonicalRecordSerializer(Object.keys(records[0]));
    for (const r of records) {
      const parent: SfValue | undefined = parentField ? r[parentField] : null;
      this.buffer.push({ sobject, id: r.Id, parentId: typeof parent === 'string' ? parent : null, json: json(r) });
    }
    this.counts.set(sobject, (this.counts.get(sobject) ?? 0) + records.length);
    if (this.buffer.length >= FLUSH_ROWS) this.flush();
  }

  /** Rows staged so far for an object. */
  count(sobject: string): number {
    return this.counts.get(sobject) ?? 0;
  }

  /** Forgets an object's rows (it became a coverage gap part-way through). */
  drop(sobject: string): void {
    this.flush();
    this.db.prepare('DELETE FROM snapshot_staging WHERE snapshot_id = ? AND sobject = ?').run(this.id, sobject);
    this.counts.delete(sobject);
  }

  /** An object's staged records, read back one at a time (the collection plans later queries from them). */
  *records(sobject: string): Generator<SfRecord> {
    this.flush();
    const rows = this.db.prepare('SELECT data FROM snapshot_staging WHERE snapshot_id = ? AND sobject = ?').pluck();
    for (const data of rows.iterate(this.id, sobject) as Iterable<string>) yield JSON.parse(data) as SfRecord;
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.db.transaction(() => {
      for (const r of rows) this.insert.run(this.id, this.orgAlias, r.sobject, r.id, r.parentId, r.json);
    })();
  }

  /**
   * Makes the snapshot: one synchronous transaction (nothing awaited inside) that copies the
   * staged rows, hashes them, writes the snapshot row and makes it current. `meta.objects`
   * lists every object stored, with the count staged for it. Returns the content hash.
   */
  commit(meta: Omit<SnapshotMeta, 'id' | 'contentHash'>): string {
    this.flush();
    const recordCount = meta.objects.reduce((n, o) => n + o.count, 0);
    for (const o of meta.objects) {
      if (this.count(o.object) !== o.count) throw new Error(`snapshot ${this.id}: ${o.object} has ${this.count(o.object)} staged rows, ${o.count} expected`);
    }
    let contentHash = '';
    this.db.transaction(() => {
      const org = this.db.prepare('SELECT alias FROM org WHERE alias = ?').get(meta.orgAlias);
      if (!org) throw new AppError('not_found', `The org "${meta.orgAlias}" was removed during the collection; nothing was stored.`);
      // Records first so the hash can be read from them in Id order; the snapshot row they
      // reference follows in the same transaction.
      this.db.pragma('defer_foreign_keys = ON');
      const copy = this.db.prepare(
        `INSERT INTO snapshot_record (snapshot_id, sobject, record_id, parent_id, data)
         SELECT snapshot_id, sobject, record_id, parent_id, data FROM snapshot_staging WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id`,
      );
      for (const o of meta.objects) {
        try {
          copy.run(this.id, o.object);
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw err;
          throw this.duplicateError(o.object);
        }
      }
      const rows = this.db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
      contentHash = hashCanonical(meta.objects, (object) => rows.iterate(this.id, object) as Iterable<string>);
      insertSnapshotMeta(this.db, this.id, { ...meta, contentHash }, recordCount);
      makeCurrent(this.db, this.id, meta, 'always');
    })();
    // The snapshot is made; its staged copy goes in transactions of its own.
    this.discard();
    return contentHash;
  }

  /** Removes every staged row (a failed or cancelled collection). Never throws: a failure to clean up must not hide the failure that caused it. */
  discard(): void {
    this.buffer = [];
    try {
      this.deleteStaged();
    } catch {
      // The database is closing or busy: sweepStaging removes the rows at the next start.
    }
  }

  private deleteStaged(): void {
    // Alone in the table (the usual case): SQLite empties a table deleted without a WHERE at
    // once, instead of row by row (seconds for two million rows).
    const emptied = this.db
      .transaction(() => {
        const others =
          this.db.prepare('SELECT 1 FROM snapshot_staging WHERE snapshot_id < ? LIMIT 1').get(this.id) ??
          this.db.prepare('SELECT 1 FROM snapshot_staging WHERE snapshot_id > ? LIMIT 1').get(this.id);
        if (others) return false;
        this.db.prepare('DELETE FROM snapshot_staging').run();
        return true;
      })
      .immediate();
    if (emptied) return;
    const batch = this.db.prepare('DELETE FROM snapshot_staging WHERE rowid IN (SELECT rowid FROM snapshot_staging WHERE snapshot_id = ? LIMIT ?)');
    while (batch.run(this.id, DISCARD_BATCH).changes > 0);
  }

  private duplicateError(sobject: string): AppError {
    const dup = this.db
      .prepare('SELECT record_id AS id, COUNT(*) AS n FROM snapshot_staging WHERE snapshot_id = ? AND sobject = ? GROUP BY record_id HAVING COUNT(*) > 1 LIMIT 1')
      .get(this.id, sobject) as { id: string; n: number } | undefined;
    return new AppError(
      'org_error',
      `${sobject}: Salesforce sent the record ${dup?.id ?? '(unknown)'} ${dup?.n ?? 'several'} times in one collection, so its counts cannot be trusted; the collection stopped and nothing was stored.`,
    );
  }
}

/**
 * Deletes rows staged by collections that are no longer running: every org without a live
 * collection lock (its collector was killed, or the machine went down). Run when the back end
 * starts and before each collection of an org. Returns the number of rows removed.
 */
export function sweepStaging(db: Database.Database, onlyOrg?: string): number {
  const orgs = onlyOrg === undefined ? (db.prepare('SELECT DISTINCT org_alias FROM snapshot_staging').pluck().all() as string[]) : [onlyOrg];
  const lock = db.prepare('SELECT * FROM collection_lock WHERE org_alias = ?');
  const batch = db.prepare('DELETE FROM snapshot_staging WHERE rowid IN (SELECT rowid FROM snapshot_staging WHERE org_alias = ? LIMIT ?)');
  let removed = 0;
  for (const alias of orgs) {
    const holder = lock.get(alias) as LockRow | undefined;
    // Before an org's own collection the caller holds its lock: whatever is staged for it is stale.
    const stale = onlyOrg !== undefined || !holder || lockIsStale(holder, os.hostname());
    if (!stale) continue;
    let n: number;
    while ((n = batch.run(alias, DISCARD_BATCH).changes) > 0) removed += n;
  }
  return removed;
}
