/**
 * The API event sources a pull can read, and how one log's rows become API event groups per
 * user, object and method (docs/usage.md "Sources"). Column names are the documented ones;
 * a column missing from a file is treated as empty, except the user and object columns, whose
 * absence means the schema changed: the file is refused, nothing of it stored.
 *
 * Sources (Object Reference, "EventLogFile Supported Event Types"):
 * - ApiTotalUsage ("API Total Usage Event Type"): free, about a day of retention without Event
 *   Monitoring. USER_ID, ENTITY_NAME, HTTP_METHOD, API_FAMILY, API_RESOURCE (the SOAP call, e.g.
 *   describeSObjects), CONNECTED_APP_ID, CLIENT_NAME, TIMESTAMP(_DERIVED).
 * - API ("SOAP API Event Type"; EventType value `API`): USER_ID, ENTITY_NAME, METHOD_NAME (the
 *   SOAP call: query, create, update, upsert, delete, describeSObjects…), API_TYPE, CLIENT_NAME,
 *   ROWS_PROCESSED, TIMESTAMP(_DERIVED). CONNECTED_APP_ID here is unverified (read if present).
 * - RestApi ("REST API Event Type"): USER_ID, ENTITY_NAME, METHOD (HTTP verb), URI,
 *   ROWS_PROCESSED, STATUS_CODE, TIMESTAMP(_DERIVED). CONNECTED_APP_ID / CLIENT_NAME unverified.
 * - BulkApi ("Bulk API Event Type"): USER_ID, ENTITY_TYPE, OPERATION_TYPE, JOB_ID, BATCH_ID,
 *   ROWS_PROCESSED, NUMBER_FAILURES, TIMESTAMP(_DERIVED); one row per batch.
 * - BulkApi2 ("Bulk API 2.0 Event Type"): USER_ID, ENTITY_TYPE, OPERATION_TYPE, JOB_ID,
 *   JOB_STATUS; one row per job state change (created, uploadComplete, inProgress, complete…),
 *   so a job is counted once (distinct JOB_ID), not once per row.
 * The four Event Monitoring types are kept 30 days after CreatedDate in orgs with Event
 * Monitoring licences, 1 day in Developer Edition (REST API Developer Guide, "Using Event
 * Monitoring"); an org without the licence has no such files.
 */
import { AppError } from '../../../shared/contract';
import { levelOfMethod } from '../../../shared/audit/usage';
import { parseCsv } from '../salesforce/csv';
import type { ApiGroup } from './repository';

export type LogFileType = 'ApiTotalUsage' | 'API' | 'RestApi' | 'BulkApi' | 'BulkApi2';

interface LogFileDef {
  eventType: LogFileType;
  /** Who may have it: every supported edition, or orgs with Event Monitoring (Shield or the add-on). */
  licence: 'free' | 'event-monitoring';
  /** Columns, in the documented names. */
  user: string;
  entity: string;
  method: string;
  family: string | null;
  fixedFamily?: string;
  /** Count distinct values of this column per group instead of rows (BulkApi2: one job, many rows). */
  distinct?: string;
}

export const LOG_FILE_TYPES: readonly LogFileDef[] = [
  { eventType: 'ApiTotalUsage', licence: 'free', user: 'USER_ID', entity: 'ENTITY_NAME', method: 'HTTP_METHOD', family: 'API_FAMILY' },
  { eventType: 'API', licence: 'event-monitoring', user: 'USER_ID', entity: 'ENTITY_NAME', method: 'METHOD_NAME', family: null, fixedFamily: 'SOAP' },
  { eventType: 'RestApi', licence: 'event-monitoring', user: 'USER_ID', entity: 'ENTITY_NAME', method: 'METHOD', family: null, fixedFamily: 'REST' },
  { eventType: 'BulkApi', licence: 'event-monitoring', user: 'USER_ID', entity: 'ENTITY_TYPE', method: 'OPERATION_TYPE', family: null, fixedFamily: 'BULK' },
  { eventType: 'BulkApi2', licence: 'event-monitoring', user: 'USER_ID', entity: 'ENTITY_TYPE', method: 'OPERATION_TYPE', family: null, fixedFamily: 'BULK', distinct: 'JOB_ID' },
];
export const LOG_FILE_TYPE_BY_NAME: ReadonlyMap<string, LogFileDef> = new Map(LOG_FILE_TYPES.map((t) => [t.eventType, t]));
export const EVENT_MONITORING_TYPES: readonly LogFileType[] = LOG_FILE_TYPES.filter((t) => t.licence === 'event-monitoring').map((t) => t.eventType);

