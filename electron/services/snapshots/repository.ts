/**
 * Snapshot storage. A snapshot is written once, in one synchronous transaction that also
 * moves the org's current-snapshot pointer, and never changed afterwards (triggers refuse
 * updates). Readers: `listSnapshots`, `getSnapshotMeta`, `loadSnapshot` (the audit engine's
 * SnapshotData) and `iterateRecords` for large objects.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import type { SnapshotSummary } from '../../../shared/contract/snapshots';
import type { CoverageGap, ObjectStat, SfRecord, SnapshotData, SnapshotMeta } from '../../../shared/model';
import type { PreparedRecord } from './canonical';
import { snapshotLookup } from './lookup';

export interface NewSnapshot {
  meta: Omit<SnapshotMeta, 'id'>;
  records: Map<string, PreparedRecord[]>;
}

export function newSnapshotId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${crypto.randomBytes(4).toString('hex')}`;
}

export interface WriteOptions {
  /**
   * 'always' (a collection: the new snapshot becomes current and the org is marked 'ok') or
   * 'if-newer' (an import: current only when it finished later than the current one, and the
   * org's status is left alone, so an offline org stays offline).
   */
  makeCurrent?: 'always' | 'if-newer';
}

/**
 * Writes the snapshot and makes it the org's current one, atomically. Synchronous on
 * purpose: nothing may be awaited inside a better-sqlite3 transaction.
 */
export function writeSnapshot(db: Database.Database, snap: NewSnapshot, id = newSnapshotId(), options: WriteOptions = {}): string {
  const recordCount = [...snap.records.values()].reduce((n, r) => n + r.length, 0);
  const rows = (insert: (sobject: string, r: PreparedRecord) => void) => {
    for (const [sobject, records] of snap.records) for (const r of records) insert(sobject, r);
  };
  return writeSnapshotRows(db, snap.meta, recordCount, rows, id, options);
}

/**
 * writeSnapshot for rows that are streamed rather than held in memory (a snapshot file being
 * imported): `rows` is called inside the transaction and hands each record to `insert`;
 * anything it throws rolls it all back. The number of rows must equal recordCount.
 */
export function writeSnapshotRows(
  db: Database.Database,
  m: Omit<SnapshotMeta, 'id'>,
  recordCount: number,
  rows: (insert: (sobject: string, r: PreparedRecord) => void) => void,
  id = newSnapshotId(),
  options: WriteOptions = {},
): string {
  db.transaction(() => {
    const org = db.prepare('SELECT alias FROM org WHERE alias = ?').get(m.orgAlias);
    if (!org) throw new AppError('not_found', `The org "${m.orgAlias}" was removed during the collection; nothing was stored.`);
    insertSnapshotMeta(db, id, m, recordCount);
    const insRec = db.prepare('INSERT INTO snapshot_record (snapshot_id, sobject, record_id, parent_id, data) VALUES (?, ?, ?, ?, ?)');
    let written = 0;
    rows((sobject, r) => {
      insRec.run(id, sobject, r.id, r.parentId, r.json);
      written++;
    });
    if (written !== recordCount) throw new Error(`snapshot ${id}: ${written} records written, ${recordCount} expected`);
    makeCurrent(db, id, m, options.makeCurrent ?? 'always');
  })();
  return id;
}

