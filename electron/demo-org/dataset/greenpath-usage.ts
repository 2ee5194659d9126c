/**
 * GreenPath's usage stories (issue #18): business records carrying CreatedById and
 * LastModifiedById, and the free `ApiTotalUsage` event log files.
 *
 * - MuleSoft creates and edits the Accounts, Contacts and Orders it is granted.
 * - Billing is granted Contact edit (declared too) and never touches a Contact: right-size.
 * - Lab Results creates Tasks (follow-ups on abnormal results), which its scope forgot.
 *
 * Event log files follow EventLogFile's documented shape: one Daily file per UTC day with
 * events, created a day late (LogDate = the day, CreatedDate = next day 02:00 UTC here), and a
 * retention of one day after creation (the free tier's retention is unverified; Developer
 * Edition documents one day), 30 days in an org with Event Monitoring (REST API Developer
 * Guide, "Using Event Monitoring"; greenpath-event-monitoring.ts adds that org's other logs).
 * File Ids are derived from the day, so an org started on a later day shows the same Id for
 * the same file, and a new Id for each new day.
 */
import type { SfRecord } from '../../../shared/model';
import { sfId } from '../ids';
import { Rng } from '../rng';
import { DAY_MS, isoAt, type DatasetBuilder } from './builder';
import { DOMAIN, appName } from './greenpath-catalog';
import type { GreenPathContext } from './greenpath';

/** Days of business records (the usual 90-day review window fits inside). */
const RECORD_DAYS = 120;
/** Hours after the end of the logged day at which the daily file appears. */
const FILE_DELAY_HOURS = 26;
const FREE_RETENTION_MS = DAY_MS;
/** Log files of an org with Event Monitoring: 30 days after CreatedDate. */
export const EVENT_MONITORING_RETENTION_MS = 30 * DAY_MS;

/** ApiTotalUsage's CSV columns (EventLogFile Supported Event Types, API Total Usage, v67). */
export const API_TOTAL_USAGE_FIELDS = [
  'EVENT_TYPE',
  'TIMESTAMP',
  'REQUEST_ID',
  'ORGANIZATION_ID',
  'USER_ID',
  'API_FAMILY',
  'API_VERSION',
  'API_RESOURCE',
  'CLIENT_IP',
  'URI',
  'CONNECTED_APP_ID',
  'CONNECTED_APP_NAME',
  'ENTITY_NAME',
  'HTTP_METHOD',
  'STATUS_CODE',
  'COUNTS_AGAINST_API_LIMIT',
  'CLIENT_NAME',
  'USER_NAME',
  'API_CLIENT_CATEGORY',
  'TIMESTAMP_DERIVED',
] as const;
const FIELD_TYPES_ATU = 'String,String,String,Id,Id,String,String,String,IP,String,Id,String,String,String,Number,Boolean,String,String,String,DateTime';

export interface Writer {
  username: string;
  /** object → [created per week, edited per week] */
  writes: Record<string, [number, number]>;
  /** API calls per day: [object, HTTP method, count]. */
  api: [string, string, number][];
  family: string;
  app: string | null;
  ip: string;
}

export const WRITERS: Writer[] = [
  {
    username: `mulesoft_integration@${DOMAIN}`,
    writes: { Account: [3, 6], Contact: [5, 8], Order: [6, 6] },
    api: [
      ['Account', 'GET', 12],
      ['Account', 'POST', 1],
      ['Account', 'PATCH', 2],
      ['Contact', 'GET', 20],
      ['Contact', 'POST', 1],
      ['Contact', 'PATCH', 2],
      ['Order', 'GET', 9],
      ['Order', 'POST', 1],
      ['Order', 'PATCH', 1],
    ],
    family: 'REST',
    app: 'MuleSoft Anypoint Platform',
    ip: '203.0.113.31',
  },
  {
    username: `billing.integration@${DOMAIN}`,
    writes: { Invoice__c: [10, 6], Account: [0, 2] },
    api: [
      ['Account', 'GET', 6],
      ['Account', 'PATCH', 1],
      ['Order', 'GET', 4],
      ['Invoice__c', 'GET', 8],
      ['Invoice__c', 'POST', 2],
      ['Invoice__c', 'PATCH', 1],
    ],
    family: 'REST',
    app: 'Billing Gateway',
    ip: '203.0.113.25',
  },
  {
    username: `lab.integration@${DOMAIN}`,
    writes: { Lab_Result__c: [14, 4], Contact: [0, 1], Task: [2, 0] },
    api: [
      ['Contact', 'GET', 10],
      ['Contact', 'PATCH', 1],
      ['Lab_Result__c', 'POST', 3],
      ['Lab_Result__c', 'PATCH', 1],
      ['Lab_Result__c', 'GET', 5],
      ['Task', 'POST', 1],
    ],
    family: 'REST',
    app: 'LabLink Results',
    ip: '198.51.100.28',
  },
  {
    username: `ehr.integration@${DOMAIN}`,
    writes: { Contact: [4, 10], Patient_Visit__c: [12, 8] },
    api: [
      ['Contact', 'GET', 15],
      ['Contact', 'POST', 1],
      ['Contact', 'PATCH', 2],
      ['Patient_Visit__c', 'GET', 9],
      ['Patient_Visit__c', 'POST', 2],
      ['Patient_Visit__c', 'PATCH', 1],
    ],
    family: 'REST',
    app: 'Epic EHR Connector',
    ip: '198.51.100.22',
  },
  {
    username: `pharmacy.integration@${DOMAIN}`,
    writes: { Prescription__c: [8, 3] },
    api: [
      ['Contact', 'GET', 3],
      ['Prescription__c', 'GET', 2],
      ['Prescription__c', 'POST', 1],
    ],
    family: 'SOAP',
    app: null,
    ip: '203.0.113.33',
  },
  {
    username: `j.alvarez@${DOMAIN}`,
    writes: { Contact: [1, 3] },
    api: [
      ['Contact', 'GET', 4],
      ['Contact', 'PATCH', 1],
    ],
    family: 'REST',
    app: 'Workday',
    ip: '203.0.113.210',
  },
];

