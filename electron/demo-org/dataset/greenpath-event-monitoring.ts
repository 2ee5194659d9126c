/**
 * GreenPath with Event Monitoring (the demo org's `eventMonitoring` option; issue #18 item 3).
 * An org with the licence keeps every daily log file 30 days after CreatedDate (REST API
 * Developer Guide, "Using Event Monitoring") and also has the Event Log Objects (API 61.0+).
 * The same requests as ApiTotalUsage's (greenpath-usage.ts `dayCalls`) are logged again:
 *
 * - RestApi: the REST clients' requests, one row each, plus a daily describe of the objects
 *   they sync (a describe shows no record access);
 * - API (SOAP API Event Type): Pharmacy's SOAP calls, METHOD_NAME query / create, plus a daily
 *   describeSObjects;
 * - BulkApi2: MuleSoft's nightly Contact upsert job and Billing's nightly Order query job, one
 *   row per job state (UploadComplete, InProgress, JobComplete), so one job is several rows;
 * - BulkApi: Lab Results' nightly Lab_Result__c insert, two batches (one row per batch);
 * - Event Log Objects: RestApiEventLog (one record per REST request), BulkApiEventLog (per
 *   batch) and BulkApi2EventLog (per job state);
 * - hourly RestApi files for the last two days (Interval 'Hourly', Sequence = the hour), which
 *   repeat the daily file's events, as an org with hourly files enabled has them.
 *
 * Columns are the documented ones of each event type (Object Reference, "EventLogFile
 * Supported Event Types": "REST API Event Type", "SOAP API Event Type", "Bulk API Event Type",
 * "Bulk API 2.0 Event Type"), a subset for BulkApi2 where the full list is unverified.
 * ApiTotalUsage here leaves out the Bulk jobs: the API_FAMILY values it uses for them are
 * unverified. Event Log Object record Ids use a prefix of the demo's own (the real one is
 * unverified).
 */
import type { SfRecord } from '../../../shared/model';
import { sfId } from '../ids';
import { Rng } from '../rng';
import { DAY_MS, isoAt } from './builder';
import { DOMAIN } from './greenpath-catalog';
import type { GreenPathContext } from './greenpath';
import { EVENT_MONITORING_RETENTION_MS, csvCell, dayCalls, logTimestamp, retainedDays, type ApiCall } from './greenpath-usage';

export const REST_API_FIELDS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'URI',
  'SESSION_KEY',
  'LOGIN_KEY',
  'USER_TYPE',
  'REQUEST_STATUS',
  'DB_TOTAL_TIME',
  'ENTITY_NAME',
  'METHOD',
  'MEDIA_TYPE',
  'STATUS_CODE',
  'USER_AGENT',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'ROWS_PROCESSED',
  'NUMBER_FIELDS',
  'DB_BLOCKS',
  'DB_CPU_TIME',
  'CLIENT_IP',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
  'URI_ID_DERIVED',
] as const;

export const SOAP_API_FIELDS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'URI',
  'SESSION_KEY',
  'LOGIN_KEY',
  'USER_TYPE',
  'REQUEST_STATUS',
  'DB_TOTAL_TIME',
  'API_TYPE',
  'API_VERSION',
  'METHOD_NAME',
  'CLIENT_NAME',
  'ENTITY_NAME',
  'ROWS_PROCESSED',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'DB_BLOCKS',
  'DB_CPU_TIME',
  'CLIENT_IP',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
] as const;

export const BULK_API_FIELDS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'SESSION_KEY',
  'LOGIN_KEY',
  'JOB_ID',
  'BATCH_ID',
  'ENTITY_TYPE',
  'OPERATION_TYPE',
  'ROWS_PROCESSED',
  'NUMBER_FAILURES',
  'SUCCESS',
  'MESSAGE',
  'CLIENT_IP',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
] as const;

export const BULK_API_2_FIELDS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'RUN_TIME',
  'CPU_TIME',
  'SESSION_KEY',
  'LOGIN_KEY',
  'JOB_ID',
  'JOB_STATUS',
  'ENTITY_TYPE',
  'OPERATION_TYPE',
  'CLIENT_IP',
  'TIMESTAMP_DERIVED',
  'USER_ID_DERIVED',
] as const;

/** Per type: its fields and the offset of its file Ids (ApiTotalUsage keeps `sfId('0AT', day)`). */
const TYPES = { RestApi: [REST_API_FIELDS, 1], API: [SOAP_API_FIELDS, 2], BulkApi: [BULK_API_FIELDS, 3], BulkApi2: [BULK_API_2_FIELDS, 4] } as const;
type TypeName = keyof typeof TYPES;

/** Bulk jobs each night: [username, API, object, operation, batches]. */
const BULK_JOBS: [string, 'BulkApi' | 'BulkApi2', string, string, number][] = [
  [`mulesoft_integration@${DOMAIN}`, 'BulkApi2', 'Contact', 'upsert', 1],
  [`billing.integration@${DOMAIN}`, 'BulkApi2', 'Order', 'query', 1],
  [`lab.integration@${DOMAIN}`, 'BulkApi', 'Lab_Result__c', 'insert', 2],
];

