/**
 * Evaluates one SOQL statement against the in-memory org: parse, validate every field against
 * the describe, filter, sort, offset/limit. The result keeps references to the matched source
 * records and projects them lazily, page by page, so a 100k-row result costs one filter pass.
 */
import { parseQuery, type FieldType as ParsedField, type OrderByClause, type Query } from '@jetstreamapp/soql-parser-js';
import type { SfRecord, SfValue } from '../../../shared/model';
import { invalidType, malformed, SfError } from '../errors';
import { NOT_SOBJECTS, TOOLING_ONLY, type ObjectTable, type OrgSchema } from '../schema';
import { toMillis } from './dates';
import { compilePath, noSuchColumn, type CompiledPath } from './paths';
import { compileWhere } from './where';
import { checkMetadataQuery, checkMetadataRowCount } from './metadata-rules';
import { compileGrouped, runGrouped } from './aggregate';

export interface QueryOptions {
  /** queryAll: include IsDeleted rows. */
  all?: boolean;
  tooling?: boolean;
  now?: number;
  /**
   * Keeps only the rows the session user may see (visibility.ts), before sorting, limits and
   * grouping: Salesforce counts and groups only what the user can see.
   */
  visible?: (table: ObjectTable, rows: SfRecord[]) => SfRecord[];
}

export interface QueryResultSet {
  object: string;
  table: ObjectTable;
  /** COUNT() answers only totalSize; COUNT(field) one AggregateResult row. */
  aggregate: null | { kind: 'count' } | { kind: 'countField'; alias: string };
  columns: CompiledPath[];
  rows: SfRecord[];
  totalSize: number;
  /** GROUP BY: the AggregateResult records, already projected (aggregate.ts). */
  grouped?: Record<string, unknown>[];
}

/** Salesforce rejects OFFSET beyond 2,000. */
const MAX_OFFSET = 2000;

export function parseSoql(soql: string): Query {
  if (typeof soql !== 'string' || soql.trim() === '') throw malformed('SOQL statement is empty');
  try {
    return parseQuery(soql);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw malformed(`unexpected token in query: ${msg}`);
  }
}

export function executeSoql(schema: OrgSchema, soql: string | Query, options: QueryOptions = {}): QueryResultSet {
  const query = typeof soql === 'string' ? parseSoql(soql) : soql;
  const now = options.now ?? Date.now();
  const objectName = query.sObject;
  if (!objectName) throw malformed('FROM clause is missing');
  const table = schema.table(objectName);
  if (!table || NOT_SOBJECTS.has(table.name) || (options.tooling ? !table.tooling : TOOLING_ONLY.has(table.name))) throw invalidType(objectName);
  checkMetadataQuery(table.name, query.where);
  if (query.groupBy || query.having) {
    const grouped = compileGrouped(schema, table, query);
    // The WHERE clause filters as for any query; grouping runs over what it keeps.
    const filtered = executeSoql(
      schema,
      { ...query, fields: [{ type: 'Field', field: 'Id' }], groupBy: undefined, having: undefined, orderBy: undefined, limit: undefined, offset: undefined },
      options,
    );
    let records = runGrouped(grouped, filtered.rows);
    if (query.limit !== undefined) records = records.slice(0, query.limit);
    return { object: table.name, table, aggregate: null, columns: [], rows: [], totalSize: records.length, grouped: records };
  }

  const fields = (query.fields ?? []) as ParsedField[];
  if (fields.length === 0) throw malformed('SELECT list is empty');
  let aggregate: QueryResultSet['aggregate'] = null;
  const columns: CompiledPath[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const path = compilePath(schema, table, raw);
      if (path.field.toolingOnly && !options.tooling) throw noSuchColumn(path.field.name, table.name);
      const key = path.segments.join('.').toLowerCase();
      if (seen.has(key)) throw new SfError(400, 'MALFORMED_QUERY', `duplicate field selected: ${path.segments.join('.')}`);
      seen.add(key);
      columns.push(path);
    } else if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT') {
      if (f.parameters && f.parameters.length > 0) {
        for (const p of f.parameters) if (typeof p === 'string') compilePath(schema, table, p);
        aggregate = { kind: 'countField', alias: f.alias ?? 'expr0' };
      } else {
        aggregate = { kind: 'count' };
      }
    } else if (f.type === 'FieldSubquery') {
      throw malformed('child relationship subqueries are not supported by the demo org');
    } else {
      throw malformed(`unsupported SELECT item: ${(f as { rawValue?: string }).rawValue ?? f.type}`);
    }
  }
  if (aggregate && columns.length > 0) throw malformed('Field must be grouped or aggregated: ' + columns[0].segments.join('.'));

  let rows = table.records;
  if (!options.all && table.fields.has('isdeleted')) rows = rows.filter((r) => r.IsDeleted !== true);
  if (query.where) {
    const pred = compileWhere(query.where, {
      schema,
      table,
      now,
      subquery: (sub) => {
        const res = executeSoql(schema, sub, { ...options, all: false });
        if (res.columns.length !== 1) throw malformed('a semi-join subquery must select exactly one field');
        const col = res.columns[0];
        return res.rows.map((r) => col.get(r));
      },
    });
    rows = rows.filter(pred);
  }
  if (options.visible) rows = options.visible(table, rows);
  const orderBy = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
  if (orderBy.length > 0) rows = sortRows(schema, table, rows, orderBy);
  else if (rows === table.records) rows = rows.slice();

  const offset = query.offset ?? 0;
  if (offset > MAX_OFFSET) throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  if (offset > 0 || query.limit !== undefined) rows = rows.slice(offset, query.limit !== undefined ? offset + query.limit : undefined);
  checkMetadataRowCount(columns, rows.length);
  return { object: table.name, table, aggregate, columns, rows, totalSize: rows.length };
}