/** The snapshot row, its objects and gaps (inside the caller's transaction). */
export function insertSnapshotMeta(db: Database.Database, id: string, m: Omit<SnapshotMeta, 'id'>, recordCount: number): void {
  db.prepare(
    `INSERT INTO snapshot (id, org_alias, org_id, org_name, instance_url, api_version, auditing_username, app_version, started_at, finished_at,
       api_calls, permission_scope, lookback_days, content_hash, record_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    m.orgAlias,
    m.orgId,
    m.orgName,
    m.instanceUrl,
    m.apiVersion,
    m.auditingUsername,
    m.appVersion,
    m.startedAt,
    m.finishedAt,
    m.apiCalls,
    m.permissionScope,
    m.lookbackDays,
    m.contentHash,
    recordCount,
  );
  const insObj = db.prepare('INSERT INTO snapshot_object (snapshot_id, sobject, count, total_size, soql, api, api_calls) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const o of m.objects) insObj.run(id, o.object, o.count, o.totalSize, o.soql, o.api, o.apiCalls);
  const insGap = db.prepare('INSERT INTO snapshot_gap (snapshot_id, sobject, error_code, message) VALUES (?, ?, ?, ?)');
  for (const g of m.gaps) insGap.run(id, g.object, g.errorCode, g.message);
}

/** Moves the org's current pointer to the new snapshot per WriteOptions.makeCurrent (inside the caller's transaction). */
export function makeCurrent(db: Database.Database, id: string, m: Pick<SnapshotMeta, 'orgAlias' | 'finishedAt'>, mode: NonNullable<WriteOptions['makeCurrent']>): void {
  if (mode === 'always') {
    db.prepare('UPDATE org SET current_snapshot_id = ?, status = ?, status_message = NULL, updated_at = ? WHERE alias = ?').run(id, 'ok', m.finishedAt, m.orgAlias);
    return;
  }
  const current = db.prepare('SELECT s.finished_at FROM org o JOIN snapshot s ON s.id = o.current_snapshot_id WHERE o.alias = ?').pluck().get(m.orgAlias) as string | undefined;
  // Compared as instants: ISO strings of different precision do not sort as text.
  if (current === undefined || instant(m.finishedAt) > instant(current)) {
    db.prepare('UPDATE org SET current_snapshot_id = ?, updated_at = ? WHERE alias = ?').run(id, new Date().toISOString(), m.orgAlias);
  }
}

interface SnapshotRow {
  id: string;
  org_alias: string;
  org_id: string;
  org_name: string;
  instance_url: string;
  api_version: string;
  auditing_username: string;
  app_version: string;
  started_at: string;
  finished_at: string;
  api_calls: number;
  permission_scope: 'integration' | 'full';
  lookback_days: number;
  content_hash: string;
  record_count: number;
  gap_count: number;
  is_current: number;
}

const SUMMARY_SQL = `SELECT s.*, (SELECT COUNT(*) FROM snapshot_gap g WHERE g.snapshot_id = s.id) AS gap_count,
  EXISTS (SELECT 1 FROM org o WHERE o.current_snapshot_id = s.id) AS is_current FROM snapshot s`;

function summary(r: SnapshotRow): SnapshotSummary {
  return {
    id: r.id,
    orgAlias: r.org_alias,
    orgId: r.org_id,
    orgName: r.org_name,
    instanceUrl: r.instance_url,
    apiVersion: r.api_version,
    auditingUsername: r.auditing_username,
    appVersion: r.app_version,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    apiCalls: r.api_calls,
    permissionScope: r.permission_scope,
    lookbackDays: r.lookback_days,
    contentHash: r.content_hash,
    recordCount: r.record_count,
    gapCount: r.gap_count,
    current: r.is_current === 1,
  };
}

/** An ISO time as an instant; an unreadable one sorts as the oldest. */
function instant(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
}

/**
 * Newest first by instant (then id). Imported snapshots may carry offsets and other
 * precisions, so `finished_at` never sorts as text.
 */
function newestFirst(a: { finished_at: string; id: string }, b: { finished_at: string; id: string }): number {
  return instant(b.finished_at) - instant(a.finished_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function listSnapshots(db: Database.Database, alias?: string): SnapshotSummary[] {
  const rows = alias ? (db.prepare(`${SUMMARY_SQL} WHERE s.org_alias = ?`).all(alias) as SnapshotRow[]) : (db.prepare(SUMMARY_SQL).all() as SnapshotRow[]);
  return rows.sort(newestFirst).map(summary);
}

/** The org's newest snapshot by instant, or null when it has none. */
export function newestSnapshotId(db: Database.Database, alias: string): string | null {
  const rows = db.prepare('SELECT id, finished_at FROM snapshot WHERE org_alias = ?').all(alias) as { id: string; finished_at: string }[];
  return rows.sort(newestFirst)[0]?.id ?? null;
}

export type StoredSnapshotMeta = SnapshotMeta & { recordCount: number; gapCount: number; current: boolean };

export function getSnapshotMeta(db: Database.Database, id: string): StoredSnapshotMeta | null {
  const row = db.prepare(`${SUMMARY_SQL} WHERE s.id = ?`).get(id) as SnapshotRow | undefined;
  if (!row) return null;
  const objects = (
    db.prepare('SELECT sobject, count, total_size, soql, api, api_calls FROM snapshot_object WHERE snapshot_id = ? ORDER BY sobject').all(id) as {
      sobject: string;
      count: number;
      total_size: number;
      soql: string;
      api: ObjectStat['api'];
      api_calls: number;
    }[]
  ).map((o): ObjectStat => ({ object: o.sobject, count: o.count, totalSize: o.total_size, soql: o.soql, api: o.api, apiCalls: o.api_calls }));
  const gaps = (
    db.prepare('SELECT sobject, error_code, message FROM snapshot_gap WHERE snapshot_id = ? ORDER BY sobject').all(id) as { sobject: string; error_code: string; message: string }[]
  ).map((g): CoverageGap => ({ object: g.sobject, errorCode: g.error_code, message: g.message }));
  return { ...summary(row), objects, gaps };
}

/** The org's current snapshot id, or null. */
export function currentSnapshotId(db: Database.Database, alias: string): string | null {
  const row = db.prepare('SELECT current_snapshot_id AS id FROM org WHERE alias = ?').get(alias) as { id: string | null } | undefined;
  return row?.id ?? null;
}

/**
 * A snapshot for the audit engine. Objects that could not be read are absent (see meta.gaps).
 * Each object's records are read from SQLite the first time the engine asks for them, so an
 * evaluation pays only for the objects it uses (the keys are all there from the start:
 * "was it collected?" needs no load). A snapshot is immutable, so reading later reads the same
 * rows; if it was deleted meanwhile the read says so instead of answering with nothing.
 */
export function loadSnapshot(db: Database.Database, id: string): SnapshotData {
  const meta = getSnapshotMeta(db, id);
  if (!meta) throw new AppError('not_found', `No snapshot with id ${id}.`);
  const records: Record<string, SfRecord[]> = {};
  const rows = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
  const settle = (object: string, value: SfRecord[]) => Object.defineProperty(records, object, { value, enumerable: true, configurable: true, writable: true });
  for (const o of meta.objects) {
    Object.defineProperty(records, o.object, {
      enumerable: true,
      configurable: true,
      get() {
        const list: SfRecord[] = [];
        const shared = sharedStrings();
        for (const data of rows.iterate(id, o.object) as Iterable<string>) list.push(shared(JSON.parse(data) as SfRecord));
        if (list.length !== o.count) throw new AppError('not_found', `Snapshot ${id} was deleted while it was open; open it again.`);
        settle(o.object, list);
        return list;
      },
      set(value: SfRecord[]) {
        settle(o.object, value);
      },
    });
  }
  const { recordCount: _rc, gapCount: _gc, current: _c, ...plain } = meta;
  return { meta: plain, records, lookup: snapshotLookup(db, id, new Map(meta.objects.map((o) => [o.object, o.count]))) };
}

/**
 * Makes equal field values one string. JSON.parse gives every value its own copy, and a large
 * org repeats most of them (a permission set's Id in each of its 80 field rows, the same
 * login type, platform and browser in 500,000 logins): sharing them roughly halves what a
 * loaded object holds. Record Ids are unique, so they are left alone.
 */
function sharedStrings(): (record: SfRecord) => SfRecord {
  const pool = new Map<string, string>();
  // Pooling a value no other row repeats costs a hash and a map entry for nothing (a user's
  // Name and Email: about half of the 180,000 User rows' load at 180k). A field whose first
  // SHARING_TRIAL values were mostly new is read as it comes from then on.
  const trials = new Map<string, { tried: number; shared: number }>();
  return (record) => {
    const r = record as Record<string, unknown>;
    for (const k in r) {
      const v = r[k];
      if (typeof v !== 'string' || k === 'Id' || v.length > 200) continue;
      let trial = trials.get(k);
      if (trial === undefined) trials.set(k, (trial = { tried: 0, shared: 0 }));
      else if (trial.tried >= SHARING_TRIAL && trial.shared * 8 < trial.tried) continue;
      trial.tried++;
      const same = pool.get(v);
      if (same === undefined) pool.set(v, v);
      else {
        r[k] = same;
        trial.shared++;
      }
    }
    return record;
  };
}

/** How many values of a field sharedStrings pools before judging whether they repeat. */
const SHARING_TRIAL = 2048;

/** Streams one object's records in Id order without loading the object whole. */
export function* iterateRecords(db: Database.Database, id: string, sobject: string): Generator<SfRecord> {
  const stmt = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
  for (const data of stmt.iterate(id, sobject) as Iterable<string>) yield JSON.parse(data) as SfRecord;
}

export function countSnapshots(db: Database.Database, alias: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM snapshot WHERE org_alias = ?').get(alias) as { n: number }).n;
}

/** Orgs other than `orgId` whose snapshots are stored under `alias`, with how many each. */
export function otherOrgsSnapshots(db: Database.Database, alias: string, orgId: string): { orgId: string; orgName: string; n: number }[] {
  return db.prepare('SELECT org_id AS orgId, MAX(org_name) AS orgName, COUNT(*) AS n FROM snapshot WHERE org_alias = ? AND org_id <> ? GROUP BY org_id').all(alias, orgId) as {
    orgId: string;
    orgName: string;
    n: number;
  }[];
}