/** Fields each business object carries besides the audit fields. */
const NAMES: Record<string, (n: number) => Record<string, string>> = {
  Account: (n) => ({ Name: `Account ${n}` }),
  Contact: (n) => ({ LastName: `Patient ${n}` }),
  Order: (n) => ({ Status: 'Activated', Name: `Order ${n}` }),
  Invoice__c: (n) => ({ Name: `INV-${String(n).padStart(6, '0')}` }),
  Lab_Result__c: (n) => ({ Name: `LR-${String(n).padStart(6, '0')}` }),
  Patient_Visit__c: (n) => ({ Name: `PV-${String(n).padStart(6, '0')}` }),
  Prescription__c: (n) => ({ Name: `RX-${String(n).padStart(6, '0')}` }),
  Task: (n) => ({ Subject: `Follow up ${n}`, Status: 'Not Started' }),
  Case: (n) => ({ Subject: `Case ${n}`, Status: 'New' }),
  Lead: (n) => ({ LastName: `Prospect ${n}`, Company: 'Referral', Status: 'Open' }),
  Opportunity: (n) => ({ Name: `Opportunity ${n}`, StageName: 'Prospecting' }),
};

/** The business objects GreenPath keeps records of (people's and integrations'). */
export const BUSINESS_OBJECTS = [
  'Account',
  'Contact',
  'Case',
  'Task',
  'Lead',
  'Opportunity',
  'Order',
  'Patient_Visit__c',
  'Invoice__c',
  'Prescription__c',
  'Lab_Result__c',
] as const;

function businessRecord(b: DatasetBuilder, object: string, n: number, createdBy: string, createdMs: number, modifiedBy: string, modifiedMs: number): SfRecord {
  return b.add(object, {
    ...(NAMES[object]?.(n) ?? {}),
    // The creator owns a new record unless something assigns it (what sharing is decided on: demo-org/visibility.ts).
    OwnerId: createdBy,
    CreatedById: createdBy,
    CreatedDate: isoAt(createdMs),
    LastModifiedById: modifiedBy,
    LastModifiedDate: isoAt(modifiedMs),
    IsDeleted: false,
  });
}

export function addUsage(ctx: GreenPathContext, options: { eventMonitoring?: boolean } = {}): void {
  const { b, now, today } = ctx;
  const rng = new Rng(18_2026);
  const humans = [...ctx.users.entries()].filter(([u]) => ctx.kinds.get(u) === 'human').map(([, r]) => r.Id);
  let n = 0;
  // People keep a background of records on the shared objects, so an integration's count is never the whole table.
  for (const object of BUSINESS_OBJECTS) {
    for (let k = 0; k < 40; k++) {
      const created = today - rng.int(1, RECORD_DAYS) * DAY_MS + rng.int(8 * 60, 17 * 60) * 60_000;
      const by = humans[rng.int(0, humans.length - 1)];
      businessRecord(b, object, ++n, by, created, by, Math.min(now, created + rng.int(0, 5) * DAY_MS));
    }
  }
  for (const w of WRITERS) {
    const user = ctx.users.get(w.username);
    if (!user) continue;
    for (const [object, [createdPerWeek, editedPerWeek]] of Object.entries(w.writes)) {
      const weeks = Math.floor(RECORD_DAYS / 7);
      for (let week = 0; week < weeks; week++) {
        for (let k = 0; k < createdPerWeek; k++) {
          const created = Math.min(now - 60_000, today - (week * 7 + rng.int(0, 6)) * DAY_MS + rng.int(0, 1439) * 60_000);
          businessRecord(b, object, ++n, user.Id, created, user.Id, created);
        }
        for (let k = 0; k < editedPerWeek; k++) {
          // Someone else's record, last edited by the integration.
          const created = today - (week * 7 + 7 + rng.int(0, 30)) * DAY_MS;
          const modified = Math.min(now - 60_000, today - (week * 7 + rng.int(0, 6)) * DAY_MS + rng.int(0, 1439) * 60_000);
          businessRecord(b, object, ++n, humans[rng.int(0, humans.length - 1)], created, user.Id, modified);
        }
      }
    }
  }
  addApiTotalUsageFiles(ctx, options.eventMonitoring ? EVENT_MONITORING_RETENTION_MS : FREE_RETENTION_MS);
}

