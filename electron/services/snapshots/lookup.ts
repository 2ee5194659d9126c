/**
 * Parts of a stored snapshot's objects, read without loading them (SnapshotData.lookup). Keys
 * and values go in as one JSON array (no limit on how many); a query walks one object's rows in
 * Id order (the primary key), or for a few parents their rows through the parent index, and
 * parses only those that match. Scans the engine announces (`readAhead`) are answered on a
 * second connection in a worker thread (read-ahead.ts) while the engine works on.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import type { LookupCall, ParentsByValue, PlainValues, RecordLookup, SfRecord, SfValue } from '../../../shared/model';
import { ReadAhead, type Statement } from './read-ahead';

/**
 * A keyed read of few parents walks the parent index (migration 010); of many, the object's
 * rows in Id order. Each index hit then looks its row up by key, which costs about what
 * walking a few dozen rows does, so from a 64th of the object on the walk wins (measured at
 * 180,000 users: 4,000 of 9,000 sets' object permissions, 80,000 rows, took 131 ms through
 * the index and 72 ms walking; one user's assignments 85 ms walking, under 1 ms through it).
 */
const WALK_FROM = 1 / 64;

/** Whether a read of `parents` parents' rows of an object of `rows` rows goes through the parent index. */
export function readsThroughParentIndex(parents: number, rows: number): boolean {
  return parents < rows * WALK_FROM;
}

const PARENTS_IN = 'snapshot_id = ? AND sobject = ? AND parent_id IN (SELECT value FROM json_each(?)) ORDER BY record_id';
const THROUGH_INDEX = `SELECT data FROM snapshot_record INDEXED BY snapshot_record_by_parent WHERE ${PARENTS_IN}`;
// The unary + keeps the parent index out: the rows are walked in the primary key's order.
const WALKING = `SELECT data FROM snapshot_record WHERE ${PARENTS_IN.replace('parent_id', '+parent_id')}`;
const DISTINCT = 'SELECT DISTINCT json_extract(data, ?) FROM snapshot_record WHERE snapshot_id = ? AND sobject = ?';

/** Each list is one bit of a mask per value; one pass of parentsByValue answers up to this many lists. */
const BITS = 30;

const path = (field: string) => `$."${field}"`;

/** One pass of parentsByValue: lists `first` … `first + size - 1`, and with `plainColumn` the not-plain keys. */
interface ParentsPass {
  statement: Statement;
  first: number;
  size: number;
  plainColumn: boolean;
}

