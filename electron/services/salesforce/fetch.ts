/**
 * Fetching every row of a query, never stopping silently: REST with our own
 * nextRecordsUrl loop, Bulk API 2.0 with our own Sforce-Locator loop (jsforce 3.10's
 * bulk2.query reader crashes on multi-page results). Each page goes to the caller (`OnPage`)
 * as it arrives and is not kept here, so memory holds one page, not the object; every reader
 * reports the records received and Salesforce's totalSize so the caller can refuse a short read.
 */
import type { SfRecord } from '../../../shared/model';
import type { SfClient } from './client';
import { parseCsv } from './csv';
import type { FieldTypes } from './describe';
import { SfApiError } from './errors';
import { KEYSET_PAGE, keysetSoql, splitColumns } from './query-plan';
import { csvRecordReader, restRecordReader } from './records';
import { selectSoql } from './soql';

export interface FetchResult {
  /** Records handed to OnPage. */
  received: number;
  totalSize: number;
  apiCalls: number;
}

export type OnRows = (fetched: number, total: number | null) => void;

/** Takes one page of records (the caller stages them); the array is the caller's to keep or mutate. */
export type OnPage = (records: SfRecord[]) => void;

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

export async function countQuery(client: SfClient, soql: string): Promise<number> {
  const page = await client.get<QueryPage>(client.dataPath(`/query?q=${encodeURIComponent(soql)}`));
  return page.totalSize;
}

export async function restQuery(client: SfClient, soql: string, fields: readonly string[], types: FieldTypes, onRows: OnRows, onPage: OnPage): Promise<FetchResult> {
  const start = client.apiCalls;
  let page = await client.get<QueryPage>(client.dataPath(`/query?q=${encodeURIComponent(soql)}`));
  const totalSize = page.totalSize;
  let received = 0;
  const read = restRecordReader(fields, types);
  for (;;) {
    const nextUrl = page.done ? undefined : page.nextRecordsUrl;
    // Asked for before this page is staged: Salesforce prepares it while we work.
    const next = nextUrl ? readAhead(client.get<QueryPage>(nextUrl)) : null;
    await settledOnError(next, () => {
      const records = (page.records ?? []).map(read);
      if (records.length > 0) onPage(records);
      received += records.length;
      onRows(received, totalSize);
    });
    if (!next) break;
    page = await next;
  }
  return { received, totalSize, apiCalls: client.apiCalls - start };
}

/**
 * A request started ahead of need (the next page, while this one is staged): the same request
 * the loop would make next, never an extra one. Its failure is the caller's when it awaits it;
 * until then it must not count as unhandled.
 */
function readAhead<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/**
 * Runs the work on the current page; if it throws (cancelled, the reserve crossed, a staging
 * error), the request already in flight is waited for before the error goes up, so nothing of
 * the collection is still running once it has failed.
 */
async function settledOnError(inFlight: Promise<unknown> | null, work: () => void): Promise<void> {
  try {
    work();
  } catch (err) {
    if (inFlight) await inFlight.catch(() => undefined);
    throw err;
  }
}

interface JobInfo {
  id: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  numberRecordsProcessed?: number;
  errorMessage?: string;
}

export interface BulkOptions {
  pageSize: number;
  /**
   * First wait between status checks (the first check itself follows the job's creation at
   * once); it doubles up to pollMaxMs. Small queries complete in well under a second: a fixed
   * 250 ms first wait cost ≈ 0.75 s per Bulk object for a job done in 100 ms, and a 100 ms one
   * still 0.1 s per object (half a second of a 20,000-user collection). From 20 ms, a job done
   * in 2 s takes two more status checks than from 100 ms (8 against 6), calls the pre-flight
   * bound counts (bulkStatusCheckLimit).
   */
  pollMinMs?: number;
  pollMaxMs: number;
  /** Give up waiting for the job after this long. */
  jobTimeoutMs: number;
}

export const DEFAULT_BULK: BulkOptions = { pageSize: 50_000, pollMinMs: 20, pollMaxMs: 5_000, jobTimeoutMs: 30 * 60_000 };

