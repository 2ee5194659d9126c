/**
 * The local usage history (migration 006): event log files read once each, API events grouped
 * per file, write aggregates per day. Every write here is INSERT OR IGNORE keyed so that a
 * second pull on the same day adds nothing, and each file or object is its own transaction so
 * an interrupted pull resumes where it stopped.
 */
import type Database from 'better-sqlite3';
import { PARTIAL_COUNT, type UsageApiEvent, type UsageEvidence, type UsageWrite, type UsageWriteScan, type WriteKind } from '../../../shared/audit/usage';

export interface LogFileRow {
  logFileId: string;
  eventType: string;
  logDate: string;
  interval: string | null;
  sequence: number | null;
  length: number | null;
  rowCount: number;
  sha256: string;
}

/** One group of API events of a file, before it is stored (the file gives its source and day). */
export type ApiGroup = Omit<UsageApiEvent, 'logFileId' | 'eventType' | 'logDay'>;

export interface PullRow {
  orgAlias: string;
  orgId: string;
  startedAt: string;
  finishedAt: string;
  apiCalls: number;
  filesAdded: number;
  rowsAdded: number;
  gaps: { object: string; errorCode: string; message: string }[];
}

/** Event types (or Event Log Objects) the history holds a log for on a day, e.g. to skip a day already read. */
export function loggedDays(db: Database.Database, orgId: string, eventType: string): Set<string> {
  const rows = db.prepare('SELECT DISTINCT substr(log_date, 1, 10) AS d FROM usage_log_file WHERE org_id = ? AND event_type = ?').all(orgId, eventType) as { d: string }[];
  return new Set(rows.map((r) => r.d));
}

/** The pulls of an org since an instant (newest first): what they detected and could not see. */
export function pullsSince(db: Database.Database, orgId: string, sinceIso: string): PullRow[] {
  const rows = db.prepare('SELECT * FROM usage_pull WHERE org_id = ? AND started_at >= ? ORDER BY id DESC').all(orgId, sinceIso) as Record<string, unknown>[];
  return rows.map(pullRow);
}