export function snapshotLookup(db: Database.Database, id: string, counts: ReadonlyMap<string, number>): RecordLookup {
  const prepared = new Map<string, Database.Statement>();
  const readAheads: ReadAhead[] = [];
  const exists = db.prepare('SELECT 1 FROM snapshot WHERE id = ?').pluck();
  const deleted = () => new AppError('not_found', `Snapshot ${id} was deleted while it was open; open it again.`);

  /** Takes the statement's answer if it was read ahead, else runs it on this connection. */
  const run = (s: Statement): unknown => {
    let answer: { rows: unknown } | undefined;
    for (const r of readAheads) if ((answer = r.take(s))) break;
    for (let i = readAheads.length - 1; i >= 0; i--) if (readAheads[i].settled) readAheads.splice(i, 1);
    if (answer) return answer.rows;
    const key = `${s.shape}\u0000${s.sql}`;
    let stmt = prepared.get(key);
    if (!stmt) {
      const p = db.prepare(s.sql);
      prepared.set(key, (stmt = s.shape === 'pluck' ? p.pluck() : p.raw()));
    }
    return s.one ? stmt.get(...s.params) : stmt.all(...s.params);
  };

  const parsed = (rows: unknown[]): SfRecord[] => {
    // Deleted while open: say so rather than answer with nothing.
    if (rows.length === 0 && exists.get(id) === undefined) throw deleted();
    return rows.map((data) => JSON.parse(data as string) as SfRecord);
  };

  const byParentStatement = (object: string, parentIds: readonly string[]): Statement => ({
    sql: readsThroughParentIndex(parentIds.length, counts.get(object) ?? 0) ? THROUGH_INDEX : WALKING,
    params: [id, object, JSON.stringify(parentIds)],
    one: false,
    shape: 'pluck',
  });

  /** `(json_extract(data, ?) IN (…) OR …)` per tested field; with `names`, `json_extract(data, '$.Id', '$.A', …)`: one JSON array per row. */
  const whereStatement = (object: string, conditions: [string, readonly string[]][], names: readonly string[]): Statement => {
    const test = conditions.map(() => 'json_extract(data, ?) IN (SELECT value FROM json_each(?))').join(' OR ');
    const what = names.length ? `json_extract(data, ${names.map(() => '?').join(', ')})` : 'data';
    return {
      sql: `SELECT ${what} FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? AND (${test}) ORDER BY record_id`,
      params: [...names.map(path), id, object, ...conditions.flatMap(([field, values]) => [path(field), JSON.stringify(values)])],
      one: false,
      shape: 'pluck',
    };
  };
  const whereConditions = (anyOf: Readonly<Record<string, readonly string[]>>) => Object.entries(anyOf).filter(([, values]) => values.length > 0);
  const projected = (fields: readonly string[] | undefined): string[] => (fields?.length ? ['Id', ...fields.filter((f) => f !== 'Id')] : []);

  const distinctStatement = (object: string, field: string): Statement => ({ sql: DISTINCT, params: [path(field), id, object], one: false, shape: 'pluck' });

  const parentsPasses = (object: string, field: string, lists: readonly (readonly string[])[], plain: PlainValues): ParentsPass[] => {
    // The JSON types a plain field may hold, as json_type names them (only these three words reach the SQL text).
    const plainTests = Object.entries(plain).map(([f, values]) => ({
      path: path(f),
      types: [...new Set(values.map((v) => (v === null ? "'null'" : v ? "'true'" : "'false'")))].join(', ') || 'NULL',
    }));
    if (lists.length === 0 && plainTests.length === 0) return [];
    const passes: ParentsPass[] = [];
    for (let first = 0; first === 0 || first < lists.length; first += BITS) {
      const chunk = lists.slice(first, first + BITS);
      const masks = new Map<string, number>();
      chunk.forEach((values, bit) => {
        for (const v of values) masks.set(v, (masks.get(v) ?? 0) | (1 << bit));
      });
      // The plain tests are in the first pass only.
      const tests = first === 0 ? plainTests : [];
      const allowed = tests.map((t) => `coalesce(json_type(r.data, ?), 'null') IN (${t.types})`).join(' AND ');
      const columns = chunk.map((_, bit) => `json_group_array(r.parent_id) FILTER (WHERE r.parent_id IS NOT NULL AND j.m & ${1 << bit})`);
      if (allowed) columns.push(`json_group_array(r.parent_id) FILTER (WHERE r.parent_id IS NOT NULL AND NOT (${allowed}))`);
      passes.push({
        // The values and their masks become a small table SQLite indexes on the fly (MATERIALIZED:
        // an automatic index, one lookup per row), so no row is read into JavaScript.
        statement: {
          sql: `WITH j(k, m) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(?))
             SELECT ${columns.join(', ')} FROM snapshot_record r LEFT JOIN j ON j.k = json_extract(r.data, ?)
             WHERE r.snapshot_id = ? AND r.sobject = ?`,
          // Bound in the order the text names them: the value table, the plain tests, then the rest.
          params: [JSON.stringify([...masks]), ...tests.map((t) => t.path), path(field), id, object],
          one: true,
          shape: 'raw',
        },
        first,
        size: chunk.length,
        plainColumn: allowed !== '',
      });
    }
    return passes;
  };

  const statementsOf = (call: LookupCall): Statement[] => {
    switch (call.method) {
      case 'where': {
        const conditions = whereConditions(call.anyOf);
        return conditions.length ? [whereStatement(call.object, conditions, projected(call.fields))] : [];
      }
      case 'distinct':
        return [distinctStatement(call.object, call.field)];
      case 'parentsByValue':
        return parentsPasses(call.object, call.field, call.lists, call.plain).map((p) => p.statement);
    }
  };

  const distinctValues = new Map<string, string[]>();
  return {
    byParent: (object, parentIds) => (parentIds.length ? parsed(run(byParentStatement(object, parentIds)) as unknown[]) : []),
    where: (object, anyOf, fields) => {
      const conditions = whereConditions(anyOf);
      if (conditions.length === 0) return [];
      const names = projected(fields);
      const rows = parsed(run(whereStatement(object, conditions, names)) as unknown[]);
      if (!names.length) return rows;
      return (rows as unknown as SfValue[][]).map((values) => {
        const record = {} as Record<string, SfValue>;
        names.forEach((name, i) => (record[name] = values[i]));
        return record as SfRecord;
      });
    },
    distinct: (object, field) => {
      // A pass over the whole object; the snapshot never changes, so each answer is kept (the
      // review's index and its scope warnings both ask for the objects named in permission rows).
      const key = `${object}\u0000${field}`;
      let values = distinctValues.get(key);
      if (!values) distinctValues.set(key, (values = (run(distinctStatement(object, field)) as unknown[]).filter((v): v is string => typeof v === 'string')));
      return [...values];
    },
    parentsByValue: (object, field, lists, plain): ParentsByValue => {
      const matching: string[][] = lists.map(() => []);
      let notPlain: string[] = [];
      const passes = parentsPasses(object, field, lists, plain);
      if (passes.length === 0) return { matching, notPlain };
      for (const pass of passes) {
        const row = run(pass.statement) as string[];
        // Each list is in exactly one pass.
        for (let bit = 0; bit < pass.size; bit++) matching[pass.first + bit] = JSON.parse(row[bit]) as string[];
        if (pass.plainColumn) notPlain = JSON.parse(row[pass.size]) as string[];
      }
      if (exists.get(id) === undefined) throw deleted();
      return { matching, notPlain };
    },
    readAhead: (calls) => {
      // An in-memory database has no second connection to read it.
      if (db.memory) return;
      const statements = calls.flatMap(statementsOf);
      if (statements.length) readAheads.push(new ReadAhead(db.name, statements));
    },
  };
}
