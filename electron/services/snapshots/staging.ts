/**
 * A snapshot being collected, in bounded memory. Each page of records is turned into its
 * canonical JSON and appended to a TEMP table of its object (small transactions), so memory
 * does not grow with the org. `commit` then makes the snapshot in one local transaction:
 * copies the rows into `snapshot_record` in Id order, hashes them in canonical order as they
 * stand there, writes the snapshot row and moves the org's current pointer. Until that commit
 * no reader can see any of it; `discard` (a failed or cancelled collection) drops the tables.
 *
 * Why TEMP tables (SQLite's per-connection temporary database) and not a table of the main
 * database: staged rows need no durability (a collection that does not finish keeps nothing),
 * and in the main database every row was written twice more (the WAL, then the checkpoint into
 * the file) and indexed, then deleted again — the largest part of what a collection cost beyond
 * the network (docs/benchmarks.md). The temporary database lives in a file SQLite creates
 * private (0600) and unlinks at once, so it is never visible to another connection or process,
 * takes no lock on the main database, and leaves nothing behind when the process is killed.
 * That file holds org data, so it lives beside the data (`stagingFolder`), never in the system's
 * temp folder: an auditor who keeps the data folder on an encrypted volume keeps staged records
 * there too. One table per object, keyed by Id (WITHOUT ROWID): the commit copies it in Id
 * order without sorting it (a third of the copy's time), and a record Salesforce sends twice is
 * refused as it is staged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import type { SfRecord, SfValue, SnapshotMeta } from '../../../shared/model';
import { canonicalRecordSerializer } from './canonical';
import { lockIsStale, type LockRow } from '../orgs/lock';
import { hashCanonical } from './canonical';
import { insertSnapshotMeta, makeCurrent, newSnapshotId } from './repository';

/** Rows buffered before one insert transaction: few transactions, a few MB of buffer. */
const FLUSH_ROWS = 5_000;
/** Rows deleted per transaction when staging rows of an earlier version are swept, so other writers are not held up. */
const DISCARD_BATCH = 50_000;

/** Temp table names are unique per process: several collections (of different orgs) may share one connection. */
let tableSequence = 0;

interface StagedObject {
  /** `temp."staging_<n>"`. */
  table: string;
  insert: Database.Statement;
  count: number;
}

export class SnapshotStaging {
  readonly id: string;
  /** Where the temp database's file goes (null: an in-memory database, whose temp data stays in memory too). */
  private readonly folder: string | null;
  private buffer: { sobject: string; id: string; parentId: string | null; json: string }[] = [];
  private readonly objects = new Map<string, StagedObject>();

  constructor(
    private readonly db: Database.Database,
    readonly orgAlias: string,
    id = newSnapshotId(),
  ) {
    this.id = id;
    this.folder = stagingFolder(db);
  }

  /** Appends one page of an object's records (all read with the same fields). */
  append(sobject: string, records: readonly SfRecord[], parentField: string | undefined): void {
    if (records.length === 0) return;
    const json = canonicalRecordSerializer(Object.keys(records[0]));
    for (const r of records) {
      const parent: SfValue | undefined = parentField ? r[parentField] : null;
      this.buffer.push({ sobject, id: r.Id, parentId: typeof parent === 'string' ? parent : null, json: json(r) });
    }
    this.staged(sobject).count += records.length;
    if (this.buffer.length >= FLUSH_ROWS) this.flush();
  }

  /** Rows staged so far for an object. */
  count(sobject: string): number {
    return this.objects.get(sobject)?.count ?? 0;
  }

  /** Forgets an object's rows (it became a coverage gap part-way through). */
  drop(sobject: string): void {
    this.flush();
    const o = this.objects.get(sobject);
    if (!o) return;
    this.objects.delete(sobject);
    this.db.exec(`DROP TABLE IF EXISTS ${o.table}`);
  }

  /** An object's staged records, read back one at a time (the collection plans later queries from them). */
  *records(sobject: string): Generator<SfRecord> {
    this.flush();
    const o = this.objects.get(sobject);
    if (!o) return;
    const rows = this.db.prepare(`SELECT data FROM ${o.table}`).pluck();
    for (const data of rows.iterate() as Iterable<string>) yield JSON.parse(data) as SfRecord;
  }

