/**
 * Used versus granted versus declared, per integration user and object (issue #18). Pure: the
 * caller hands in the access engine of a snapshot, the declared scope and the usage evidence
 * the history holds for the window; the result is plain JSON, sorted, deterministic.
 *
 * What "used" can mean here, and what it cannot (docs/usage.md, "What cannot be seen"):
 * - created / modified: records whose CreatedById / LastModifiedById is the user, created or
 *   last modified inside the window. A later edit by someone else hides an earlier edit.
 *   The counting user needs View All Data (or the object's View All) to see every row.
 * - API events: requests by the user, per object and method, from the free ApiTotalUsage
 *   log or, where the org has Event Monitoring, the API/RestApi/BulkApi/BulkApi2 logs and
 *   RestApiEventLog (shared/audit/usage-sources.ts); only the days the local history holds.
 *   On a day with Event Monitoring evidence the ApiTotalUsage rows of that day are not
 *   counted again (the same request is in both).
 * - Reads show only in API events; deletes only in API events (DELETE).
 */
import type { AccessEngine } from './access';
import { closeAccess, type Access, type SystemScope } from './scope';
import type { CheckResult, EvidenceRow, ObjectPerm, Source, Status } from './types';
import { USAGE_CHECK_BY_ID, USAGE_CHECKS } from './usage-catalog';
import { gapFor } from './snapshot-index';
import { cmp } from './util';

export type WriteKind = 'created' | 'modified';

export interface UsageWrite {
  sobject: string;
  userId: string;
  kind: WriteKind;
  count: number;
  lastAt: string | null;
  /** UTC day the aggregate was counted on. */
  observedOn: string;
}

export interface UsageWriteScan {
  sobject: string;
  observedOn: string;
  windowStart: string;
  status: 'ok' | 'skipped' | 'error';
  message: string;
  /** An `ok` count by a user who may not see every record of the object (its message says why). */
  partial?: boolean;
}

/**
 * Starts the message of an `ok` scan whose counting user may not see every record: without View
 * All Data, Modify All Data, or View All / Modify All on the object, Salesforce counts only the
 * records sharing shows the user ("Overriding Sharing with Object Permissions", Salesforce
 * Security Implementation Guide), with no error — so the count is a floor.
 */
export const PARTIAL_COUNT = 'partial count: ';

