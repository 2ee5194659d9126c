/**
 * WHERE clauses. The parser hands back a flat right-leaning chain with paren counts, so the
 * chain is re-read as tokens and parsed with SOQL precedence (NOT > AND > OR) before each
 * condition is compiled into a predicate over records.
 */
import type { Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import type { SfRecord, SfValue } from '../../../shared/model';
import { invalidField, malformed } from '../errors';
import { idKey, type FieldType, type ObjectTable, type OrgSchema } from '../schema';
import { dateLiteralRange, toMillis, type Range } from './dates';
import { compilePath } from './paths';

export type Predicate = (r: SfRecord) => boolean;

export interface WhereContext {
  schema: OrgSchema;
  table: ObjectTable;
  now: number;
  /** Runs a semi-join subquery and returns its single column's values. */
  subquery(q: Query): SfValue[];
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: Record<string, unknown> };

function tokenize(where: WhereClause): Token[] {
  const out: Token[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const left = node.left as Record<string, unknown> | null;
    const op = (node as { operator?: string }).operator;
    if (left) {
      for (let i = 0; i < Number(left.openParen ?? 0); i++) out.push('(');
      if ('operator' in left) out.push({ cond: left });
      for (let i = 0; i < Number(left.closeParen ?? 0); i++) out.push(')');
    }
    if (op === 'AND' || op === 'OR' || op === 'NOT') out.push(op);
    node = (node as { right?: WhereClause }).right;
  }
  return out;
}

export function compileWhere(where: WhereClause, ctx: WhereContext): Predicate {
  const tokens = tokenize(where);
  let pos = 0;
  const peek = () => tokens[pos];
  const parseOr = (): Predicate => {
    const parts = [parseAnd()];
    while (peek() === 'OR') {
      pos++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0] : (r) => parts.some((p) => p(r));
  };
  const parseAnd = (): Predicate => {
    const parts = [parseNot()];
    while (peek() === 'AND') {
      pos++;
      parts.push(parseNot());
    }
    return parts.length === 1 ? parts[0] : (r) => parts.every((p) => p(r));
  };
  const parseNot = (): Predicate => {
    if (peek() === 'NOT') {
      pos++;
      const inner = parseNot();
      return (r) => !inner(r);
    }
    const t = tokens[pos++];
    if (t === '(') {
      const inner = parseOr();
      if (tokens[pos++] !== ')') throw malformed('unexpected token in WHERE: missing closing parenthesis');
      return inner;
    }
    if (t && typeof t === 'object') return compileCondition(t.cond, ctx);
    throw malformed(`unexpected token in WHERE: ${String(t ?? 'end of clause')}`);
  };
  const pred = parseOr();
  if (pos !== tokens.length) throw malformed('unexpected token in WHERE clause');
  return pred;
}

type Kind = 'id' | 'text' | 'number' | 'boolean' | 'time' | 'multi';

function kindOf(type: FieldType): Kind {
  switch (type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'int':
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'datetime':
      return 'time';
    case 'multipicklist':
      return 'multi';
    default:
      return 'text';
  }
}

function unquote(raw: string): string {
  const s = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

function normalise(kind: Kind, v: SfValue): SfValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'id':
      return typeof v === 'string' ? idKey(v) : v;
    case 'text':
    case 'multi':
      return String(v).toLowerCase();
    case 'number':
      return Number(v);
    case 'time':
      return typeof v === 'string' ? toMillis(v) : v;
    default:
      return v;
  }
}

type Literal = { point: SfValue } | { range: Range };

function literal(kind: Kind, raw: string, literalType: string, field: string, now: number): Literal {
  switch (literalType) {
    case 'NULL':
      return { point: null };
    case 'BOOLEAN':
      return { point: raw.toUpperCase() === 'TRUE' };
    case 'INTEGER':
    case 'DECIMAL':
      return { point: Number(raw) };
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL': {
      if (kind !== 'time') throw invalidField(`value of filter criterion for field '${field}' must be of type ${kind} and should not be enclosed in quotes`);
      const range = dateLiteralRange(raw, now);
      if (!range) throw malformed(`unexpected token: '${raw}'`);
      return { range };
    }
    case 'DATE':
    case 'DATETIME': {
      if (kind !== 'time') throw invalidField(`value of filter criterion for field '${field}' must be of type ${kind} and should not be enclosed in quotes`);
      return { point: toMillis(raw) };
    }
    case 'APEX_BIND_VARIABLE':
      throw malformed(`bind variables are not supported outside Apex: ':${raw}'`);
    default: {
      const s = unquote(raw);
      if (kind === 'time' || kind === 'number' || kind === 'boolean') {
        throw invalidField(`value of filter criterion for field '${field}' must be of type ${kind === 'time' ? 'dateTime' : kind} and should not be enclosed in quotes`);
      }
      return { point: normalise(kind, s) };
    }
  }
}

function likeRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

function compileCondition(cond: Record<string, unknown>, ctx: WhereContext): Predicate {
  if (cond.fn) throw malformed('functions in WHERE are not supported by the demo org');
  const fieldRaw = String(cond.field);
  const path = compilePath(ctx.schema, ctx.table, fieldRaw);
  const kind = kindOf(path.field.type);
  const get = path.get;
  const op = String(cond.operator).toUpperCase();
  const types = cond.literalType;
  const typeAt = (i: number) => String(Array.isArray(types) ? (types[i] ?? types[0]) : (types ?? 'STRING'));

  if (cond.valueQuery) {
    if (op !== 'IN' && op !== 'NOT IN') throw malformed('a subquery is only allowed with IN or NOT IN');
    const values = new Set(ctx.subquery(cond.valueQuery as Query).map((v) => normalise(kind, v)));
    return op === 'IN' ? (r) => values.has(normalise(kind, get(r))) : (r) => !values.has(normalise(kind, get(r)));
  }

  const rawValues = Array.isArray(cond.value) ? (cond.value as string[]) : [String(cond.value)];

  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    if (kind !== 'multi') throw invalidField(`includes or excludes operator only valid on multipicklist field: ${path.field.name}`);
    const wanted = rawValues.map((v) =>
      unquote(v)
        .toLowerCase()
        .split(';')
        .map((s) => s.trim()),
    );
    const matches = (r: SfValue) => {
      if (r === null) return false;
      const have = new Set(String(r).toLowerCase().split(';'));
      return wanted.some((all) => all.every((w) => have.has(w)));
    };
    return op === 'INCLUDES' ? (r) => matches(get(r)) : (r) => !matches(get(r));
  }

  if (op === 'IN' || op === 'NOT IN') {
    const set = new Set<SfValue>();
    rawValues.forEach((raw, i) => {
      const lit = literal(kind, raw, typeAt(i), path.field.name, ctx.now);
      if ('range' in lit) throw malformed('date literals are not allowed in IN lists');
      set.add(lit.point);
    });
    return op === 'IN' ? (r) => set.has(normalise(kind, get(r))) : (r) => !set.has(normalise(kind, get(r)));
  }

  if (op === 'LIKE') {
    if (kind !== 'text' && kind !== 'id') throw invalidField(`invalid operator on field '${path.field.name}': LIKE applies to text fields`);
    const re = likeRegex(unquote(rawValues[0]));
    return (r) => {
      const v = get(r);
      return v !== null && re.test(String(v));
    };
  }

  const lit = literal(kind, rawValues[0], typeAt(0), path.field.name, ctx.now);
  if ('range' in lit) {
    const [start, end] = lit.range;
    const inRange = (v: number) => v >= start && v < end;
    const test: Record<string, (v: number) => boolean> = {
      '=': inRange,
      '!=': (v) => !inRange(v),
      '<': (v) => v < start,
      '<=': (v) => v < end,
      '>': (v) => v >= end,
      '>=': (v) => v >= start,
    };
    const t = test[op];
    if (!t) throw malformed(`unexpected operator ${op}`);
    return (r) => {
      const v = normalise(kind, get(r));
      if (v === null) return op === '!=';
      return t(v as number);
    };
  }
  const want = lit.point;
  switch (op) {
    case '=':
      return (r) => normalise(kind, get(r)) === want;
    case '!=':
      return (r) => normalise(kind, get(r)) !== want;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (want === null) return () => false;
      return (r) => {
        const v = normalise(kind, get(r));
        if (v === null) return false;
        if (op === '<') return v < want;
        if (op === '<=') return v <= want;
        if (op === '>') return v > want;
        return v >= want;
      };
    }
    default:
      throw malformed(`unexpected operator ${op}`);
  }
}