/** One API request of a simulated day. */
export interface ApiCall {
  writer: Writer;
  user: SfRecord;
  /** The writer's connected app Id (empty for a SOAP client without one). */
  appId: string;
  entity: string;
  method: string;
  ms: number;
}

/** The requests of one UTC day, the same ones whichever log records them (seeded by the day). */
export function dayCalls(ctx: GreenPathContext, day: number): ApiCall[] {
  const rng = new Rng(Math.floor(day / DAY_MS));
  const calls: ApiCall[] = [];
  for (const w of WRITERS) {
    const user = ctx.users.get(w.username);
    if (!user) continue;
    const appId = w.app ? ([...ctx.appIds.entries()].find(([key]) => appName(key) === w.app)?.[1] ?? '') : '';
    for (const [entity, method, count] of w.api) for (let k = 0; k < count; k++) calls.push({ writer: w, user, appId, entity, method, ms: day + rng.int(0, 86_399) * 1000 });
  }
  return calls;
}

/** Daily files retained at `now`: LogDate days whose file was created and is not yet deleted. */
export function retainedDays(ctx: GreenPathContext, retentionMs: number): { day: number; createdMs: number }[] {
  const out: { day: number; createdMs: number }[] = [];
  for (let day = ctx.today - (Math.ceil(retentionMs / DAY_MS) + 2) * DAY_MS; day < ctx.today; day += DAY_MS) {
    const createdMs = day + DAY_MS + (FILE_DELAY_HOURS - 24) * 3_600_000;
    if (createdMs > ctx.now || createdMs + retentionMs <= ctx.now) continue;
    out.push({ day, createdMs });
  }
  return out;
}

/** `yyyyMMddHHmmss.SSS`, the event logs' TIMESTAMP. */
export function logTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '.000')
    .slice(0, 18);
}

export function csvCell(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

/** The daily ApiTotalUsage files still retained at `now`. */
function addApiTotalUsageFiles(ctx: GreenPathContext, retentionMs: number): void {
  const { b } = ctx;
  const orgId = (b.data.Organization?.[0]?.Id as string).slice(0, 15);
  for (const { day, createdMs } of retainedDays(ctx, retentionMs)) {
    const dayNumber = Math.floor(day / DAY_MS);
    const rows: string[] = [API_TOTAL_USAGE_FIELDS.join(',')];
    let seq = 0;
    for (const { writer: w, user, appId, entity, method, ms } of dayCalls(ctx, day)) {
      const resource = w.family === 'SOAP' ? (method === 'GET' ? 'query' : 'create') : method === 'GET' ? '/query' : `/sobjects/${entity}`;
      const ts = new Date(ms).toISOString();
      rows.push(
        [
          'ApiTotalUsage',
          logTimestamp(ms),
          `TID${dayNumber}${String(++seq).padStart(6, '0')}`,
          orgId,
          user.Id.slice(0, 15),
          w.family,
          '60.0',
          resource,
          w.ip,
          w.family === 'SOAP' ? '/services/Soap/u/60.0' : `/services/data/v60.0${resource}`,
          appId.slice(0, 15),
          w.app ?? '',
          entity,
          w.family === 'SOAP' ? 'POST' : method,
          method === 'POST' ? '201' : '200',
          'true',
          w.app ?? '',
          String(user.Username),
          'EXTERNAL_APPLICATION',
          ts,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    const content = rows.join('\n') + '\n';
    b.add(
      'EventLogFile',
      {
        EventType: 'ApiTotalUsage',
        LogDate: isoAt(day),
        Interval: 'Daily',
        Sequence: 0,
        LogFileLength: Buffer.byteLength(content),
        LogFileContentType: 'CSV',
        LogFileFieldNames: API_TOTAL_USAGE_FIELDS.join(','),
        LogFileFieldTypes: FIELD_TYPES_ATU,
        ApiVersion: 64,
        CreatedDate: isoAt(createdMs),
        LogFile: content,
      },
      sfId('0AT', dayNumber),
    );
  }
}
