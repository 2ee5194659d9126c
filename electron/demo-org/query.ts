/**
 * REST query endpoints: `/query`, `/queryAll`, `/tooling/query` and their locators. A query is
 * evaluated once; its matched records are kept under a cursor and each page is projected on
 * demand, so paging through 100k rows never re-runs the query.
 */
import type { SfRecord } from '../../shared/model';
import { SfError } from './errors';
import { IdAllocator } from './ids';
import type { OrgSchema } from './schema';
import { executeSoql, projectRecord, type QueryResultSet } from './soql/engine';
import { checkSingleBatch, METADATA_BATCH, NO_QUERY_MORE } from './soql/metadata-rules';
import type { RowFilter } from './visibility';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_CURSORS = 200;

interface Cursor {
  res: QueryResultSet;
  batchSize: number;
  tooling: boolean;
}

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** `Sforce-Query-Options: batchSize=N`; Salesforce honours 200..2000. */
export function batchSizeFrom(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const m = /batchSize\s*=\s*(\d+)/i.exec(raw);
  if (!m) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

export class QueryService {
  private readonly cursors = new Map<string, Cursor>();
  private readonly ids = new IdAllocator('Qc');

  constructor(
    private readonly schema: OrgSchema,
    private readonly now: () => number,
    /** The rows the session user may see (visibility.ts); every row when not given. */
    private readonly visibleTo: (viewerId: string | null) => RowFilter | undefined = () => undefined,
  ) {}

  /** The object a query or locator reads, for the journal and fault rules (null if unknown). */
  objectOfLocator(locator: string): string | null {
    return this.cursors.get(locator.split('-')[0])?.res.object ?? null;
  }

  run(soql: string, opts: { all: boolean; tooling: boolean; batchSize: number; version: string; viewerId?: string | null }): QueryPage {
    const res = executeSoql(this.schema, soql, { all: opts.all, tooling: opts.tooling, now: this.now(), visible: this.visibleTo(opts.viewerId ?? null) });
    if (res.grouped) return { totalSize: res.totalSize, done: true, records: res.grouped };
    if (res.aggregate?.kind === 'count') return { totalSize: res.totalSize, done: true, records: [] };
    if (res.aggregate?.kind === 'countField') {
      return { totalSize: 1, done: true, records: [{ attributes: { type: 'AggregateResult' }, [res.aggregate.alias]: res.totalSize }] };
    }
    checkSingleBatch(res.object, res.rows.length);
    const id = this.ids.next('QueryLocator');
    const batchSize = NO_QUERY_MORE.has(res.object) ? METADATA_BATCH : opts.batchSize;
    const cursor: Cursor = { res, batchSize, tooling: opts.tooling };
    if (res.rows.length > batchSize) {
      this.cursors.set(id, cursor);
      if (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value as string);
    }
    return this.page(id, cursor, 0, opts.version);
  }

  next(locator: string, version: string, tooling: boolean): QueryPage {
    const [id, offsetRaw] = locator.split('-');
    const cursor = this.cursors.get(id);
    const offset = Number(offsetRaw);
    if (!cursor || cursor.tooling !== tooling || !Number.isInteger(offset) || offset < 0 || offset > cursor.res.rows.length) {
      throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.page(id, cursor, offset, version);
  }

  private page(id: string, cursor: Cursor, offset: number, version: string): QueryPage {
    const { res } = cursor;
    const end = Math.min(res.rows.length, offset + cursor.batchSize);
    const records: Record<string, unknown>[] = new Array(end - offset);
    for (let i = offset; i < end; i++) records[i - offset] = projectRecord(res, res.rows[i] as SfRecord, version);
    const done = end >= res.rows.length;
    // Salesforce's key order: nextRecordsUrl comes before the records.
    if (done) return { totalSize: res.totalSize, done, records };
    return { totalSize: res.totalSize, done, nextRecordsUrl: `/services/data/v${version}/${cursor.tooling ? 'tooling/' : ''}query/${id}-${end}`, records };
  }
}
