/**
 * The data API under /services/data/vXX.X: resources, describe, limits, REST queries and Bulk
 * API 2.0 query jobs. The org is read-only: writes answer METHOD_NOT_ALLOWED.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BulkService } from './bulk2';
import { describeGlobal, describeObject, isVisible } from './describe';
import { SfError, invalidType, notFound } from './errors';
import { json, parseJsonBody, type Reply } from './http';
import type { QueryService } from './query';
import { batchSizeFrom } from './query';
import { queryColumns } from './soql/columns';
import type { OrgSchema } from './schema';

export interface DataContext {
  schema: OrgSchema;
  queries: QueryService;
  bulk: BulkService;
  limits: { max: number; used: number };
  identityUrl: string;
  /** The session user: queries return only the rows it may see. */
  userId: string;
}

export interface DataRoute {
  /** Object the request reads, for the journal and fault rules. */
  object: string | null;
  run(): Reply;
}

const methodNotAllowed = (method: string, allowed = 'GET,HEAD') => new SfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);

function fromObject(soql: string | null): string | null {
  const m = soql ? /\bfrom\s+([A-Za-z][A-Za-z0-9_]*)/i.exec(soql) : null;
  return m ? m[1] : null;
}

/** Resolves one data API request; throws SfError for anything Salesforce would refuse. */
export function dataRoute(ctx: DataContext, method: string, version: string, segs: string[], params: URLSearchParams, headers: IncomingHttpHeaders, body: string): DataRoute {
  const get = (object: string | null, run: () => Reply): DataRoute => {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method);
    return { object, run };
  };
  const base = `/services/data/v${version}`;
  const [head, ...rest] = segs;
  const tooling = head === 'tooling';
  const s = tooling ? rest : segs;
  const h = s[0];

  if (segs.length === 0) {
    return get(null, () =>
      json({
        tooling: `${base}/tooling`,
        query: `${base}/query`,
        queryAll: `${base}/queryAll`,
        sobjects: `${base}/sobjects`,
        limits: `${base}/limits`,
        jobs: `${base}/jobs`,
        identity: ctx.identityUrl,
      }),
    );
  }
  if (!tooling && h === 'limits' && s.length === 1) {
    return get(null, () =>
      json({
        DailyApiRequests: { Max: ctx.limits.max, Remaining: Math.max(0, ctx.limits.max - ctx.limits.used) },
        DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
        DailyBulkV2QueryFileStorageMB: { Max: 1048576, Remaining: 1048576 },
        ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      }),
    );
  }
  if (h === 'sobjects') {
    if (s.length === 1) return get(null, () => json(describeGlobal(ctx.schema, version, tooling)));
    const table = ctx.schema.table(s[1]);
    if (!table || !isVisible(table, tooling)) throw new SfError(404, 'NOT_FOUND', `The requested resource does not exist`);
    if (s.length === 3 && s[2] === 'describe') return get(table.name, () => json(describeObject(table, version, tooling)));
    if (s.length === 2) {
      return get(table.name, () => json({ objectDescribe: describeObject(table, version, tooling), recentItems: [] }));
    }
    if (s.length === 3) {
      return get(table.name, () => {
        const hit = ctx.schema.lookup(s[2]);
        if (!hit || hit.table !== table) throw notFound('The requested resource does not exist');
        const record: Record<string, unknown> = { ...hit.record };
        for (const f of table.fields.values()) if (f.type === 'base64' && record[f.name] != null) record[f.name] = `${base}/sobjects/${table.name}/${hit.record.Id}/${f.name}`;
        return json({ attributes: { type: table.name, url: `${base}/sobjects/${table.name}/${hit.record.Id}` }, ...record });
      });
    }
    if (s.length === 4) {
      // Blob content: GET /sobjects/EventLogFile/{Id}/LogFile answers the CSV itself.
      const field = table.fields.get(s[3].toLowerCase());
      if (!field || field.type !== 'base64') throw notFound('The requested resource does not exist');
      return get(table.name, () => {
        const hit = ctx.schema.lookup(s[2]);
        const content = hit && hit.table === table ? hit.record[field.name] : null;
        if (typeof content !== 'string') throw notFound('The requested resource does not exist');
        return { status: 200, headers: { 'Content-Type': 'text/csv' }, body: content };
      });
    }
    throw notFound();
  }
  if ((h === 'query' || h === 'queryAll') && (s.length === 1 || s.length === 2)) {
    const all = h === 'queryAll';
    if (s.length === 2) return get(ctx.queries.objectOfLocator(s[1]), () => json(ctx.queries.next(s[1], version, tooling)));
    const q = params.get('q');
    return get(fromObject(q), () => {
      if (q === null) throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      if (params.get('columns') === 'true') return json(queryColumns(ctx.schema, q, tooling));
      return json(ctx.queries.run(q, { all, tooling, batchSize: batchSizeFrom(headers['sforce-query-options']), version, viewerId: ctx.userId }));
    });
  }
  if (!tooling && h === 'jobs' && s[1] === 'query') {
    const id = s[2];
    if (s.length === 2) {
      if (method === 'POST') {
        const parsed = parseJsonBody(body);
        return { object: fromObject(typeof parsed.query === 'string' ? parsed.query : null), run: () => ctx.bulk.create(parsed, version) };
      }
      if (method === 'GET') return { object: null, run: () => ctx.bulk.list() };
      throw methodNotAllowed(method, 'GET,POST');
    }
    if (s.length === 3) {
      const object = ctx.bulk.objectOfJob(id);
      if (method === 'GET') return { object, run: () => ctx.bulk.status(id) };
      if (method === 'PATCH') {
        const parsed = parseJsonBody(body);
        return { object, run: () => ctx.bulk.abort(id, parsed) };
      }
      if (method === 'DELETE') return { object, run: () => ctx.bulk.remove(id) };
      throw methodNotAllowed(method, 'GET,PATCH,DELETE');
    }
    if (s.length === 4 && s[3] === 'results') return get(ctx.bulk.objectOfJob(id), () => ctx.bulk.results(id, params));
  }
  if (h === 'sobjects' || h === 'query') throw invalidType(s[1] ?? '');
  throw notFound();
}