/** The waits between status checks: the first check at once, then pollMinMs doubling up to pollMaxMs (at least 1 ms). */
function nextPollDelay(delay: number, opts: BulkOptions): number {
  return Math.max(1, Math.min(opts.pollMaxMs, delay === 0 ? (opts.pollMinMs ?? DEFAULT_BULK.pollMinMs!) : delay * 2));
}

/**
 * The most status checks one Bulk job may take: every check whose waits before it stay within
 * jobTimeoutMs (367 with DEFAULT_BULK). bulkQuery never makes more, so the pre-flight estimate
 * (budget.ts) can count them all.
 */
export function bulkStatusCheckLimit(opts: BulkOptions): number {
  let checks = 1;
  let waited = 0;
  for (let delay = nextPollDelay(0, opts); waited + delay <= opts.jobTimeoutMs; delay = nextPollDelay(delay, opts)) {
    waited += delay;
    checks++;
  }
  return checks;
}

export async function bulkQuery(client: SfClient, soql: string, types: FieldTypes, onRows: OnRows, onPage: OnPage, opts: BulkOptions = DEFAULT_BULK): Promise<FetchResult> {
  const start = client.apiCalls;
  const base = client.dataPath('/jobs/query');
  const created = await client.request<JobInfo>(base, {
    method: 'POST',
    body: { operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' },
  });
  const jobId = created.body.id;
  if (!/^[A-Za-z0-9]{15,18}$/.test(jobId ?? '')) throw new SfApiError(500, 'BULK_JOB', 'Bulk API answered without a valid job id');
  let info = created.body;
  const began = Date.now();
  const maxChecks = bulkStatusCheckLimit(opts);
  let checks = 0;
  let delay = 0;
  while (info.state !== 'JobComplete') {
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw bulkFailure(info);
    }
    if (Date.now() - began > opts.jobTimeoutMs || checks >= maxChecks) throw new SfApiError(0, 'BULK_TIMEOUT', `Bulk query job ${jobId} did not complete in time`);
    if (delay > 0) await sleep(delay, client);
    else client.checkCancelled();
    delay = nextPollDelay(delay, opts);
    checks++;
    info = await client.get<JobInfo>(`${base}/${jobId}`);
  }
  const totalSize = info.numberRecordsProcessed ?? 0;
  onRows(0, totalSize);
  let received = 0;
  let locator: string | null = null;
  const resultsPage = (at: string | null) => {
    const qs = new URLSearchParams({ maxRecords: String(opts.pageSize) });
    if (at) qs.set('locator', at);
    return client.request<string>(`${base}/${jobId}/results?${qs.toString()}`, { as: 'text', headers: { accept: 'text/csv' } });
  };
  let res = await resultsPage(null);
  for (;;) {
    const nextLocator = res.headers['sforce-locator'];
    const more = !!nextLocator && nextLocator !== 'null';
    if (more && nextLocator === locator) throw new SfApiError(500, 'BULK_LOCATOR', 'Bulk API returned the same locator twice');
    // The next results page is asked for before this one is parsed and staged.
    const next = more ? readAhead(resultsPage(nextLocator)) : null;
    const body = res.body;
    await settledOnError(next, () => {
      const rows = parseCsv(typeof body === 'string' ? body : String(body ?? ''));
      if (rows.length > 0) {
        const read = csvRecordReader(rows[0], types);
        const records: SfRecord[] = [];
        for (let i = 1; i < rows.length; i++) {
          const row = rows[i];
          if (row.length === 1 && row[0] === '') continue;
          records.push(read(row));
        }
        if (records.length > 0) onPage(records);
        received += records.length;
      }
      onRows(received, totalSize);
    });
    if (!next) break;
    locator = nextLocator;
    res = await next;
  }
  return { received, totalSize, apiCalls: client.apiCalls - start };
}

function bulkFailure(info: JobInfo): SfApiError {
  const message = info.errorMessage ?? `Bulk query job ${info.id} ended ${info.state}`;
  const code = /^([A-Z_]{5,}):/.exec(message)?.[1] ?? (info.state === 'Aborted' ? 'BULK_ABORTED' : 'BULK_FAILED');
  return new SfApiError(400, code, message);
}

function sleep(ms: number, client: SfClient): Promise<void> {
  client.checkCancelled();
  return new Promise((r) => setTimeout(r, ms));
}