export function addEventMonitoring(ctx: GreenPathContext): void {
  const { b } = ctx;
  const orgId = (b.data.Organization?.[0]?.Id as string).slice(0, 15);
  for (const { day, createdMs } of retainedDays(ctx, EVENT_MONITORING_RETENTION_MS)) {
    const dayNumber = Math.floor(day / DAY_MS);
    const rng = new Rng(dayNumber + 7_000_000);
    const rows: Record<TypeName, Record<string, string>[]> = { RestApi: [], API: [], BulkApi: [], BulkApi2: [] };
    let seq = 0;
    const common = (type: string, user: SfRecord, ms: number, ip: string) => ({
      EVENT_TYPE: type,
      TIMESTAMP: logTimestamp(ms),
      REQUEST_ID: `4${dayNumber}${String(++seq).padStart(6, '0')}EM`,
      ORGANIZATION_ID: orgId,
      USER_ID: user.Id.slice(0, 15),
      RUN_TIME: String(rng.int(20, 400)),
      CPU_TIME: String(rng.int(5, 120)),
      SESSION_KEY: `S${user.Id.slice(-6)}${dayNumber}`,
      LOGIN_KEY: `L${user.Id.slice(-6)}${dayNumber}`,
      CLIENT_IP: ip,
      TIMESTAMP_DERIVED: new Date(ms).toISOString(),
      USER_ID_DERIVED: user.Id,
    });
    const calls = dayCalls(ctx, day);
    const describes = new Map<string, ApiCall>();
    for (const c of calls) {
      if (!describes.has(`${c.user.Id}|${c.entity}`)) describes.set(`${c.user.Id}|${c.entity}`, { ...c, method: 'DESCRIBE', ms: day + 60_000 });
      if (c.writer.family === 'SOAP') rows.API.push(soapRow(c, common));
      else rows.RestApi.push(restRow(c, common, rng));
    }
    for (const d of describes.values()) {
      if (d.writer.family === 'SOAP') rows.API.push({ ...soapRow(d, common), METHOD_NAME: 'describeSObjects', ROWS_PROCESSED: '0' });
      else rows.RestApi.push({ ...restRow(d, common, rng), URI: `/services/data/v60.0/sobjects/${d.entity}/describe`, METHOD: 'GET', ROWS_PROCESSED: '0' });
    }
    for (const [username, api, object, operation, batches] of BULK_JOBS) {
      const user = ctx.users.get(username);
      if (!user) continue;
      const startMs = day + rng.int(1, 3) * 3_600_000;
      const jobId = sfId('750', dayNumber * 8 + BULK_JOBS.findIndex((j) => j[0] === username)).slice(0, 15);
      const ip = '203.0.113.31';
      if (api === 'BulkApi2') {
        for (const [k, status] of ['UploadComplete', 'InProgress', 'JobComplete'].entries())
          rows.BulkApi2.push({ ...common('BulkApi2', user, startMs + k * 120_000, ip), JOB_ID: jobId, JOB_STATUS: status, ENTITY_TYPE: object, OPERATION_TYPE: operation });
      } else {
        for (let k = 0; k < batches; k++) {
          const rowsProcessed = rng.int(40, 200);
          rows.BulkApi.push({
            ...common('BulkApi', user, startMs + k * 300_000, ip),
            JOB_ID: jobId,
            BATCH_ID: sfId('751', dayNumber * 8 + k).slice(0, 15),
            ENTITY_TYPE: object,
            OPERATION_TYPE: operation,
            ROWS_PROCESSED: String(rowsProcessed),
            NUMBER_FAILURES: '0',
            SUCCESS: 'true',
            MESSAGE: '',
          });
        }
      }
    }
    for (const [type, list] of Object.entries(rows) as [TypeName, Record<string, string>[]][]) {
      if (list.length === 0) continue; // No file for a day without events of the type.
      const [fields, offset] = TYPES[type];
      list.sort((a, b2) => (a.TIMESTAMP < b2.TIMESTAMP ? -1 : a.TIMESTAMP > b2.TIMESTAMP ? 1 : 0));
      const content = [fields.join(','), ...list.map((r) => fields.map((f) => csvCell(r[f] ?? '')).join(','))].join('\n') + '\n';
      b.add(
        'EventLogFile',
        {
          EventType: type,
          LogDate: isoAt(day),
          Interval: 'Daily',
          Sequence: 0,
          LogFileLength: Buffer.byteLength(content),
          LogFileContentType: 'CSV',
          LogFileFieldNames: fields.join(','),
          LogFileFieldTypes: fields.map(() => 'String').join(','),
          ApiVersion: 64,
          CreatedDate: isoAt(createdMs),
          LogFile: content,
        },
        sfId('0AT', offset * 1_000_000 + dayNumber),
      );
    }
    // Hourly files (an org can turn them on) repeat the daily file's events: here for the last two days of RestApi.
    if (day >= ctx.today - 2 * DAY_MS) {
      const [fields] = TYPES.RestApi;
      for (let hour = 0; hour < 24; hour++) {
        const inHour = rows.RestApi.filter((r) => Number(r.TIMESTAMP.slice(8, 10)) === hour);
        if (inHour.length === 0) continue;
        const content = [fields.join(','), ...inHour.map((r) => fields.map((f) => csvCell(r[f] ?? '')).join(','))].join('\n') + '\n';
        b.add(
          'EventLogFile',
          {
            EventType: 'RestApi',
            LogDate: isoAt(day + hour * 3_600_000),
            Interval: 'Hourly',
            Sequence: hour,
            LogFileLength: Buffer.byteLength(content),
            LogFileContentType: 'CSV',
            LogFileFieldNames: fields.join(','),
            LogFileFieldTypes: fields.map(() => 'String').join(','),
            ApiVersion: 64,
            CreatedDate: isoAt(day + (hour + 4) * 3_600_000),
            LogFile: content,
          },
          sfId('0AT', 9_000_000 + dayNumber * 24 + hour),
        );
      }
    }
    // The Event Log Objects hold the same requests as records.
    for (const r of rows.BulkApi)
      b.add(
        'BulkApiEventLog',
        {
          Timestamp: r.TIMESTAMP_DERIVED,
          UserIdentifier: r.USER_ID,
          ObjectType: r.ENTITY_TYPE,
          OperationType: r.OPERATION_TYPE,
          JobIdentifier: r.JOB_ID,
          BatchIdentifier: r.BATCH_ID,
          RowsProcessed: Number(r.ROWS_PROCESSED),
          IsSuccess: true,
          RequestIdentifier: r.REQUEST_ID,
        },
        b.ids.next('0eB'),
      );
    for (const r of rows.BulkApi2)
      b.add(
        'BulkApi2EventLog',
        {
          Timestamp: r.TIMESTAMP_DERIVED,
          UserIdentifier: r.USER_ID,
          ObjectType: r.ENTITY_TYPE,
          OperationType: r.OPERATION_TYPE,
          JobIdentifier: r.JOB_ID,
          JobStatus: r.JOB_STATUS,
          RequestIdentifier: r.REQUEST_ID,
        },
        b.ids.next('0eC'),
      );
    for (const r of rows.RestApi) {
      b.add(
        'RestApiEventLog',
        {
          Timestamp: r.TIMESTAMP_DERIVED,
          UserIdentifier: r.USER_ID,
          ObjectName: r.ENTITY_NAME,
          Method: r.METHOD,
          Uri: r.URI,
          StatusCode: Number(r.STATUS_CODE),
          RowsProcessed: Number(r.ROWS_PROCESSED),
          RequestIdentifier: r.REQUEST_ID,
          ClientIp: r.CLIENT_IP,
        },
        b.ids.next('0eL'),
      );
    }
  }
}

