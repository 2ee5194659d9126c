/**
 * `usage.pull`: reads usage evidence from an org into the local usage history (docs/usage.md).
 * Read-only: SOQL queries and GETs of event log file content, nothing else.
 *
 * 1. API events: `EventLogFile` rows with EventType 'ApiTotalUsage' (free, retained about a
 *    day), each new file's CSV from `/sobjects/EventLogFile/{Id}/LogFile`, grouped per user,
 *    object, method, family and app. A file already in the history is never fetched again.
 *    Sources: Object Reference "EventLogFile"; "EventLogFile Supported Event Types" (API Total
 *    Usage is available at no additional cost); REST API guide "Use Event Log Files".
 * 2. Writes: per object the scoped users may create or edit, two aggregate queries
 *    (`SELECT CreatedById, COUNT(Id), MAX(CreatedDate) … GROUP BY CreatedById` and the same for
 *    LastModifiedById) over the window. An object counted once today is not counted again today.
 *
 * Budget: every call is checked against the daily allocation minus the reserve (as the
 * collector does); what does not fit is recorded as a gap, never silently dropped.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract';
import type { UsagePullResult } from '../../../shared/contract/usage';
import { createAccessEngine } from '../../../shared/audit/access';
import { resolveSettings } from '../../../shared/audit/settings';
import { buildIndex } from '../../../shared/audit/snapshot-index';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { WriteKind } from '../../../shared/audit/usage';
import { requireDb, type ServiceContext } from '../context';
import type { OrgDeps } from '../orgs/deps';
import { openOrgSession, requireOrg } from '../orgs/service';
import { DEFAULT_RETRY, SfClient } from '../salesforce/client';
import { parseCsv } from '../salesforce/csv';
import { SfApiError, objectFailure } from '../salesforce/errors';
import { currentSnapshotId, getSnapshotMeta, iterateRecords } from '../snapshots/repository';
import { ACCESS_OBJECTS } from '../../../shared/audit/catalog';
import type { SfRecord, SnapshotData } from '../../../shared/model';
import { knownLogFileIds, recordPull, scannedToday, storeLogFile, storeWriteScan, type ApiGroup } from './repository';

export interface PullRequest {
  alias: string;
  /** Days of writes to count (default: the audit look-back, 180). */
  windowDays?: number;
  /** Share of the daily API limit to leave untouched (default 20). */
  reservePercent?: number;
  now?: () => Date;
}

/** Event types read: the free one. Event Monitoring's API/RestApi/BulkApi files are not read yet (docs/usage.md). */
const EVENT_TYPES = ['ApiTotalUsage'];
/** User Ids per aggregate query: keeps the URL far below the 16 KB limit (salesforce-facts §10). */
const USERS_PER_QUERY = 100;

