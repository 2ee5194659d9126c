/**
 * `usage.pull`: reads usage evidence from an org into the local usage history (docs/usage.md).
 * Read-only: SOQL queries and GETs of event log file content, nothing else.
 *
 * 1. API events: daily `EventLogFile` rows of the types in event-logs.ts (the free
 *    'ApiTotalUsage', and with Event Monitoring 'API', 'RestApi', 'BulkApi', 'BulkApi2'), each
 *    new file's CSV from `/sobjects/EventLogFile/{Id}/LogFile`, grouped per user, object,
 *    method, family and app. A file already in the history is never fetched again.
 *    Which types the org lists files for is the detection: nothing is asked of the user.
 *    Without Event Monitoring files, the Event Log Objects (API 61.0+) are looked for in the
 *    global describe once a day, and RestApiEventLog, BulkApiEventLog and BulkApi2EventLog are
 *    read one complete UTC day per query.
 *    What was not available is recorded with the pull (errorCode NOT_AVAILABLE).
 *    Sources: Object Reference "EventLogFile"; "EventLogFile Supported Event Types" (API Total
 *    Usage is available at no additional cost); REST API guide "Using Event Monitoring".
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
import { createAccessEngine, type AccessEngine } from '../../../shared/audit/access';
import { resolveSettings } from '../../../shared/audit/settings';
import { buildIndex } from '../../../shared/audit/snapshot-index';
import type { ScopeFile } from '../../../shared/audit/scope';
import { PARTIAL_COUNT, type WriteKind } from '../../../shared/audit/usage';
import { requireDb, type ServiceContext } from '../context';
import type { OrgDeps } from '../orgs/deps';
import { openOrgSession, requireOrg } from '../orgs/service';
import { DEFAULT_RETRY, SfClient } from '../salesforce/client';
import { SfApiError, objectFailure } from '../salesforce/errors';
import { currentSnapshotId, getSnapshotMeta, iterateRecords } from '../snapshots/repository';
import { ACCESS_OBJECTS } from '../../../shared/audit/catalog';
import type { SfRecord, SnapshotData } from '../../../shared/model';
import { countingVisibility } from './counting-visibility';
import { knownLogFileIds, loggedDays, pullsSince, recordPull, scannedToday, storeLogFile, storeWriteScan } from './repository';
import {
  EVENT_LOG_OBJECT_DAYS,
  EVENT_LOG_OBJECTS,
  EVENT_MONITORING_TYPES,
  LOG_FILE_TYPES,
  READ_EVENT_LOG_OBJECTS,
  eventLogObjectQuery,
  groupEventLogObject,
  groupLogFile,
  type EventLogObjectDef,
  type GroupedLog,
} from './event-logs';

export interface PullRequest {
  alias: string;
  /** Days of writes to count (default: the audit look-back, 180). */
  windowDays?: number;
  /** Share of the daily API limit to leave untouched (default 20). */
  reservePercent?: number;
  now?: () => Date;
}