  /** The distinct text values of one field across an object's staged rows (read by SQLite from the JSON, not parsed here). */
  *distinctText(sobject: string, field: string): Generator<string> {
    this.flush();
    const o = this.objects.get(sobject);
    if (!o) return;
    const values = this.db.prepare(`SELECT DISTINCT data ->> ? FROM ${o.table}`).pluck();
    for (const v of values.iterate(`$.${JSON.stringify(field)}`) as Iterable<unknown>) if (typeof v === 'string') yield v;
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    const seen: { twice?: { sobject: string; id: string } } = {};
    try {
      // Only the temp database is written: the main database is not locked, and nothing is synced.
      inTempDatabase(this.folder, () =>
        this.db.transaction(() => {
          for (const r of rows) {
            try {
              this.objects.get(r.sobject)!.insert.run(r.id, r.parentId, r.json);
            } catch (err) {
              if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') seen.twice = { sobject: r.sobject, id: r.id };
              throw err;
            }
          }
        })(),
      );
    } catch (err) {
      if (seen.twice) throw this.duplicateError(seen.twice.sobject, seen.twice.id, rows);
      throw err;
    }
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
      for (const o of meta.objects) {
        const staged = this.objects.get(o.object);
        if (!staged) continue; // nothing staged: counted 0 above
        // In the staged table's key order: appended to snapshot_record's primary key, no sort.
        this.db
          .prepare(
            `INSERT INTO snapshot_record (snapshot_id, sobject, record_id, parent_id, data)
             SELECT ?, ?, record_id, parent_id, data FROM ${staged.table} ORDER BY record_id`,
          )
          .run(this.id, o.object);
      }
      const rows = this.db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
      contentHash = hashCanonical(meta.objects, (object) => rows.iterate(this.id, object) as Iterable<string>);
      insertSnapshotMeta(this.db, this.id, { ...meta, contentHash }, recordCount);
      makeCurrent(this.db, this.id, meta, 'always');
    })();
    // The snapshot is made; its staged copy is dropped.
    this.discard();
    return contentHash;
  }

  /** Drops every staged table (a failed or cancelled collection, or after the commit). Never throws: a failure to clean up must not hide the failure that caused it. */
  discard(): void {
    this.buffer = [];
    for (const [sobject, o] of this.objects) {
      this.objects.delete(sobject);
      try {
        this.db.exec(`DROP TABLE IF EXISTS ${o.table}`);
      } catch {
        // The connection is closing or busy: its temp database goes with it.
      }
    }
  }

  /** The object's temp table, created on its first page. */
  private staged(sobject: string): StagedObject {
    let o = this.objects.get(sobject);
    if (!o) {
      const table = `temp."staging_${++tableSequence}"`;
      inTempDatabase(this.folder, () => this.db.exec(`CREATE TABLE ${table} (record_id TEXT NOT NULL PRIMARY KEY, parent_id TEXT, data TEXT NOT NULL) WITHOUT ROWID`));
      o = { table, insert: this.db.prepare(`INSERT INTO ${table} (record_id, parent_id, data) VALUES (?, ?, ?)`), count: 0 };
      this.objects.set(sobject, o);
    }
    return o;
  }

  /** A record sent twice: the batch that repeated it was not staged, and the collection stops. */
  private duplicateError(sobject: string, id: string, batch: readonly { sobject: string; id: string }[]): AppError {
    const table = this.objects.get(sobject)!.table;
    const times =
      (this.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE record_id = ?`).pluck().get(id) as number) + batch.filter((r) => r.sobject === sobject && r.id === id).length;
    return new AppError(
      'org_error',
      `${sobject}: Salesforce sent the record ${id} ${times} times in one collection, so its counts cannot be trusted; the collection stopped and nothing was stored.`,
    );
  }
}

/**
 * The private folder beside the database (`staging/`, 0700) where SQLite keeps temp files,
 * set with `PRAGMA temp_store_directory` before the first staged table. Without it SQLite uses
 * SQLITE_TMPDIR, TMPDIR or /var/tmp (os_unix.c, unixTempFileDir): org data outside the data
 * folder the auditor chose. The pragma is per process and not thread-safe; the backend runs
 * SQLite on one thread, with one data folder per process (tests that open several set it
 * again at each collection).
 */
export function stagingFolder(db: Database.Database): string | null {
  if (db.memory) return null;
  const folder = path.join(path.dirname(db.name), 'staging');
  // Made private when the app creates it (the umask may loosen the mode); a folder already there
  // is left as it is, and the files SQLite puts in it are 0600 and unlinked at once anyway.
  if (fs.mkdirSync(folder, { recursive: true, mode: 0o700 }) !== undefined) fs.chmodSync(folder, 0o700);
  db.pragma(`temp_store_directory = '${folder.replace(/'/g, "''")}'`);
  return folder;
}

/** Runs a write of the temp database; a full disk there is said in words. */
function inTempDatabase<T>(folder: string | null, write: () => T): T {
  try {
    return write();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'SQLITE_FULL' && code !== 'SQLITE_IOERR_WRITE') throw err;
    throw new AppError(
      'disk_full',
      `The disk holding the folder ${folder ?? '(memory)'} is full (${String(code)}), where the collection keeps its records until it stores them; nothing was stored and the previous snapshot stays current. Free some space there and collect again.`,
    );
  }
}

/**
 * Deletes rows that earlier versions staged in the main database's `snapshot_staging`
 * (migration 007; collections now stage in TEMP tables, which a killed process cannot leave
 * behind) for collections that are no longer running: every org without a live collection
 * lock. Run when the back end starts. Returns the number of rows removed.
 */
export function sweepStaging(db: Database.Database): number {
  const orgs = db.prepare('SELECT DISTINCT org_alias FROM snapshot_staging').pluck().all() as string[];
  const lock = db.prepare('SELECT * FROM collection_lock WHERE org_alias = ?');
  const batch = db.prepare('DELETE FROM snapshot_staging WHERE rowid IN (SELECT rowid FROM snapshot_staging WHERE org_alias = ? LIMIT ?)');
  let removed = 0;
  for (const alias of orgs) {
    const holder = lock.get(alias) as LockRow | undefined;
    if (holder && !lockIsStale(holder, os.hostname())) continue;
    let n: number;
    while ((n = batch.run(alias, DISCARD_BATCH).changes) > 0) removed += n;
  }
  return removed;
}