export interface PlannedFetch extends FetchResult {
  /** Every SOQL statement sent, in order (recorded in the snapshot's object stats). */
  queries: string[];
}

/**
 * A REST query whose GET would pass Salesforce's 16,384-byte URI limit (KB 000386264; 600–700 `Permissions*`
 * columns on Profile/PermissionSet): one query per column group, merged by Id. Every group must
 * return the same records, or the read is refused as inconsistent. The merge holds the object
 * in memory (only these permission objects are ever split: hundreds to thousands of rows,
 * never the org's users), and hands it on in pages once whole.
 */
export async function restQuerySplit(
  client: SfClient,
  object: string,
  fields: readonly string[],
  types: FieldTypes,
  where: string | undefined,
  onRows: OnRows,
  onPage: OnPage,
): Promise<PlannedFetch> {
  const groups = splitColumns(client.session.version, object, fields, where);
  const queries = groups.map((g) => selectSoql(object, g, where));
  if (groups.length === 1) return { ...(await restQuery(client, queries[0], fields, types, onRows, onPage)), queries };
  const start = client.apiCalls;
  const base: SfRecord[] = [];
  let totalSize = 0;
  for (const [i, group] of groups.entries()) {
    const records: SfRecord[] = i === 0 ? base : [];
    const part = await restQuery(client, queries[i], group, types, i === 0 ? onRows : (_f, t) => onRows(base.length, t), (page) => records.push(...page));
    if (i === 0) {
      totalSize = part.totalSize;
      continue;
    }
    const byId = new Map(records.map((r) => [r.Id, r]));
    if (part.totalSize !== totalSize || byId.size !== base.length)
      throw inconsistentRead(object, `column group ${i + 1} of ${groups.length} returned ${part.totalSize} records, the first ${totalSize}`);
    for (const r of base) {
      const more = byId.get(r.Id);
      if (!more) throw inconsistentRead(object, `record ${String(r.Id)} is missing from column group ${i + 1} of ${groups.length}`);
      Object.assign(r, more);
    }
  }
  for (let i = 0; i < base.length; i += MERGED_PAGE) onPage(base.slice(i, i + MERGED_PAGE));
  return { received: base.length, totalSize, apiCalls: client.apiCalls - start, queries };
}

/** Records per page when a merged split read is handed on. */
const MERGED_PAGE = 2000;

/**
 * An object without queryMore (EntityDefinition answers `EXCEEDED_ID_LIMIT` past 2,000 rows,
 * SalesforceLabs/OrgCheck#429, forcedotcom/SFDX-Data-Move-Utility#220):
 * pages of `ORDER BY key LIMIT 2000`, each after the last key seen, until a short page.
 */
export async function keysetQuery(
  client: SfClient,
  object: string,
  fields: readonly string[],
  types: FieldTypes,
  keyField: string,
  onRows: OnRows,
  onPage: OnPage,
): Promise<PlannedFetch> {
  const start = client.apiCalls;
  const queries: string[] = [];
  let received = 0;
  let last: string | null = null;
  for (;;) {
    const soql = keysetSoql(object, fields, keyField, last);
    queries.push(soql);
    const before = received;
    // The cursor's next key is read before the page is handed on (the caller may re-key it).
    let key: unknown = null;
    const page = await restQuery(
      client,
      soql,
      fields,
      types,
      (f) => onRows(before + f, null),
      (records) => {
        key = records[records.length - 1][keyField];
        onPage(records);
      },
    );
    received += page.received;
    if (page.received < KEYSET_PAGE) break;
    if (typeof key !== 'string' || (last !== null && key.toLowerCase() <= last.toLowerCase())) {
      throw inconsistentRead(object, `the ${keyField} cursor did not advance after "${String(key).slice(0, 80)}"`);
    }
    last = key;
  }
  onRows(received, received);
  return { received, totalSize: received, apiCalls: client.apiCalls - start, queries };
}

function inconsistentRead(object: string, detail: string): SfApiError {
  return new SfApiError(200, 'INCONSISTENT_READ', `${object} could not be read consistently: ${detail}. The org may have changed during the collection; collect again.`);
}