const ELO_NOTE = 'Event Log Objects';
const EM_NOTE = 'Event Monitoring log files';
/** Errors that mean EventLogFile itself cannot be read (no permission, no object): asking again for fewer types cannot help. */
const NOT_READABLE = new Set(['INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INVALID_TYPE', 'API_DISABLED_FOR_ORG']);
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
export function writeTargets(
  snapshot: SnapshotData,
  scope: ScopeFile,
  engine: AccessEngine = createAccessEngine(buildIndex(snapshot), snapshot.meta.finishedAt),
): Map<string, Set<string>> {
  const index = engine.index;
  const targets = new Map<string, Set<string>>();
  const add = (object: string, userId: string) => {
    if (!OBJECT_NAME.test(object)) return;
    let set = targets.get(object);
    if (!set) targets.set(object, (set = new Set()));
    set.add(userId);
  };
  // Every scoped user's object access is read below: their rows in a few passes (speed only).
  engine.prefetch(scope.systems.flatMap((s) => s.users.map((u) => index.userByUsername.get(u.toLowerCase())?.Id ?? '')));
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
  let unmapped = 0;
  /** What this org does not offer (kept with the pull, shown with its gaps, never read as a pass). */
  const notAvailable: Gap[] = [];
  let sources: UsagePullResult['sources'] = { logFileTypes: [], eventMonitoring: false, eventLogObjects: [], notes: [] };
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

  /**
   * Event Log Objects in the global describe (one call), at most once per UTC day: a later
   * pull the same day reuses what the first one found.
   */
  const eventLogObjectsOf = async (): Promise<{ available: string[]; note: Gap | null }> => {
    const none = (message: string, errorCode = 'NOT_AVAILABLE'): { available: string[]; note: Gap } => ({ available: [], note: { object: ELO_NOTE, errorCode, message } });
    if (Number.parseFloat(session.version) < 61)
      return none(`the org is read with API ${session.version}; Event Log Objects exist from 61.0 on (change the org's API version to see them).`);
    const earlier = pullsSince(db, orgId, `${observedOn}T00:00:00.000Z`);
    if (earlier.length > 0) {
      const prior = earlier.flatMap((p) => p.gaps).find((g) => g.object === ELO_NOTE && g.errorCode === 'NOT_AVAILABLE');
      if (prior) return { available: [], note: prior };
      const read = READ_EVENT_LOG_OBJECTS.filter((d) => loggedDays(db, orgId, d.name).size > 0).map((d) => d.name);
      if (read.length > 0) return { available: read, note: null };
    }
    // Not looked for, or the describe failed: not a finding about the org, so the next pull looks again.
    if (!fits(1)) return none(`not looked for: the API budget (reserve ${reservePercent}%) is spent.`, 'BUDGET');
    try {
      const global = await client.get<{ sobjects: { name: string; queryable?: boolean }[] }>(client.dataPath('/sobjects'));
      const names = new Set(global.sobjects.filter((o) => o.queryable !== false).map((o) => o.name));
      const available = EVENT_LOG_OBJECTS.filter((o) => names.has(o));
      if (available.length === 0) return none('none in the describe (no Event Monitoring licence, or the auditing user lacks View Event Log Object Data).');
      const unread = available.filter((o) => !READ_EVENT_LOG_OBJECTS.some((d) => d.name === o));
      return {
        available,
        note: unread.length
          ? {
              object: ELO_NOTE,
              errorCode: 'NOT_READ',
              message: `${unread.join(', ')} found but not read (SoapApiEventLog: its fields are unverified; ApiTotalUsageEventLog: the ApiTotalUsage file holds the same events).`,
            }
          : null,
      };
    } catch (err) {
      const failed = objectFailure(err);
      if (!failed) throw err;
      return none(`not looked for: the global describe failed (${failed.message}).`, failed.errorCode);
    }
  };

  /** An Event Log Object: one aggregate per complete UTC day not yet in the history (at most EVENT_LOG_OBJECT_DAYS back); times are per day. */
  const readEventLogObject = async (def: EventLogObjectDef) => {
    const have = loggedDays(db, orgId, def.name);
    const todayMs = Date.parse(`${observedOn}T00:00:00.000Z`);
    const firstMs = Math.max(todayMs - EVENT_LOG_OBJECT_DAYS * 86_400_000, Math.floor(windowStartMs / 86_400_000) * 86_400_000);
    for (let day = firstMs; day < todayMs; day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (have.has(date)) continue;
      if (!fits(1)) {
        gaps.push({ object: `${def.name} ${date}`, errorCode: 'BUDGET', message: `not read: the API budget (reserve ${reservePercent}%) is spent. Pull again later.` });
        continue;
      }
      let rows: Record<string, unknown>[];
      try {
        rows = await query(eventLogObjectQuery(def, soqlDateTime(day), soqlDateTime(day + 86_400_000)));
      } catch (err) {
        const failed = err instanceof SfApiError && err.errorCode === 'BUDGET' ? err : objectFailure(err);
        if (!failed) throw err;
        gaps.push({ object: `${def.name} ${date}`, errorCode: failed.errorCode, message: `events of the day could not be read: ${failed.message}` });
        continue;
      }
      const at = `${date}T00:00:00.000Z`;
      const grouped = groupEventLogObject(def, rows, at);
      unmapped += grouped.unmapped;
      const body = JSON.stringify(rows);
      const stored = storeLogFile(
        db,
        orgId,
        {
          logFileId: `${def.name}:${date}`,
          eventType: def.name,
          logDate: at,
          interval: 'Daily',
          sequence: null,
          length: Buffer.byteLength(body),
          rowCount: grouped.rows,
          sha256: crypto.createHash('sha256').update(body).digest('hex'),
        },
        grouped.groups,
        now().toISOString(),
      );
      if (stored) {
        filesAdded++;
        rowsAdded += grouped.rows;
      }
    }
  };

  try {
    // 1. Event log files: the types the org lists files for are what it has.
    const known = knownLogFileIds(db, orgId);
    let files: Record<string, unknown>[] = [];
    let listed = false;
    // Daily files only: with Event Monitoring an hourly file repeats the events of the daily one.
    const listing = (types: readonly string[]) =>
      query(
        `SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength FROM EventLogFile WHERE EventType IN (${types.map(soqlString).join(', ')}) AND Interval = 'Daily' ORDER BY LogDate, Sequence`,
      );
    const refusedFile = (failed: { errorCode: string; message: string }): Gap => ({
      object: 'EventLogFile',
      errorCode: failed.errorCode,
      message: `event log files could not be read (${failed.message}); the auditing user needs View Event Log Files and API Enabled. API calls per object are missing from the evidence.`,
    });
    try {
      files = await listing(LOG_FILE_TYPES.map((t) => t.eventType));
      listed = true;
    } catch (err) {
      const failed = objectFailure(err);
      if (!failed) throw err;
      if (NOT_READABLE.has(failed.errorCode) || failed.status >= 500) gaps.push(refusedFile(failed));
      else {
        // EventType is a restricted picklist: whether an org without Event Monitoring refuses
        // those values in a filter is unverified, so the free type is asked for alone.
        try {
          files = await listing(['ApiTotalUsage']);
          listed = true;
          notAvailable.push({
            object: EM_NOTE,
            errorCode: 'NOT_AVAILABLE',
            message: `the org refused a listing naming ${EVENT_MONITORING_TYPES.join(', ')} (${failed.errorCode}: ${failed.message}): only ApiTotalUsage was listed, kept about a day, so pull daily.`,
          });
        } catch (err2) {
          const failed2 = objectFailure(err2);
          if (!failed2) throw err2;
          gaps.push(refusedFile(failed2));
        }
      }
    }
    const detected = new Set(files.map((f) => String(f.EventType)));
    const eventMonitoring = EVENT_MONITORING_TYPES.filter((t) => detected.has(t));
    for (const f of files) {
      const id = String(f.Id);
      if (known.has(id)) continue;
      if (!fits(1)) {
        gaps.push({
          object: `EventLogFile ${id}`,
          errorCode: 'BUDGET',
          message: `not downloaded: the API budget (reserve ${reservePercent}%) is spent. Pull again later today (${String(f.EventType)} files are kept about a day without Event Monitoring, 30 days with it).`,
        });
        continue;
      }
      let csv: string;
      let grouped: GroupedLog;
      try {
        csv = await client.get<string>(client.dataPath(`/sobjects/EventLogFile/${encodeURIComponent(id)}/LogFile`), { as: 'text' });
        grouped = groupLogFile(String(f.EventType), csv);
      } catch (err) {
        const failed = err instanceof AppError ? { errorCode: 'SCHEMA', message: err.message } : objectFailure(err);
        if (!failed) throw err;
        gaps.push({ object: `EventLogFile ${id}`, errorCode: failed.errorCode, message: `the ${String(f.EventType)} log file could not be read: ${failed.message}` });
        continue;
      }
      unmapped += grouped.unmapped;
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
          rowCount: grouped.rows,
          sha256: crypto.createHash('sha256').update(csv).digest('hex'),
        },
        grouped.groups,
        now().toISOString(),
      );
      if (stored) {
        filesAdded++;
        rowsAdded += grouped.rows;
      }
    }
    if (listed && eventMonitoring.length === 0 && !notAvailable.some((n) => n.object === EM_NOTE))
      notAvailable.push({
        object: EM_NOTE,
        errorCode: 'NOT_AVAILABLE',
        message: `no ${EVENT_MONITORING_TYPES.join(', ')} event log file in this org (no Event Monitoring licence, or no such event in the files' 30 days): API evidence comes from ApiTotalUsage, kept about a day, so pull daily.`,
      });

    // 1b. Event Log Objects: only where the log files with the same events are missing.
    let eventLogObjects: string[] = [];
    if (eventMonitoring.length === 0) {
      const elo = await eventLogObjectsOf();
      eventLogObjects = elo.available;
      if (elo.note) (elo.note.errorCode === 'NOT_AVAILABLE' || elo.note.errorCode === 'NOT_READ' ? notAvailable : gaps).push(elo.note);
      for (const def of READ_EVENT_LOG_OBJECTS) if (eventLogObjects.includes(def.name)) await readEventLogObject(def);
    }
    sources = {
      logFileTypes: [...detected].sort(),
      eventMonitoring: eventMonitoring.length > 0,
      eventLogObjects,
      notes: [
        ...(eventMonitoring.length > 0
          ? [`Event Monitoring log files found (${eventMonitoring.join(', ')}); Event Log Objects not looked for: the files hold the same events.`]
          : []),
        ...(unmapped > 0
          ? [`${unmapped} logged event${unmapped === 1 ? '' : 's'} name no user, no object or a call that shows no record access (describe, login…): kept out of the evidence.`]
          : []),
      ],
    };

    // 2. Write aggregates.
    const engine = createAccessEngine(buildIndex(snapshot), snapshot.meta.finishedAt);
    const targets = writeTargets(snapshot, scope, engine);
    const done = scannedToday(db, orgId, observedOn);
    const windowStart = new Date(windowStartMs).toISOString();
    const pending = [...targets].filter(([object]) => !done.has(object)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Whether each count sees every record (one query, only when something is to be counted).
    const partialNote = pending.length > 0 && fits(1) ? await countingVisibility(engine, snapshot.meta.auditingUsername, query) : null;
    for (const [object, users] of pending) {
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
        // Without the visibility answer (budget), a count is not taken as complete either.
        const message = partialNote ? (partialNote(object) ?? '') : `${PARTIAL_COUNT}whether the auditing user sees every ${object} record was not checked (API budget)`;
        storeWriteScan(db, orgId, { sobject: object, observedOn, windowStart, status: 'ok', message }, counts);
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
  recordPull(db, { orgAlias: org.alias, orgId, startedAt, finishedAt, apiCalls: client.apiCalls, filesAdded, rowsAdded, gaps: [...gaps, ...notAvailable] });
  ctx.events.emit('data.changed', { orgAlias: org.alias, what: 'usage' });
  return {
    orgAlias: org.alias,
    orgId,
    apiCalls: client.apiCalls,
    filesAdded,
    rowsAdded,
    objectsCounted: writesCounted,
    windowStart: new Date(windowStartMs).toISOString(),
    gaps,
    sources: { ...sources, notes: [...sources.notes, ...notAvailable.map((g) => `${g.object}: ${g.message}`)] },
  };
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
