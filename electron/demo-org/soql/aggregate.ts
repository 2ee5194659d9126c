/**
 * `GROUP BY` with `COUNT`/`MIN`/`MAX`, answered the way Salesforce answers an aggregate query
 * over REST: one `AggregateResult` record per group, the grouped fields by name and each
 * aggregate under its alias, or `expr0`, `expr1`… for aggregates without one (numbered in
 * SELECT order among the unaliased aggregates).
 * Source: Apex Developer Guide, "Working with SOQL Aggregate Functions" (implied alias expri),
 * SOQL and SOSL Reference, "GROUP BY" (every non-aggregated SELECT field must be grouped).
 */
import type { FieldType as ParsedField, Query } from '@jetstreamapp/soql-parser-js';
import type { SfRecord, SfValue } from '../../../shared/model';
import { malformed } from '../errors';
import type { ObjectTable, OrgSchema } from '../schema';
import { toMillis } from './dates';
import { compilePath, type CompiledPath } from './paths';

/**
 * Salesforce refuses queryMore on aggregate queries; a result over one batch cannot be paged.
 * The exact error text is unverified: the demo org answers MALFORMED_QUERY and asks for a
 * narrower query, which is what a caller has to do either way.
 */
export const MAX_GROUPS = 2000;

type Fn = 'COUNT' | 'MIN' | 'MAX';
interface AggregateColumn {
  fn: Fn;
  alias: string;
  path: CompiledPath | null;
}

export interface GroupedQuery {
  groupPaths: CompiledPath[];
  aggregates: AggregateColumn[];
  /** Output keys in SELECT order. */
  order: { kind: 'group' | 'aggregate'; index: number }[];
}

export function compileGrouped(schema: OrgSchema, table: ObjectTable, query: Query): GroupedQuery {
  const groupBy = Array.isArray(query.groupBy) ? query.groupBy : query.groupBy ? [query.groupBy] : [];
  const groupPaths: CompiledPath[] = [];
  for (const g of groupBy) {
    if (!('field' in g) || typeof g.field !== 'string') throw malformed('GROUP BY functions (ROLLUP, CUBE, date functions) are not supported by the demo org');
    groupPaths.push(compilePath(schema, table, g.field));
  }
  const grouped = new Set(groupPaths.map((p) => p.segments.join('.').toLowerCase()));
  const aggregates: AggregateColumn[] = [];
  const order: GroupedQuery['order'] = [];
  let implied = 0;
  for (const f of (query.fields ?? []) as ParsedField[]) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const path = compilePath(schema, table, raw);
      const at = groupPaths.findIndex((p) => p.segments.join('.').toLowerCase() === path.segments.join('.').toLowerCase());
      if (!grouped.has(path.segments.join('.').toLowerCase()) || at < 0) throw malformed(`Field must be grouped or aggregated: ${path.segments.join('.')}`);
      order.push({ kind: 'group', index: at });
    } else if (f.type === 'FieldFunctionExpression' && ['COUNT', 'MIN', 'MAX'].includes(f.functionName.toUpperCase())) {
      const fn = f.functionName.toUpperCase() as Fn;
      const param = (f.parameters ?? []).find((p): p is string => typeof p === 'string');
      if (fn !== 'COUNT' && !param) throw malformed(`${fn}() needs a field`);
      const path = param ? compilePath(schema, table, param) : null;
      const alias = f.alias ?? `expr${implied++}`;
      order.push({ kind: 'aggregate', index: aggregates.length });
      aggregates.push({ fn, alias, path });
    } else {
      throw malformed(`unsupported item in an aggregate query: ${(f as { rawValue?: string }).rawValue ?? f.type}`);
    }
  }
  if (query.having) throw malformed('HAVING is not supported by the demo org');
  return { groupPaths, aggregates, order };
}

function comparable(v: SfValue, type: string): number | string | null {
  if (v === null || v === undefined) return null;
  if (type === 'date' || type === 'datetime') return toMillis(String(v));
  return typeof v === 'string' ? v : Number(v);
}

/** One AggregateResult per distinct combination of the grouped values, in first-seen order. */
export function runGrouped(g: GroupedQuery, rows: readonly SfRecord[]): Record<string, unknown>[] {
  const groups = new Map<string, { keys: SfValue[]; rows: SfRecord[] }>();
  for (const r of rows) {
    const keys = g.groupPaths.map((p) => p.get(r) ?? null);
    // Salesforce groups text case-insensitively and 15/18-character Ids as one value.
    const key = JSON.stringify(keys.map((k) => (typeof k === 'string' ? (k.length === 18 && /^[a-zA-Z0-9]{18}$/.test(k) ? k.slice(0, 15) : k.toLowerCase()) : k)));
    let grp = groups.get(key);
    if (!grp) groups.set(key, (grp = { keys, rows: [] }));
    grp.rows.push(r);
  }
  if (g.groupPaths.length === 0 && groups.size === 0) groups.set('[]', { keys: [], rows: [] });
  if (groups.size > MAX_GROUPS) throw malformed(`an aggregate query returned more than ${MAX_GROUPS} groups, which cannot be paged: narrow the WHERE clause or add LIMIT`);
  const out: Record<string, unknown>[] = [];
  for (const grp of groups.values()) {
    const rec: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const o of g.order) {
      if (o.kind === 'group') {
        const p = g.groupPaths[o.index];
        rec[p.field.name] = grp.keys[o.index];
        continue;
      }
      const a = g.aggregates[o.index];
      if (a.fn === 'COUNT') {
        rec[a.alias] = a.path ? grp.rows.filter((r) => (a.path as CompiledPath).get(r) !== null && (a.path as CompiledPath).get(r) !== undefined).length : grp.rows.length;
        continue;
      }
      const path = a.path as CompiledPath;
      let best: SfValue = null;
      let bestKey: number | string | null = null;
      for (const r of grp.rows) {
        const v = path.get(r);
        const k = comparable(v, path.field.type);
        if (k === null) continue;
        if (bestKey === null || (a.fn === 'MIN' ? k < bestKey : k > bestKey)) {
          bestKey = k;
          best = v;
        }
      }
      rec[a.alias] = best;
    }
    out.push(rec);
  }
  return out;
}