interface Page {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

type Gap = UsagePullResult['gaps'][number];

function soqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Writes an ISO instant the way SOQL wants a datetime literal (no quotes, Z). */
function soqlDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The scoped users and, per object, those who may write it (from the current snapshot's effective access). */
export function writeTargets(snapshot: SnapshotData, scope: ScopeFile): Map<string, Set<string>> {
  const index = buildIndex(snapshot);
  const engine = createAccessEngine(index, snapshot.meta.finishedAt);
  const targets = new Map<string, Set<string>>();
  const add = (object: string, userId: string) => {
    if (!OBJECT_NAME.test(object)) return;
    let set = targets.get(object);
    if (!set) targets.set(object, (set = new Set()));
    set.add(userId);
  };
  for (const system of scope.systems) {
    for (const username of system.users) {
      const user = index.userByUsername.get(username.toLowerCase());
      if (!user) continue;
      for (const [object, perms] of Object.entries(engine.objectAccess(user.Id) ?? {})) {
        if (perms.Create?.length || perms.Edit?.length || perms.Delete?.length) add(object, user.Id);
      }
      for (const [object, levels] of Object.entries(system.objects)) if (levels.some((l) => l !== 'read' && l !== 'viewAll')) add(object, user.Id);
    }
  }
  return targets;
}

export async function pullUsage(ctx: ServiceContext, deps: OrgDeps, req: PullRequest, scope: ScopeFile): Promise<UsagePullResult> {
  const db = requireDb(ctx);
  const org = requireOrg(ctx, req.alias);
  const now = req.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const observedOn = startedAt.slice(0, 10);
  const reservePercent = req.reservePercent ?? 20;
  const windowDays = req.windowDays ?? resolveSettings({}).lookbackDays;
  const windowStartMs = Date.parse(startedAt) - windowDays * 86_400_000;
  const snapshotId = currentSnapshotId(db, org.alias);
  if (!snapshotId)
    throw new AppError('not_found', `Org "${org.alias}" has no snapshot yet: collect one first (iua collect ${org.alias}), so the pull knows which users and objects to count.`);
  const snapshot = loadAccessSnapshot(db, snapshotId);
  const orgId = snapshot.meta.orgId;

  const run = deps.collections.begin(db, org.alias);
  const gaps: Gap[] = [];
  let filesAdded = 0;
  let rowsAdded = 0;
  let writesCounted = 0;
  const session = await openOrgSession(ctx, deps, org).catch((e) => {
    run.end();
    throw e;
  });
  const client = new SfClient(session, { ...DEFAULT_RETRY, ...deps.tuning.retry }, run.signal);
  const ceiling = () => (client.usage && client.usage.limit > 0 ? Math.floor(client.usage.limit * (1 - reservePercent / 100)) : Infinity);
  /** Whether `calls` more requests fit under the ceiling (unknown before the first answer: yes). */
  const fits = (calls: number) => !client.usage || client.usage.used + calls <= ceiling();
  const query = async (soql: string): Promise<Record<string, unknown>[]> => {
    let page = await client.get<Page>(client.dataPath(`/query?q=${encodeURIComponent(soql)}`));
    const out = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      if (!fits(1)) throw new SfApiError(0, 'BUDGET', 'the rest of this result would go over the API budget');
      page = await client.get<Page>(page.nextRecordsUrl);
      out.push(...page.records);
    }
    return out;
  };

  try {
    // 1. Event log files.
    const known = knownLogFileIds(db, orgId);
    let files: Record<string, unknown>[] = [];
    try {
      files = await query(
        `SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength FROM EventLogFile WHERE EventType IN (${EVENT_TYPES.map(soqlString).join(', ')}) ORDER BY LogDate, Sequence`,
      );
    } catch (err) {
      const failed = objectFailure(err);
      if (!failed) throw err;
      gaps.push({
        object: 'EventLogFile',
        errorCode: failed.errorCode,
        message: `event log files could not be read (${failed.message}); the auditing user needs View Event Log Files and API Enabled. API calls per object are missing from the evidence.`,
      });
    }
    for (const f of files) {
      const id = String(f.Id);
      if (known.has(id)) continue;
      if (!fits(1)) {
        gaps.push({
          object: `EventLogFile ${id}`,
          errorCode: 'BUDGET',
          message: `not downloaded: the API budget (reserve ${reservePercent}%) is spent. Pull again later today; the file is kept about a day.`,
        });
        continue;
      }
      let csv: string;
      try {
        csv = await client.get<string>(client.dataPath(`/sobjects/EventLogFile/${encodeURIComponent(id)}/LogFile`), { as: 'text' });
      } catch (err) {
        const failed = objectFailure(err);
        if (!failed) throw err;
        gaps.push({ object: `EventLogFile ${id}`, errorCode: failed.errorCode, message: `the log file could not be downloaded: ${failed.message}` });
        continue;
      }
      const { groups, rows } = groupEvents(csv);
      const stored = storeLogFile(
        db,
        orgId,
        {
          logFileId: id,
          eventType: String(f.EventType),
          logDate: String(f.LogDate),
          interval: f.Interval == null ? null : String(f.Interval),
          sequence: f.Sequence == null ? null : Number(f.Sequence),
          length: f.LogFileLength == null ? null : Number(f.LogFileLength),
          rowCount: rows,
          sha256: crypto.createHash('sha256').update(csv).digest('hex'),
        },
        groups,
        now().toISOString(),
      );
      if (stored) {
        filesAdded++;
        rowsAdded += rows;
      }
    }

    // 2. Write aggregates.
    const targets = writeTargets(snapshot, scope);
    const done = scannedToday(db, orgId, observedOn);
    const windowStart = new Date(windowStartMs).toISOString();
    for (const [object, users] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (done.has(object)) continue;
      const chunks: string[][] = [];
      const ids = [...users].sort();
      for (let i = 0; i < ids.length; i += USERS_PER_QUERY) chunks.push(ids.slice(i, i + USERS_PER_QUERY));
      if (!fits(chunks.length * 2)) {
        const message = `write counts skipped: the API budget (reserve ${reservePercent}%) is spent`;
        storeWriteScan(db, orgId, { sobject: object, observedOn, windowStart, status: 'skipped', message }, []);
        gaps.push({ object, errorCode: 'BUDGET', message });
        continue;
      }
      try {
        const counts: { userId: string; kind: WriteKind; count: number; lastAt: string | null }[] = [];
        for (const [kind, by, at] of [
          ['created', 'CreatedById', 'CreatedDate'],
          ['modified', 'LastModifiedById', 'LastModifiedDate'],
        ] as const) {
          for (const chunk of chunks) {
            const rows = await query(
              `SELECT ${by}, COUNT(Id), MAX(${at}) FROM ${object} WHERE ${at} >= ${soqlDateTime(windowStartMs)} AND ${by} IN (${chunk.map(soqlString).join(', ')}) GROUP BY ${by}`,
            );
            for (const r of rows) counts.push({ userId: String(r[by]), kind, count: Number(r.expr0 ?? 0), lastAt: r.expr1 == null ? null : String(r.expr1) });
          }
        }
        storeWriteScan(db, orgId, { sobject: object, observedOn, windowStart, status: 'ok', message: '' }, counts);
        writesCounted++;
      } catch (err) {
        // Our own budget stop and any one-object failure become a gap; auth, the API limit and bugs stop the pull.
        const failed = err instanceof SfApiError && err.errorCode === 'BUDGET' ? err : objectFailure(err);
        if (!failed) throw err;
        const message = `write counts failed (${failed.errorCode}: ${failed.message})`;
        storeWriteScan(db, orgId, { sobject: object, observedOn, windowStart, status: 'error', message }, []);
        gaps.push({ object, errorCode: failed.errorCode, message });
      }
    }
  } finally {
    await session.flush().catch(() => undefined);
    run.end();
  }
  const finishedAt = now().toISOString();
  recordPull(db, { orgAlias: org.alias, orgId, startedAt, finishedAt, apiCalls: client.apiCalls, filesAdded, rowsAdded, gaps });
  ctx.events.emit('data.changed', { orgAlias: org.alias, what: 'usage' });
  return { orgAlias: org.alias, orgId, apiCalls: client.apiCalls, filesAdded, rowsAdded, objectsCounted: writesCounted, windowStart: new Date(windowStartMs).toISOString(), gaps };
}

/** Objects object access is computed from: planning the pull needs nothing else (logins and field permissions are most of a large snapshot). */
const PLANNING_OBJECTS = [...new Set([...ACCESS_OBJECTS, 'PermissionSetGroup', 'ObjectPermissions'])];

export function loadAccessSnapshot(db: Parameters<typeof getSnapshotMeta>[0], id: string): SnapshotData {
  const meta = getSnapshotMeta(db, id);
  if (!meta) throw new AppError('not_found', `No snapshot with id ${id}.`);
  const { recordCount: _rc, gapCount: _gc, current: _c, ...plain } = meta;
  const records: Record<string, SfRecord[]> = {};
  for (const o of PLANNING_OBJECTS) records[o] = [...iterateRecords(db, id, o)];
  return { meta: plain, records };
}

/** ApiTotalUsage CSV → groups per (user, object, method, family, app, client). Rows without a user are dropped. */
export function groupEvents(csv: string): { groups: ApiGroup[]; rows: number } {
  const table = parseCsv(csv);
  const header = table[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  const [user, entity, method, family, app, client, ts, tsd] = [
    'USER_ID',
    'ENTITY_NAME',
    'HTTP_METHOD',
    'API_FAMILY',
    'CONNECTED_APP_ID',
    'CLIENT_NAME',
    'TIMESTAMP',
    'TIMESTAMP_DERIVED',
  ].map(col);
  if (user < 0 || entity < 0)
    throw new AppError('validation', 'The event log file has no USER_ID or ENTITY_NAME column; its schema changed (check LogFileFieldNames). Nothing of it was stored.');
  const groups = new Map<string, ApiGroup>();
  let rows = 0;
  for (let i = 1; i < table.length; i++) {
    const r = table[i];
    if (r.length === 1 && r[0] === '') continue;
    rows++;
    const u = r[user] ?? '';
    if (!u) continue;
    const at = tsd >= 0 && r[tsd] ? r[tsd] : ts >= 0 ? fromLogTimestamp(r[ts] ?? '') : '';
    const g: ApiGroup = {
      userId: u,
      entity: r[entity] ?? '',
      httpMethod: method >= 0 ? (r[method] ?? '') : '',
      apiFamily: family >= 0 ? (r[family] ?? '') : '',
      connectedAppId: app >= 0 ? (r[app] ?? '') : '',
      clientName: client >= 0 ? (r[client] ?? '') : '',
      count: 0,
      firstAt: at,
      lastAt: at,
    };
    const key = JSON.stringify([g.userId, g.entity, g.httpMethod, g.apiFamily, g.connectedAppId, g.clientName]);
    const prior = groups.get(key);
    if (!prior) {
      g.count = 1;
      groups.set(key, g);
    } else {
      prior.count++;
      if (at && (!prior.firstAt || at < prior.firstAt)) prior.firstAt = at;
      if (at && at > prior.lastAt) prior.lastAt = at;
    }
  }
  return { groups: [...groups.values()], rows };
}

/** Event log TIMESTAMP is `yyyyMMddHHmmss.SSS` in UTC. */
function fromLogTimestamp(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '0').padEnd(3, '0')}Z` : '';
}