function sortKey(type: string, v: SfValue): SfValue {
  if (v === null || v === undefined) return null;
  if (type === 'date' || type === 'datetime') return toMillis(String(v));
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function sortRows(schema: OrgSchema, table: ObjectTable, rows: SfRecord[], orderBy: OrderByClause[]): SfRecord[] {
  const specs = orderBy.map((o) => {
    if (!('field' in o) || !o.field) throw malformed('ORDER BY functions are not supported by the demo org');
    const path = compilePath(schema, table, o.field);
    const desc = o.order === 'DESC';
    // Salesforce puts nulls first when ascending and last when descending, unless told otherwise.
    const nullsFirst = o.nulls ? o.nulls === 'FIRST' : !desc;
    return { path, desc, nullsFirst };
  });
  const keyed = rows.map((r, i) => ({ r, i, k: specs.map((s) => sortKey(s.path.field.type, s.path.get(r))) }));
  keyed.sort((a, b) => {
    for (let j = 0; j < specs.length; j++) {
      const x = a.k[j];
      const y = b.k[j];
      if (x === y) continue;
      if (x === null) return specs[j].nullsFirst ? -1 : 1;
      if (y === null) return specs[j].nullsFirst ? 1 : -1;
      const c = x < y ? -1 : 1;
      return specs[j].desc ? -c : c;
    }
    return a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

type JsonRecord = Record<string, unknown>;

function attributes(type: string, id: SfValue, version: string): JsonRecord {
  return { type, url: `/services/data/v${version}/sobjects/${type}/${id}` };
}

/** One record as the REST query API returns it, parent paths as nested objects. */
export function projectRecord(res: QueryResultSet, record: SfRecord, version: string): JsonRecord {
  const nullIds = res.table.nullIds;
  const out: JsonRecord = { attributes: nullIds ? { type: res.object } : attributes(res.object, record.Id, version) };
  for (const col of res.columns) {
    if (col.segments.length === 1) {
      // A blob field answers its URL, as Salesforce does; the content is a GET of that URL.
      if (col.field.type === 'base64')
        out[col.segments[0]] = record[col.field.name] == null ? null : `/services/data/v${version}/sobjects/${res.object}/${record.Id}/${col.field.name}`;
      else out[col.segments[0]] = nullIds && col.field.name === 'Id' ? null : col.field.compute ? col.get(record) : (record[col.field.name] ?? null);
      continue;
    }
    const hops = col.hops(record);
    let target: JsonRecord = out;
    let i = 0;
    for (; i < hops.length; i++) {
      const rel = col.segments[i];
      const hop = hops[i];
      if (!hop) {
        if (!(rel in target)) target[rel] = null;
        break;
      }
      let next = target[rel] as JsonRecord | null | undefined;
      if (!next) {
        next = { attributes: attributes(hop.type, hop.record.Id, version) };
        target[rel] = next;
      }
      target = next;
    }
    if (i === hops.length) target[col.field.name] = hops[hops.length - 1]?.record[col.field.name] ?? null;
  }
  return out;
}

/** Bulk API 2.0 CSV header: the selected paths as written canonically. */
export function csvHeader(res: QueryResultSet): string[] {
  return res.columns.map((c) => c.segments.join('.'));
}

export function csvValues(res: QueryResultSet, record: SfRecord): SfValue[] {
  const nullIds = res.table.nullIds;
  return res.columns.map((c) => (nullIds && c.segments.length === 1 && c.field.name === 'Id' ? null : c.get(record)));
}
