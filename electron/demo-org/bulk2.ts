/**
 * Bulk API 2.0 query jobs. The query runs when the job is created; results are served as CSV
 * pages with `Sforce-Locator` (the string "null" on the last page) and `Sforce-NumberOfRecords`.
 * The first status poll answers InProgress so clients exercise their polling loop.
 */
import type { SfValue } from '../../shared/model';
import { SfError, notFound } from './errors';
import { formatDateTime } from './schema';
import type { Reply } from './http';
import { IdAllocator } from './ids';
import type { OrgSchema } from './schema';
import { csvHeader, csvValues, executeSoql, type QueryResultSet } from './soql/engine';
import type { RowFilter } from './visibility';
import { checkBulkSupported } from './soql/metadata-rules';

const DEFAULT_MAX_RECORDS = 50_000;
const MAX_JOBS = 100;
const DELIMITERS: Record<string, string> = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' };

interface Job {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  createdDate: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted';
  polls: number;
  res: QueryResultSet;
  delimiter: string;
  columnDelimiter: string;
  lineEnding: 'LF' | 'CRLF';
  version: string;
}

/** Salesforce quotes every non-null value; null is an empty, unquoted cell. */
function csvCell(v: SfValue): string {
  if (v === null || v === undefined) return '';
  return `"${String(v).replace(/"/g, '""')}"`;
}

export class BulkService {
  private readonly jobs = new Map<string, Job>();
  private readonly ids = new IdAllocator('Bk');

  constructor(
    private readonly schema: OrgSchema,
    private readonly now: () => number,
    private readonly userId: () => string,
    /** The rows the session user may see (visibility.ts); every row when not given. */
    private readonly visibleTo: (viewerId: string | null) => RowFilter | undefined = () => undefined,
  ) {}

  objectOfJob(id: string): string | null {
    return this.jobs.get(id)?.object ?? null;
  }

  create(body: Record<string, unknown>, version: string): Reply {
    const operation = body.operation ?? 'query';
    if (operation !== 'query' && operation !== 'queryAll') throw new SfError(400, 'INVALIDJOB', `Invalid operation: ${String(operation)}. Use query or queryAll`);
    if (typeof body.query !== 'string' || body.query.trim() === '') throw new SfError(400, 'INVALIDJOB', 'The query field is required');
    const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
    const delimiter = DELIMITERS[columnDelimiter];
    if (!delimiter) throw new SfError(400, 'INVALIDJOB', `Invalid columnDelimiter: ${columnDelimiter}`);
    const lineEnding = body.lineEnding === 'CRLF' ? 'CRLF' : 'LF';
    if (body.contentType !== undefined && body.contentType !== 'CSV') throw new SfError(400, 'INVALIDJOB', 'Only CSV is supported for query jobs');
    const res = executeSoql(this.schema, body.query, { all: operation === 'queryAll', now: this.now(), visible: this.visibleTo(this.userId()) });
    if (res.aggregate || res.grouped) throw new SfError(400, 'INVALIDJOB', 'Aggregate queries are not supported by Bulk API 2.0 query jobs');
    checkBulkSupported(res.object);
    const job: Job = {
      id: this.ids.next('BulkJob'),
      operation,
      object: res.object,
      createdDate: formatDateTime(this.now()),
      state: 'UploadComplete',
      polls: 0,
      res,
      delimiter,
      columnDelimiter,
      lineEnding,
      version,
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    return { status: 200, body: this.info(job) };
  }

  private info(job: Job): Record<string, unknown> {
    const base: Record<string, unknown> = {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: this.userId(),
      createdDate: job.createdDate,
      systemModstamp: job.createdDate,
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.version),
      lineEnding: job.lineEnding,
      columnDelimiter: job.columnDelimiter,
    };
    if (job.state === 'JobComplete' || job.state === 'InProgress') {
      base.numberRecordsProcessed = job.state === 'JobComplete' ? job.res.rows.length : 0;
      base.retries = 0;
      base.totalProcessingTime = 0;
      base.jobType = 'V2Query';
    }
    return base;
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw notFound('Could not find the job');
    return job;
  }

  status(id: string): Reply {
    const job = this.job(id);
    if (job.state === 'UploadComplete') job.state = 'InProgress';
    else if (job.state === 'InProgress') job.state = 'JobComplete';
    return { status: 200, body: this.info(job) };
  }

  list(): Reply {
    return { status: 200, body: { done: true, records: [...this.jobs.values()].map((j) => this.info(j)), nextRecordsUrl: null } };
  }

  abort(id: string, body: Record<string, unknown>): Reply {
    const job = this.job(id);
    if (body.state !== 'Aborted') throw new SfError(400, 'INVALIDJOBSTATE', 'Only state Aborted can be set on a query job');
    if (job.state === 'JobComplete') throw new SfError(400, 'INVALIDJOBSTATE', 'Cannot abort a completed job');
    job.state = 'Aborted';
    return { status: 200, body: this.info(job) };
  }

  remove(id: string): Reply {
    this.job(id);
    this.jobs.delete(id);
    return { status: 204 };
  }

  results(id: string, params: URLSearchParams): Reply {
    const job = this.job(id);
    if (job.state === 'Aborted') throw new SfError(400, 'INVALIDJOBSTATE', 'The job was aborted');
    job.state = 'JobComplete';
    let offset = 0;
    const locator = params.get('locator');
    if (locator) {
      offset = decodeLocator(locator);
      if (!Number.isInteger(offset) || offset < 0 || offset > job.res.rows.length) throw new SfError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
    }
    const maxRaw = params.get('maxRecords');
    const max = maxRaw === null ? DEFAULT_MAX_RECORDS : Number(maxRaw);
    if (!Number.isInteger(max) || max < 1) throw new SfError(400, 'INVALIDMAXRECORDS', 'maxRecords must be a positive integer');
    const end = Math.min(job.res.rows.length, offset + max);
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    const d = job.delimiter;
    const lines: string[] = [
      csvHeader(job.res)
        .map((h) => csvCell(h))
        .join(d),
    ];
    for (let i = offset; i < end; i++)
      lines.push(
        csvValues(job.res, job.res.rows[i])
          .map((v) => csvCell(v))
          .join(d),
      );
    const next = end < job.res.rows.length ? encodeLocator(end) : 'null';
    return {
      status: 200,
      headers: { 'Content-Type': 'text/csv', 'Sforce-Locator': next, 'Sforce-NumberOfRecords': String(end - offset) },
      body: lines.join(eol) + eol,
    };
  }
}

function encodeLocator(offset: number): string {
  return Buffer.from(`off:${offset}`).toString('base64url');
}
function decodeLocator(locator: string): number {
  const text = Buffer.from(locator, 'base64url').toString('utf8');
  return text.startsWith('off:') ? Number(text.slice(4)) : NaN;
}