/**
 * Event Log Objects (API 61.0+; the View Event Log Object Data permission; Event Monitoring
 * licence): the same events as SObjects, queryable with SOQL. Object Reference pages
 * "ApiTotalUsageEventLog", "RestApiEventLog", "BulkApiEventLog", "BulkApi2EventLog",
 * "SoapApiEventLog" (the last was a v55 beta name; its v61 name and fields are unverified).
 * Read: RestApiEventLog (UserIdentifier, ObjectName, Method, Uri, Timestamp), BulkApiEventLog
 * (UserIdentifier, ObjectType, OperationType, Timestamp; a row per batch) and BulkApi2EventLog
 * (UserIdentifier, ObjectType, OperationType, JobIdentifier, Timestamp; a row per job state, so
 * grouped by job and counted per job). Not read: SoapApiEventLog (unverified) and
 * ApiTotalUsageEventLog (the free ApiTotalUsage file holds the same events).
 */
export const EVENT_LOG_OBJECTS = ['ApiTotalUsageEventLog', 'RestApiEventLog', 'SoapApiEventLog', 'BulkApiEventLog', 'BulkApi2EventLog'] as const;

export interface EventLogObjectDef {
  name: string;
  family: 'REST' | 'BULK';
  entity: string;
  method: string;
  /** Grouped by too, and each group counts once (a Bulk API 2.0 job logs several state rows). */
  perValue?: string;
  /** Extra filter: events that show no record access. */
  exclude?: string;
}

export const READ_EVENT_LOG_OBJECTS: readonly EventLogObjectDef[] = [
  // A describe is a GET on the object: its Uri keeps it out, so it never counts as a read.
  { name: 'RestApiEventLog', family: 'REST', entity: 'ObjectName', method: 'Method', exclude: "Uri LIKE '%/describe'" },
  { name: 'BulkApiEventLog', family: 'BULK', entity: 'ObjectType', method: 'OperationType' },
  { name: 'BulkApi2EventLog', family: 'BULK', entity: 'ObjectType', method: 'OperationType', perValue: 'JobIdentifier' },
];

/** The aggregate that reads one UTC day of an Event Log Object (counts per user, object, method). */
export function eventLogObjectQuery(def: EventLogObjectDef, fromIso: string, toIso: string): string {
  const group = ['UserIdentifier', def.entity, def.method, ...(def.perValue ? [def.perValue] : [])].join(', ');
  return `SELECT ${group}, COUNT(Id) FROM ${def.name} WHERE Timestamp >= ${fromIso} AND Timestamp < ${toIso}${def.exclude ? ` AND (NOT ${def.exclude})` : ''} GROUP BY ${group}`;
}

/** Aggregate rows of one day → API event groups (a per-value group counts once). */
export function groupEventLogObject(def: EventLogObjectDef, rows: Record<string, unknown>[], at: string): GroupedLog {
  const groups = new Map<string, ApiGroup>();
  let events = 0;
  let unmapped = 0;
  for (const r of rows) {
    const count = Number(r.expr0 ?? 0);
    events += count;
    const user = String(r.UserIdentifier ?? '');
    const object = String(r[def.entity] ?? '');
    const method = String(r[def.method] ?? '');
    if (!user || !object || !levelOfMethod(method)) unmapped += count;
    if (!user || !object) continue;
    const key = JSON.stringify([user, object, method]);
    const prior = groups.get(key);
    const uses = def.perValue ? 1 : count;
    if (prior) prior.count += uses;
    else groups.set(key, { userId: user, entity: object, httpMethod: method, apiFamily: def.family, connectedAppId: '', clientName: '', count: uses, firstAt: at, lastAt: at });
  }
  return { groups: [...groups.values()], rows: events, unmapped };
}

