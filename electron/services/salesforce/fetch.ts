/**
 * Fetching every row of a query, never stopping silently: REST with our own
 * nextRecordsUrl loop, Bulk API 2.0 with our own Sforce-Locator loop (jsforce 3.10's
 * bulk2.query reader crashes on multi-page results). Both report totalSize so the caller
 * can refuse a short read.
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
  records: SfRecord[];
  totalSize: number;
  apiCalls: number;
}

export type OnRows = (fetched: number, total: number | null) => void;

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

export async function restQuery(client: SfClient, soql: string, fields: readonly string[], types: FieldTypes, onRows: OnRows): Promise<FetchResult> {
  const start = client.apiCalls;
  let page = await client.get<QueryPage>(client.dataPath(`/query?q=${encodeURIComponent(soql)}`));
  const totalSize = page.totalSize;
  const records: SfRecord[] = [];
  const read = restRecordReader(fields, types);
  for (;;) {
    for (const r of page.records ?? []) records.push(read(r));
    onRows(records.length, totalSize);
    if (page.done || !page.nextRecordsUrl) break;
    page = await client.get<QueryPage>(page.nextRecordsUrl);
  }
  return { records, totalSize, apiCalls: client.apiCalls - start };
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
   * once); it doubles up to pollMaxMs. Small queries complete in well under a second, and a
   * fixed 250 ms first wait cost ≈ 0.75 s per Bulk object for a job done in 100 ms.
   */
  pollMinMs?: number;
  pollMaxMs: number;
  /** Give up waiting for the job after this long. */
  jobTimeoutMs: number;
}

export const DEFAULT_BULK: BulkOptions = { pageSize: 50_000, pollMinMs: 100, pollMaxMs: 5_000, jobTimeoutMs: 30 * 60_000 };

export async function bulkQuery(client: SfClient, soql: string, types: FieldTypes, onRows: OnRows, opts: BulkOptions = DEFAULT_BULK): Promise<FetchResult> {
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
  let delay = 0;
  while (info.state !== 'JobComplete') {
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw bulkFailure(info);
    }
    if (Date.now() - began > opts.jobTimeoutMs) throw new SfApiError(0, 'BULK_TIMEOUT', `Bulk query job ${jobId} did not complete in time`);
    if (delay > 0) await sleep(delay, client);
    else client.checkCancelled();
    delay = Math.min(opts.pollMaxMs, delay === 0 ? (opts.pollMinMs ?? DEFAULT_BULK.pollMinMs!) : delay * 2);
    info = await client.get<JobInfo>(`${base}/${jobId}`);
  }
  const totalSize = info.numberRecordsProcessed ?? 0;
  onRows(0, totalSize);
  const records: SfRecord[] = [];
  let locator: string | null = null;
  for (;;) {
    const qs = new URLSearchParams({ maxRecords: String(opts.pageSize) });
    if (locator) qs.set('locator', locator);
    const res = await client.request<string>(`${base}/${jobId}/results?${qs.toString()}`, { as: 'text', headers: { accept: 'text/csv' } });
    const rows = parseCsv(typeof res.body === 'string' ? res.body : String(res.body ?? ''));
    if (rows.length > 0) {
      const read = csvRecordReader(rows[0], types);
      for (let i = 1; i < rows.length; i++) {
        const row = rows[i];
        if (row.length === 1 && row[0] === '') continue;
        records.push(read(row));
      }
    }
    onRows(records.length, totalSize);
    const next = res.headers['sforce-locator'];
    if (!next || next === 'null') break;
    if (next === locator) throw new SfApiError(500, 'BULK_LOCATOR', 'Bulk API returned the same locator twice');
    locator = next;
  }
  return { records, totalSize, apiCalls: client.apiCalls - start };
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
 * return the same records, or the read is refused as inconsistent.
 */
export async function restQuerySplit(
  client: SfClient,
  object: string,
  fields: readonly string[],
  types: FieldTypes,
  where: string | undefined,
  onRows: OnRows,
): Promise<PlannedFetch> {
  const groups = splitColumns(client.session.version, object, fields, where);
  const queries = groups.map((g) => selectSoql(object, g, where));
  if (groups.length === 1) return { ...(await restQuery(client, queries[0], fields, types, onRows)), queries };
  const start = client.apiCalls;
  let base: SfRecord[] = [];
  let totalSize = 0;
  for (const [i, group] of groups.entries()) {
    const part = await restQuery(client, queries[i], group, types, i === 0 ? onRows : (_f, t) => onRows(base.length, t));
    if (i === 0) {
      base = part.records;
      totalSize = part.totalSize;
      continue;
    }
    const byId = new Map(part.records.map((r) => [r.Id, r]));
    if (part.totalSize !== totalSize || byId.size !== base.length)
      throw inconsistentRead(object, `column group ${i + 1} of ${groups.length} returned ${part.totalSize} records, the first ${totalSize}`);
    for (const r of base) {
      const more = byId.get(r.Id);
      if (!more) throw inconsistentRead(object, `record ${String(r.Id)} is missing from column group ${i + 1} of ${groups.length}`);
      Object.assign(r, more);
    }
  }
  return { records: base, totalSize, apiCalls: client.apiCalls - start, queries };
}

/**
 * An object without queryMore (EntityDefinition answers `EXCEEDED_ID_LIMIT` past 2,000 rows,
 * SalesforceLabs/OrgCheck#429, forcedotcom/SFDX-Data-Move-Utility#220):
 * pages of `ORDER BY key LIMIT 2000`, each after the last key seen, until a short page.
 */
export async function keysetQuery(client: SfClient, object: string, fields: readonly string[], types: FieldTypes, keyField: string, onRows: OnRows): Promise<PlannedFetch> {
  const start = client.apiCalls;
  const records: SfRecord[] = [];
  const queries: string[] = [];
  let last: string | null = null;
  for (;;) {
    const soql = keysetSoql(object, fields, keyField, last);
    queries.push(soql);
    const before = records.length;
    const page = await restQuery(client, soql, fields, types, (f) => onRows(before + f, null));
    records.push(...page.records);
    if (page.records.length < KEYSET_PAGE) break;
    const key = page.records[page.records.length - 1][keyField];
    if (typeof key !== 'string' || (last !== null && key.toLowerCase() <= last.toLowerCase())) {
      throw inconsistentRead(object, `the ${keyField} cursor did not advance after "${String(key).slice(0, 80)}"`);
    }
    last = key;
  }
  onRows(records.length, records.length);
  return { records, totalSize: records.length, apiCalls: client.apiCalls - start, queries };
}

function inconsistentRead(object: string, detail: string): SfApiError {
  return new SfApiError(200, 'INCONSISTENT_READ', `${object} could not be read consistently: ${detail}. The org may have changed during the collection; collect again.`);
}