export interface UsageApiEvent {
  logFileId: string;
  /** The source: an EventLogFile EventType (ApiTotalUsage, API, RestApi, BulkApi, BulkApi2) or an Event Log Object name. */
  eventType: string;
  /** UTC day (YYYY-MM-DD) the events happened on (the file's LogDate). */
  logDay: string;
  userId: string;
  entity: string;
  httpMethod: string;
  apiFamily: string;
  connectedAppId: string;
  clientName: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

export interface UsageEvidence {
  windowStart: string;
  windowEnd: string;
  /** The latest write aggregate per (object, user, kind) inside the window. */
  writes: UsageWrite[];
  /** The latest scan per object. */
  scans: UsageWriteScan[];
  api: UsageApiEvent[];
  /** UTC days (YYYY-MM-DD) of the window the API history holds a log file for. */
  apiDays: string[];
  /** Per source, the UTC days it holds a log for (a file without events of the scoped users still covers its day). */
  sourceDays?: { eventType: string; day: string }[];
}

/** API events per source, for the report's coverage note. */
export interface ApiSourceCoverage {
  eventType: string;
  /** Days of the window this source holds events for. */
  days: number;
  /** Whether it is counted (false: its days are covered by a richer source). */
  counted: boolean;
}

export const EMPTY_EVIDENCE = (windowStart: string, windowEnd: string): UsageEvidence => ({ windowStart, windowEnd, writes: [], scans: [], api: [], apiDays: [] });

const LEVEL_OF: Record<ObjectPerm, Access> = { Read: 'read', Create: 'create', Edit: 'edit', Delete: 'delete', ViewAllRecords: 'viewAll', ModifyAllRecords: 'modifyAll' };
/** The levels usage can show: View All / Modify All cannot be told apart from ordinary use. */
const OBSERVABLE: readonly Access[] = ['read', 'create', 'edit', 'delete'];

/**
 * What a logged method on an object shows: HTTP verbs (ApiTotalUsage, RestApi, Event Log
 * Objects), SOAP call names (API log METHOD_NAME) and Bulk operations (BulkApi/BulkApi2
 * OPERATION_TYPE). Null when the method says nothing about record access (describe calls,
 * unknown names): such events are kept in the history but never count as use.
 */
export function levelOfMethod(method: string): Access | null {
  const m = method.trim().toLowerCase();
  switch (m) {
    case 'get':
    case 'head':
    case 'query':
    case 'queryall':
    case 'querymore':
    case 'retrieve':
    case 'search':
    case 'getdeleted':
    case 'getupdated':
      return 'read';
    case 'post':
    case 'create':
    case 'insert':
      return 'create';
    case 'patch':
    case 'put':
    case 'update':
    case 'upsert': // May create or update; whether it needs both permissions is unverified, so it counts as edit only.
      return 'edit';
    case 'delete':
    case 'harddelete':
      return 'delete';
    default:
      return null;
  }
}

/** The API family each Event Monitoring source logs (Object Reference, "EventLogFile Supported Event Types"; Event Log Objects). */
export const SOURCE_FAMILY: Readonly<Record<string, 'REST' | 'SOAP' | 'BULK'>> = {
  API: 'SOAP',
  RestApi: 'REST',
  BulkApi: 'BULK',
  BulkApi2: 'BULK',
  RestApiEventLog: 'REST',
  BulkApiEventLog: 'BULK',
  BulkApi2EventLog: 'BULK',
};

/** ApiTotalUsage's API_FAMILY as one of the families above ("REST", "SOAP"; Bulk's exact values are unverified). */
function familyOfTotalUsage(apiFamily: string): string {
  const f = apiFamily.trim().toUpperCase();
  return f.includes('BULK') ? 'BULK' : f;
}

/** "<family>|<day>" an Event Monitoring source holds a log for. */
function richerCoverage(ev: Pick<UsageEvidence, 'api' | 'sourceDays'>): Set<string> {
  const covered = new Set<string>();
  const note = (eventType: string, day: string) => {
    const family = SOURCE_FAMILY[eventType];
    if (family) covered.add(`${family}|${day}`);
  };
  for (const d of ev.sourceDays ?? []) note(d.eventType, d.day);
  for (const a of ev.api) note(a.eventType, a.logDay);
  return covered;
}

/**
 * The API events to count: every Event Monitoring source, and an ApiTotalUsage event only when
 * no Event Monitoring source of its API family covers its day (both log the same request;
 * counting both doubles it, and dropping it without a richer source of its family loses it).
 */
export function countableApiEvents(ev: Pick<UsageEvidence, 'api' | 'sourceDays'>): UsageApiEvent[] {
  const covered = richerCoverage(ev);
  return ev.api.filter((a) => a.eventType !== 'ApiTotalUsage' || !covered.has(`${familyOfTotalUsage(a.apiFamily)}|${a.logDay}`));
}

/** Days per source inside the evidence, and whether each source is counted. */
export function apiSourceCoverage(ev: Pick<UsageEvidence, 'api' | 'sourceDays'>): ApiSourceCoverage[] {
  const counted = new Set(countableApiEvents(ev).map((a) => a.eventType));
  const by = new Map<string, Set<string>>();
  const note = (eventType: string, day: string) => {
    let days = by.get(eventType);
    if (!days) by.set(eventType, (days = new Set()));
    days.add(day);
  };
  for (const d of ev.sourceDays ?? []) note(d.eventType, d.day);
  for (const a of ev.api) note(a.eventType, a.logDay);
  const hasEvents = new Set(ev.api.map((a) => a.eventType));
  return [...by.entries()]
    .map(([eventType, days]) => ({ eventType, days: days.size, counted: counted.has(eventType) || !hasEvents.has(eventType) }))
    .sort((a, b) => cmp(a.eventType, b.eventType));
}

/** "RestApi 30 days, ApiTotalUsage 1 day (not counted: …)" for summaries. */
export function describeApiSources(sources: readonly ApiSourceCoverage[]): string {
  if (sources.length === 0) return 'no API event log in the history';
  return sources
    .map((s) => `${s.eventType} ${s.days} day${s.days === 1 ? '' : 's'}${s.counted ? '' : ' (not counted: Event Monitoring logs of the same days hold the same requests)'}`)
    .join(', ');
}

export interface UsageRow {
  sobject: string;
  /** Levels the user holds, with the sources that grant them. */
  granted: Partial<Record<Access, Source[]>>;
  declared: Access[];
  /** Levels with evidence of use. */
  used: Access[];
  created: number;
  modified: number;
  apiReads: number;
  apiWrites: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Where the evidence comes from: 'records' (CreatedById/LastModifiedById), 'api-log:<EventType or object>'. */
  evidence: string[];
  /** Whether the write aggregation covered this object in the window, every record seen. */
  writesCounted: boolean;
  /**
   * The aggregation ran, but the user who counted may not see every record (no View All Data,
   * Modify All Data, View All or Modify All on the object): Salesforce then counts only the
   * records sharing shows it, so the counts are a floor and cannot show anything unused.
   */
  writesPartial: boolean;
}

/** OAuth token use (OauthToken, already in the snapshot): an app used while the user never logs in still counts as use. */
export interface TokenUse {
  app: string;
  useCount: number | null;
  lastUsed: string | null;
}

export interface UsageUser {
  username: string;
  userId: string | null;
  rows: UsageRow[];
  tokens: TokenUse[];
}

export interface UsageSystem {
  name: string;
  users: UsageUser[];
  checks: CheckResult[];
}

export interface UsageReport {
  windowStart: string;
  windowEnd: string;
  /** Days of API history inside the window, and the window's length in days. */
  apiDaysCovered: number;
  windowDays: number;
  /** Which API event sources the history holds for the window (ApiTotalUsage, Event Monitoring log files, Event Log Objects). */
  apiSources: ApiSourceCoverage[];
  systems: UsageSystem[];
}

function minIso(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
function maxIso(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

function id15(id: string): string {
  return id.length === 18 ? id.slice(0, 15) : id;
}

function firstByLowerName<V>(record: Readonly<Record<string, V>>): Map<string, V> {
  const out = new Map<string, V>();
  for (const [name, value] of Object.entries(record)) {
    const lower = name.toLowerCase();
    if (!out.has(lower)) out.set(lower, value);
  }
  return out;
}

export function usageRows(engine: AccessEngine, userId: string, system: SystemScope, ev: UsageEvidence): UsageRow[] {
  const objects = engine.objectAccess(userId) ?? {};
  const key = id15(userId);
  const scanOk = new Set(ev.scans.filter((s) => s.status === 'ok').map((s) => s.sobject.toLowerCase()));
  const scanPartial = new Set(ev.scans.filter((s) => s.status === 'ok' && s.partial).map((s) => s.sobject.toLowerCase()));
  const names = new Map<string, string>();
  const add = (o: string) => {
    if (!names.has(o.toLowerCase())) names.set(o.toLowerCase(), o);
  };
  for (const o of Object.keys(objects)) add(o);
  for (const o of Object.keys(system.objects)) add(o);
  // This user's evidence once, not every object's pass over everyone's (review views run this per declared user).
  const myWrites = ev.writes.filter((w) => id15(w.userId) === key);
  for (const w of myWrites) add(w.sobject);
  const api = countableApiEvents(ev).filter((a) => id15(a.userId) === key && a.entity);
  for (const a of api) add(a.entity);
  // Each object's grants and declared levels by lower-cased name (the first entry of a name, as
  // a search of the entries would find): one pass, not a search per object.
  const grantsOf = firstByLowerName(objects);
  const declaredOf = firstByLowerName(system.objects);
  const rows: UsageRow[] = [];
  for (const [lower, sobject] of names) {
    const grants = grantsOf.get(lower) ?? {};
    const granted: UsageRow['granted'] = {};
    for (const [perm, sources] of Object.entries(grants) as [ObjectPerm, Source[]][]) if (sources.length) granted[LEVEL_OF[perm]] = sources;
    const declaredRaw = declaredOf.get(lower) ?? [];
    const declared = [...closeAccess(declaredRaw)].sort();
    const used = new Set<Access>();
    const evidence = new Set<string>();
    let created = 0;
    let modified = 0;
    let apiReads = 0;
    let apiWrites = 0;
    let first: string | null = null;
    let last: string | null = null;
    for (const w of myWrites) {
      if (w.sobject.toLowerCase() !== lower || w.count <= 0) continue;
      if (w.kind === 'created') {
        created += w.count;
        used.add('create');
      } else {
        modified += w.count;
        used.add('edit');
      }
      evidence.add('records');
      last = maxIso(last, w.lastAt);
    }
    for (const a of api) {
      if (a.entity.toLowerCase() !== lower) continue;
      const level = levelOfMethod(a.httpMethod);
      if (!level) continue;
      used.add(level);
      if (level === 'read') apiReads += a.count;
      else apiWrites += a.count;
      evidence.add(`api-log:${a.eventType}`);
      first = minIso(first, a.firstAt);
      last = maxIso(last, a.lastAt);
    }
    // Creating or editing a record reads it too.
    if (used.size > 0) used.add('read');
    const partial = scanPartial.has(lower);
    rows.push({
      sobject,
      granted,
      declared,
      used: OBSERVABLE.filter((l) => used.has(l)),
      created,
      modified,
      apiReads,
      apiWrites,
      firstSeen: first,
      lastSeen: last,
      evidence: [...evidence].sort(),
      writesCounted: scanOk.has(lower) && !partial,
      writesPartial: partial,
    });
  }
  return rows.sort((a, b) => cmp(a.sobject, b.sobject));
}

function checkResult(id: string, username: string, userId: string | null, status: Status, summary: string, evidence: EvidenceRow[]): CheckResult {
  if (!USAGE_CHECK_BY_ID.has(id)) throw new Error(`unknown usage check ${id}`);
  return { id, username, userId, status, computedStatus: status, summary, evidence };
}

const list = (xs: string[]) => xs.join(', ');

/** Whether a granted level can be shown unused, from the evidence kept. */
function unusedProvable(level: Access, row: UsageRow, apiComplete: boolean): boolean {
  if (level === 'create' || level === 'edit') return row.writesCounted || apiComplete;
  return apiComplete;
}

export function usageChecks(username: string, userId: string | null, rows: UsageRow[], ev: UsageEvidence, windowDays: number): CheckResult[] {
  const apiComplete = ev.apiDays.length >= windowDays;
  const partial = rows.filter((r) => r.writesPartial).map((r) => r.sobject);
  const coverage = `API history holds ${ev.apiDays.length} of ${windowDays} days of the window (${describeApiSources(apiSourceCoverage(ev))}); write counts cover ${rows.filter((r) => r.writesCounted).length} of ${rows.length} objects${
    partial.length ? `; counts of ${list(partial)} may be partial: the auditing user may not see every record (it needs View All Data or the object's View All; Usage sheet)` : ''
  }`;
  if (!userId) {
    const s = `declared user "${username}" not found in the snapshot`;
    return ['US-01', 'US-02', 'US-03'].map((id) => checkResult(id, username, null, 'error', s, []));
  }
  const noEvidence = ev.writes.length === 0 && ev.scans.length === 0 && ev.api.length === 0;
  const out: CheckResult[] = [];

  // US-01 granted but unused.
  const unused: EvidenceRow[] = [];
  const unknown: string[] = [];
  let grantedLevels = 0;
  for (const r of rows) {
    for (const level of OBSERVABLE) {
      const sources = r.granted[level];
      if (!sources) continue;
      grantedLevels++;
      if (r.used.includes(level)) continue;
      if (unusedProvable(level, r, apiComplete))
        unused.push({ object: 'ObjectPermissions', id: `${r.sobject}.${level}`, sobject: r.sobject, access: level, grantedBy: sources, declared: r.declared.includes(level) });
      else unknown.push(`${r.sobject} ${level}`);
    }
  }
  if (noEvidence) out.push(checkResult('US-01', username, userId, 'manual', 'no usage evidence for this window: run `iua usage pull` (daily) before judging what is used', []));
  else if (unused.length > 0) {
    out.push(
      checkResult(
        'US-01',
        username,
        userId,
        'warn',
        `granted but not used in the window: ${list(unused.map((u) => `${String(u.sobject)} ${String(u.access)}`))} (right-size candidates; ${coverage})`,
        unused,
      ),
    );
  } else if (unknown.length > 0) {
    out.push(checkResult('US-01', username, userId, 'manual', `no use seen for ${list(unknown)}, but the evidence cannot show these unused (${coverage})`, []));
  } else {
    out.push(checkResult('US-01', username, userId, 'pass', `every one of ${grantedLevels} granted object levels shows use in the window`, []));
  }

  // US-02 used but undeclared.
  const undeclared: EvidenceRow[] = [];
  for (const r of rows) {
    for (const level of r.used) {
      if (r.declared.includes(level)) continue;
      undeclared.push({
        object: 'Usage',
        id: `${r.sobject}.${level}`,
        sobject: r.sobject,
        access: level,
        created: r.created,
        modified: r.modified,
        apiReads: r.apiReads,
        apiWrites: r.apiWrites,
        lastSeen: r.lastSeen,
        source: list(r.evidence),
      });
    }
  }
  if (undeclared.length > 0) {
    out.push(
      checkResult(
        'US-02',
        username,
        userId,
        'fail',
        `used but not declared: ${list(undeclared.map((u) => `${String(u.sobject)} ${String(u.access)}`))} — the declared scope is incomplete`,
        undeclared,
      ),
    );
  } else if (noEvidence || !apiComplete || rows.some((r) => !r.writesCounted && Object.keys(r.granted).length > 0)) {
    out.push(checkResult('US-02', username, userId, 'manual', `no undeclared use seen, but the evidence is partial (${coverage})`, []));
  } else {
    out.push(checkResult('US-02', username, userId, 'pass', 'all observed use is declared', []));
  }

  // US-03 declared but not granted (snapshot only: complete evidence).
  const missing: EvidenceRow[] = [];
  for (const r of rows) {
    for (const level of r.declared) {
      if (level === 'viewAll' || level === 'modifyAll' || r.granted[level]) continue;
      missing.push({ object: 'DeclaredScope', id: `${r.sobject}.${level}`, sobject: r.sobject, access: level });
    }
  }
  if (missing.length > 0)
    out.push(checkResult('US-03', username, userId, 'warn', `declared but not granted: ${list(missing.map((m) => `${String(m.sobject)} ${String(m.access)}`))}`, missing));
  else out.push(checkResult('US-03', username, userId, 'pass', 'every declared object level is granted', []));
  return out;
}

/** A check whose snapshot objects could not be read is an error, never a pass (as evaluate() does for CHECKS). */
function withGaps(c: CheckResult, engine: AccessEngine): CheckResult {
  const def = USAGE_CHECKS.find((d) => d.id === c.id);
  const gaps = (def?.needs ?? []).map((o) => gapFor(engine.index, o)).filter((g) => g !== null);
  if (gaps.length === 0) return c;
  const summary = `cannot evaluate: ${gaps.map((g) => `${g.object} could not be read (${g.errorCode})`).join('; ')}`;
  return {
    ...c,
    status: 'error',
    computedStatus: 'error',
    summary,
    evidence: gaps.map((g) => ({ object: 'CoverageGap', id: g.object, errorCode: g.errorCode, message: g.message })),
  };
}

/**
 * A user's usage rows, built when asked: a pack writes them one user at a time, so it never
 * holds every user's rows at once (100 users × 10,000 granted objects are 1M rows).
 */
export interface LazyUsageUser extends Omit<UsageUser, 'rows'> {
  rows(): UsageRow[];
}

export interface LazyUsageSystem {
  name: string;
  users: LazyUsageUser[];
}

/** A usage report without its rows or checks: each user's rows are built when read (LazyUsageUser). */
export interface LazyUsageReport extends Omit<UsageReport, 'systems'> {
  systems: LazyUsageSystem[];
}

type UsageInput = { engine: AccessEngine; systems: readonly SystemScope[]; userIdOf: (username: string) => string | null; evidence: UsageEvidence };

function windowDaysOf(ev: UsageEvidence): number {
  return Math.max(1, Math.round((Date.parse(ev.windowEnd) - Date.parse(ev.windowStart)) / 86_400_000));
}

export function lazyUsageReport(input: UsageInput): LazyUsageReport {
  const tokensOf = (userId: string): TokenUse[] =>
    (input.engine.index.tokensByUser.get(userId) ?? [])
      .map((t) => ({
        app: String(t.AppName ?? ''),
        useCount: typeof t.UseCount === 'number' ? t.UseCount : null,
        lastUsed: typeof t.LastUsedDate === 'string' ? t.LastUsedDate : null,
      }))
      .sort((a, b) => cmp(a.app, b.app) || cmp(a.lastUsed ?? '', b.lastUsed ?? ''));
  const { evidence: ev } = input;
  const systems = [...input.systems]
    .sort((a, b) => cmp(a.name, b.name))
    .map((system): LazyUsageSystem => ({
      name: system.name,
      users: [...system.users]
        .sort((a, b) => cmp(a.toLowerCase(), b.toLowerCase()))
        .map((username) => {
          const userId = input.userIdOf(username);
          return { username, userId, rows: () => (userId ? usageRows(input.engine, userId, system, ev) : []), tokens: userId ? tokensOf(userId) : [] };
        }),
    }));
  return { windowStart: ev.windowStart, windowEnd: ev.windowEnd, apiDaysCovered: ev.apiDays.length, windowDays: windowDaysOf(ev), apiSources: apiSourceCoverage(ev), systems };
}

/** The usage checks of a system's users, each user's rows built and dropped in turn (an evaluation needs the results, not the rows). */
export function usageSystemChecks(engine: AccessEngine, system: LazyUsageSystem, ev: UsageEvidence): CheckResult[] {
  const windowDays = windowDaysOf(ev);
  return system.users.flatMap((u) => usageChecks(u.username, u.userId, u.rows(), ev, windowDays).map((c) => withGaps(c, engine)));
}

export function usageReport(input: UsageInput): UsageReport {
  const lazy = lazyUsageReport(input);
  const windowDays = lazy.windowDays;
  const systems = lazy.systems.map((system): UsageSystem => {
    const users: UsageUser[] = [];
    const checks: CheckResult[] = [];
    for (const u of system.users) {
      const rows = u.rows();
      users.push({ username: u.username, userId: u.userId, rows, tokens: u.tokens });
      checks.push(...usageChecks(u.username, u.userId, rows, input.evidence, windowDays).map((c) => withGaps(c, input.engine)));
    }
    return { name: system.name, users, checks };
  });
  return { ...lazy, systems };
}