/** Days of Event Log Object data a pull asks for at most: their retention is unverified, the log files keep 30. */
export const EVENT_LOG_OBJECT_DAYS = 30;

/** `/services/data/vNN.N/sobjects/{Object}[/…]` → Object; describe calls name no record access. */
const SOBJECT_URI = /\/services\/data\/v\d+\.\d+\/sobjects\/([A-Za-z][A-Za-z0-9_]*)(\/[^?]*)?/;

export interface GroupedLog {
  groups: ApiGroup[];
  /** Data rows in the file. */
  rows: number;
  /** Rows that name no user, no object, or a method that shows no record access (kept out of the evidence). */
  unmapped: number;
}

/** One log file's CSV → groups per (user, object, method, family, app, client). */
export function groupLogFile(eventType: string, csv: string): GroupedLog {
  const def = LOG_FILE_TYPE_BY_NAME.get(eventType);
  if (!def) throw new AppError('validation', `Event type ${eventType} is not one the usage pull reads.`);
  const table = parseCsv(csv);
  const header = table[0] ?? [];
  const col = (name: string | null) => (name ? header.indexOf(name) : -1);
  const user = col(def.user);
  const entity = col(def.entity);
  const method = col(def.method);
  const family = col(def.family);
  const [resource, uri, app, client, ts, tsd, distinct] = ['API_RESOURCE', 'URI', 'CONNECTED_APP_ID', 'CLIENT_NAME', 'TIMESTAMP', 'TIMESTAMP_DERIVED', def.distinct ?? null].map(
    col,
  );
  if (user < 0 || entity < 0 || method < 0)
    throw new AppError(
      'validation',
      `The ${eventType} event log file has no ${[def.user, def.entity, def.method].filter((c) => col(c) < 0).join(' or ')} column; its schema changed (check LogFileFieldNames). Nothing of it was stored.`,
    );
  const groups = new Map<string, ApiGroup & { seen?: Set<string> }>();
  let rows = 0;
  let unmapped = 0;
  for (let i = 1; i < table.length; i++) {
    const r = table[i];
    if (r.length === 1 && r[0] === '') continue;
    rows++;
    const cell = (c: number) => (c >= 0 ? (r[c] ?? '').trim() : '');
    const apiFamily = def.fixedFamily ?? cell(family);
    let object = cell(entity);
    // A SOAP call through ApiTotalUsage logs POST as its verb; the call itself is API_RESOURCE.
    let verb = def.eventType === 'ApiTotalUsage' && apiFamily.toUpperCase() === 'SOAP' && cell(resource) ? cell(resource) : cell(method);
    if (def.eventType === 'RestApi') {
      const m = SOBJECT_URI.exec(cell(uri));
      if (m && /\/describe\/?$/i.test(m[2] ?? '')) verb = 'describe';
      if (!object && m) object = m[1];
    }
    if (!cell(user) || !object || !levelOfMethod(verb)) {
      unmapped++;
      if (!cell(user) || !object) continue;
    }
    const at = cell(tsd) || fromLogTimestamp(cell(ts));
    const g: ApiGroup = { userId: cell(user), entity: object, httpMethod: verb, apiFamily, connectedAppId: cell(app), clientName: cell(client), count: 0, firstAt: at, lastAt: at };
    const key = JSON.stringify([g.userId, g.entity, g.httpMethod, g.apiFamily, g.connectedAppId, g.clientName]);
    let prior = groups.get(key);
    if (!prior) groups.set(key, (prior = { ...g, seen: distinct >= 0 ? new Set() : undefined }));
    else {
      if (at && (!prior.firstAt || at < prior.firstAt)) prior.firstAt = at;
      if (at && at > prior.lastAt) prior.lastAt = at;
    }
    if (prior.seen) {
      // A row without a job Id still is one use.
      prior.seen.add(cell(distinct) || `row ${i}`);
      prior.count = prior.seen.size;
    } else prior.count++;
  }
  return { groups: [...groups.values()].map(({ seen: _seen, ...g }) => g), rows, unmapped };
}

/** Event log TIMESTAMP is `yyyyMMddHHmmss.SSS` in UTC. */
function fromLogTimestamp(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '0').padEnd(3, '0')}Z` : '';
}