type Common = (type: string, user: SfRecord, ms: number, ip: string) => Record<string, string>;

function restRow(c: ApiCall, common: Common, rng: Rng): Record<string, string> {
  const uri = c.method === 'GET' ? '/services/data/v60.0/query' : `/services/data/v60.0/sobjects/${c.entity}`;
  return {
    ...common('RestApi', c.user, c.ms, c.writer.ip),
    URI: uri,
    USER_TYPE: 'Standard',
    REQUEST_STATUS: 'S',
    DB_TOTAL_TIME: String(rng.int(1_000_000, 9_000_000)),
    ENTITY_NAME: c.entity,
    METHOD: c.method,
    MEDIA_TYPE: 'application/json;charset=UTF-8',
    STATUS_CODE: c.method === 'POST' ? '201' : c.method === 'PATCH' ? '204' : '200',
    USER_AGENT: c.writer.app ?? 'Java/17',
    REQUEST_SIZE: String(c.method === 'GET' ? 0 : rng.int(200, 900)),
    RESPONSE_SIZE: String(rng.int(100, 6000)),
    ROWS_PROCESSED: String(c.method === 'GET' ? rng.int(1, 50) : 1),
    NUMBER_FIELDS: String(rng.int(5, 30)),
    DB_BLOCKS: String(rng.int(10, 400)),
    DB_CPU_TIME: String(rng.int(1, 40)),
    URI_ID_DERIVED: '',
  };
}

function soapRow(c: ApiCall, common: Common): Record<string, string> {
  return {
    ...common('API', c.user, c.ms, c.writer.ip),
    URI: '/services/Soap/u/60.0',
    USER_TYPE: 'Standard',
    REQUEST_STATUS: 'S',
    DB_TOTAL_TIME: '2100000',
    API_TYPE: 'P',
    API_VERSION: '60.0',
    METHOD_NAME: c.method === 'GET' ? 'query' : 'create',
    CLIENT_NAME: c.writer.app ?? '',
    ENTITY_NAME: c.entity,
    ROWS_PROCESSED: c.method === 'GET' ? '12' : '1',
    REQUEST_SIZE: '900',
    RESPONSE_SIZE: '4000',
    DB_BLOCKS: '120',
    DB_CPU_TIME: '10',
  };
}