export function knownLogFileIds(db: Database.Database, orgId: string): Set<string> {
  const rows = db.prepare('SELECT log_file_id AS id FROM usage_log_file WHERE org_id = ?').all(orgId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** One file and its groups, all or nothing. Answers false when the file was already stored. */
export function storeLogFile(db: Database.Database, orgId: string, file: LogFileRow, groups: ApiGroup[], fetchedAt: string): boolean {
  return db.transaction(() => {
    const r = db
      .prepare(
        'INSERT OR IGNORE INTO usage_log_file (org_id, log_file_id, event_type, log_date, interval, sequence, length, row_count, sha256, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(orgId, file.logFileId, file.eventType, file.logDate, file.interval, file.sequence, file.length, file.rowCount, file.sha256, fetchedAt);
    if (r.changes === 0) return false;
    const ins = db.prepare(
      'INSERT INTO usage_api (org_id, log_file_id, user_id, entity, http_method, api_family, connected_app_id, client_name, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const g of groups) ins.run(orgId, file.logFileId, g.userId, g.entity, g.httpMethod, g.apiFamily, g.connectedAppId, g.clientName, g.count, g.firstAt, g.lastAt);
    return true;
  })();
}

/** Objects whose write aggregation already succeeded on that day (the next pull skips them). */
export function scannedToday(db: Database.Database, orgId: string, observedOn: string): Set<string> {
  const rows = db.prepare("SELECT sobject FROM usage_write_scan WHERE org_id = ? AND observed_on = ? AND status = 'ok'").all(orgId, observedOn) as { sobject: string }[];
  return new Set(rows.map((r) => r.sobject));
}

export function storeWriteScan(
  db: Database.Database,
  orgId: string,
  scan: Omit<UsageWriteScan, 'observedOn'> & { observedOn: string },
  counts: { userId: string; kind: WriteKind; count: number; lastAt: string | null }[],
): void {
  db.transaction(() => {
    // A skipped or failed scan may be retried the same day; a successful one is final for the day.
    const prior = db.prepare('SELECT status FROM usage_write_scan WHERE org_id = ? AND observed_on = ? AND sobject = ?').get(orgId, scan.observedOn, scan.sobject) as
      { status: string } | undefined;
    if (prior?.status === 'ok') return;
    db.prepare('INSERT OR REPLACE INTO usage_write_scan (org_id, observed_on, sobject, window_start, status, message) VALUES (?, ?, ?, ?, ?, ?)').run(
      orgId,
      scan.observedOn,
      scan.sobject,
      scan.windowStart,
      scan.status,
      scan.message,
    );
    const ins = db.prepare('INSERT OR IGNORE INTO usage_write (org_id, observed_on, sobject, user_id, kind, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const c of counts) ins.run(orgId, scan.observedOn, scan.sobject, c.userId, c.kind, c.count, c.lastAt);
  })();
}

export function recordPull(db: Database.Database, p: PullRow): void {
  db.prepare('INSERT INTO usage_pull (org_alias, org_id, started_at, finished_at, api_calls, files_added, rows_added, gaps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    p.orgAlias,
    p.orgId,
    p.startedAt,
    p.finishedAt,
    p.apiCalls,
    p.filesAdded,
    p.rowsAdded,
    JSON.stringify(p.gaps),
  );
}

export function lastPull(db: Database.Database, orgId: string): PullRow | null {
  const r = db.prepare('SELECT * FROM usage_pull WHERE org_id = ? ORDER BY id DESC LIMIT 1').get(orgId) as Record<string, unknown> | undefined;
  return r ? pullRow(r) : null;
}

function pullRow(r: Record<string, unknown>): PullRow {
  return {
    orgAlias: String(r.org_alias),
    orgId: String(r.org_id),
    startedAt: String(r.started_at),
    finishedAt: String(r.finished_at),
    apiCalls: Number(r.api_calls),
    filesAdded: Number(r.files_added),
    rowsAdded: Number(r.rows_added),
    gaps: JSON.parse(String(r.gaps)) as PullRow['gaps'],
  };
}

export function historyCounts(db: Database.Database, orgId: string): { logFiles: number; apiRows: number; writeRows: number; scans: number } {
  const one = (sql: string) => (db.prepare(sql).get(orgId) as { n: number }).n;
  return {
    logFiles: one('SELECT COUNT(*) AS n FROM usage_log_file WHERE org_id = ?'),
    apiRows: one('SELECT COUNT(*) AS n FROM usage_api WHERE org_id = ?'),
    writeRows: one('SELECT COUNT(*) AS n FROM usage_write WHERE org_id = ?'),
    scans: one('SELECT COUNT(*) AS n FROM usage_write_scan WHERE org_id = ?'),
  };
}

/**
 * What the history holds for a window: the latest day's write counts per object, API events of
 * the window's days. Only log files fetched by the window's end count: a file about the window's
 * last day fetched later (they appear a day late) belongs to a later window, so a window read
 * again (a signed-off review) gives the same evidence.
 */
export function loadEvidence(db: Database.Database, orgId: string, windowStart: string, windowEnd: string): UsageEvidence {
  const startDay = windowStart.slice(0, 10);
  const endDay = windowEnd.slice(0, 10);
  const scanRows = db
    .prepare(
      'SELECT sobject, observed_on, window_start, status, message FROM usage_write_scan WHERE org_id = ? AND observed_on >= ? AND observed_on <= ? ORDER BY sobject, observed_on',
    )
    .all(orgId, startDay, endDay) as { sobject: string; observed_on: string; window_start: string; status: UsageWriteScan['status']; message: string }[];
  // Per object: the latest successful count, else the latest attempt (which says why it is missing).
  const bySobject = new Map<string, UsageWriteScan>();
  for (const r of scanRows) {
    const prior = bySobject.get(r.sobject);
    if (prior?.status === 'ok' && r.status !== 'ok') continue;
    bySobject.set(r.sobject, {
      sobject: r.sobject,
      observedOn: r.observed_on,
      windowStart: r.window_start,
      status: r.status,
      message: r.message,
      partial: r.status === 'ok' && r.message.startsWith(PARTIAL_COUNT),
    });
  }
  const scans = [...bySobject.values()];
  const writes: UsageWrite[] = [];
  const w = db.prepare('SELECT user_id, kind, count, last_at FROM usage_write WHERE org_id = ? AND observed_on = ? AND sobject = ? ORDER BY user_id, kind');
  for (const s of scans) {
    if (s.status !== 'ok') continue;
    for (const r of w.all(orgId, s.observedOn, s.sobject) as { user_id: string; kind: WriteKind; count: number; last_at: string | null }[]) {
      writes.push({ sobject: s.sobject, userId: r.user_id, kind: r.kind, count: r.count, lastAt: r.last_at, observedOn: s.observedOn });
    }
  }
  const api = (
    db
      .prepare(
        `SELECT a.log_file_id, f.event_type, substr(f.log_date, 1, 10) AS log_day, a.user_id, a.entity, a.http_method, a.api_family, a.connected_app_id, a.client_name, a.count, a.first_at, a.last_at
         FROM usage_api a JOIN usage_log_file f ON f.org_id = a.org_id AND f.log_file_id = a.log_file_id
         WHERE a.org_id = ? AND substr(f.log_date, 1, 10) >= ? AND substr(f.log_date, 1, 10) <= ? AND f.fetched_at <= ?
         ORDER BY a.log_file_id, a.user_id, a.entity, a.http_method, a.api_family, a.connected_app_id, a.client_name`,
      )
      .all(orgId, startDay, endDay, windowEnd) as Record<string, string | number>[]
  ).map((r) => ({
    logFileId: String(r.log_file_id),
    eventType: String(r.event_type),
    logDay: String(r.log_day),
    userId: String(r.user_id),
    entity: String(r.entity),
    httpMethod: String(r.http_method),
    apiFamily: String(r.api_family),
    connectedAppId: String(r.connected_app_id),
    clientName: String(r.client_name),
    count: Number(r.count),
    firstAt: String(r.first_at),
    lastAt: String(r.last_at),
  }));
  const apiDays = (
    db
      .prepare(
        'SELECT DISTINCT substr(log_date, 1, 10) AS d FROM usage_log_file WHERE org_id = ? AND substr(log_date, 1, 10) >= ? AND substr(log_date, 1, 10) <= ? AND fetched_at <= ? ORDER BY d',
      )
      .all(orgId, startDay, endDay, windowEnd) as { d: string }[]
  ).map((r) => r.d);
  const sourceDays = db
    .prepare(
      'SELECT DISTINCT event_type AS eventType, substr(log_date, 1, 10) AS day FROM usage_log_file WHERE org_id = ? AND substr(log_date, 1, 10) >= ? AND substr(log_date, 1, 10) <= ? ORDER BY event_type, day',
    )
    .all(orgId, startDay, endDay) as { eventType: string; day: string }[];
  return { windowStart, windowEnd, writes, scans, api, apiDays, sourceDays };
}
