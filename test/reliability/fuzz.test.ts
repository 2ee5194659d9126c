/**
 * Fuzzing with fast-check. The SOQL builder (electron/services/salesforce/soql.ts): every
 * query it builds from hostile names, quotes, backslashes and unicode parses (with the same
 * parser the demo org uses) and its literals decode to exactly what was meant; anything it
 * cannot make safe it refuses with an error instead of building. The scope-file parser: every
 * bad scope file gets an error result, never a throw.
 */
import fc from 'fast-check';
import { parseQuery, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { parseScopeText, validateScope } from '../../shared/audit/scope';
import { idList, selectSoql, soqlDateTime, soqlString } from '../../electron/services/salesforce/soql';
import { muleSystem, scopeOf } from '../unit/audit/fixtures';
import { reportAs, tally } from './support/report';

reportAs('fuzz.test.ts');

const RUNS = Number(process.env.IUA_FUZZ_RUNS ?? 1000);

/** Salesforce's string-literal escapes (SOQL and SOSL reference, "Quoted String Escape Sequences"). */
function decodeSoqlString(raw: string): string {
  expect(raw.startsWith("'") && raw.endsWith("'")).toBe(true);
  return raw.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

function whereOf(q: Query): WhereClause {
  expect(q.where).toBeDefined();
  return q.where!;
}

/** Strings an org could hold: every code point class, with the characters SOQL cares about made likely. */
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom("'", '"', '\\', '\n', '\r', '\t', '\b', '\f', '%', '_', ' ', 'a', 'é', '🙂', '\u2028', '\u2029', '\u0085', '\u0000', '\u007f', '=', '@', '+', '-'),
    maxLength: 40,
  }),
  fc.constantFrom("O'Brien\\", "\\'", "\\\\'", "' OR Name != '", "'; DELETE FROM User; --", '=HYPERLINK("http://x","y")', '\\u0027', '\\n'),
);

describe('fuzz: SOQL builder', () => {
  it('every string literal it builds parses and decodes to exactly the input', () => {
    let n = 0;
    fc.assert(
      fc.property(hostileString, (value) => {
        n++;
        let literal: string;
        try {
          literal = soqlString(value);
        } catch (err) {
          // The one thing it may refuse: separators SOQL has no escape for.
          expect(err).toBeInstanceOf(AppError);
          expect(value).toMatch(/[\u2028\u2029]/);
          return;
        }
        const soql = `SELECT Id FROM User WHERE Username = ${literal}`;
        const q = parseQuery(soql);
        const where = whereOf(q);
        expect((where as { right?: unknown }).right).toBeUndefined();
        const cond = where.left as { field: string; operator: string; value: string; literalType: string };
        expect(cond.field).toBe('Username');
        expect(cond.operator).toBe('=');
        expect(cond.literalType).toBe('STRING');
        expect(decodeSoqlString(cond.value)).toBe(value);
      }),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });

  it('object and field names are either valid API names that round-trip, or refused', () => {
    let n = 0;
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,30}$/), hostileString);
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 6 }), (object, fields) => {
        n++;
        let soql: string;
        try {
          soql = selectSoql(object, fields);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect(/^[A-Za-z][A-Za-z0-9_]*$/.test(object) && fields.every((f) => /^[A-Za-z][A-Za-z0-9_]*$/.test(f))).toBe(false);
          return;
        }
        // Reserved words are valid API-name shapes the parser may still reject; Salesforce never names a field or object after them.
        let q: Query;
        try {
          q = parseQuery(soql);
        } catch {
          expect([object, ...fields].some((w) => RESERVED.has(w.toUpperCase()))).toBe(true);
          return;
        }
        expect(q.sObject).toBe(object);
        expect((q.fields ?? []).map((f) => (f as { field: string }).field)).toEqual(fields);
      }),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });

  it('Id lists accept only Salesforce Ids, and parse to exactly those Ids', () => {
    let n = 0;
    const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{15}$/), fc.stringMatching(/^[A-Za-z0-9]{18}$/));
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 5, arbitrary: id }, { weight: 1, arbitrary: hostileString }), { minLength: 1, maxLength: 20 }), (ids) => {
        n++;
        let list: string;
        try {
          list = idList(ids);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect(ids.some((i) => !/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(i))).toBe(true);
          return;
        }
        const q = parseQuery(`SELECT Id FROM ObjectPermissions WHERE ParentId IN (${list})`);
        const cond = whereOf(q).left as { operator: string; value: string[] };
        expect(cond.operator).toBe('IN');
        expect(cond.value.map(decodeSoqlString)).toEqual(ids);
      }),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });

  it('datetime literals parse as datetimes for any date', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        n++;
        const q = parseQuery(`SELECT Id FROM LoginHistory WHERE LoginTime >= ${soqlDateTime(d)}`);
        const cond = whereOf(q).left as { value: string; literalType: string };
        expect(cond.literalType).toBe('DATETIME');
        expect(Date.parse(cond.value)).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });
});

/** Words the SOQL parser treats as keywords (AS: it reads `SELECT as FROM A` as an alias; seed 391149455). No Salesforce object or field has these names. */
const RESERVED = new Set(
  'AND ASC DESC EXCLUDES FIRST FROM GROUP HAVING IN INCLUDES LAST LIKE LIMIT NOT NULL NULLS OR SELECT WHERE WITH TYPEOF WHEN THEN ELSE END USING SCOPE OFFSET ORDER BY FOR UPDATE VIEW REFERENCE TRACKING VIEWSTAT TRUE FALSE ABOVE BELOW AT ABOVE_OR_BELOW DATA CATEGORY ROLLUP CUBE FORMAT CONVERTCURRENCY TOLABEL COUNT COUNT_DISTINCT MIN MAX SUM AVG FIELDS ALL CUSTOM STANDARD SECURITY_ENFORCED USER_MODE SYSTEM_MODE AS'.split(
    ' ',
  ),
);

/** Never throws: the parser's whole contract. Returns the result for further checks. */
function parseBoth(text: string) {
  const asYaml = parseScopeText(text, { fileName: 'scope.yaml', format: 'yaml' });
  const asJson = parseScopeText(text, { fileName: 'scope.json', format: 'json' });
  for (const r of [asYaml, asJson]) {
    if (!r.ok) {
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(typeof e.path).toBe('string');
        expect(typeof e.reason).toBe('string');
        expect(e.reason.length).toBeGreaterThan(0);
      }
    }
  }
  return { asYaml, asJson };
}

describe('fuzz: scope-file parser', () => {
  const valid = scopeOf(muleSystem());

  it('never throws on arbitrary text, YAML or JSON', () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.json(),
          fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', '-', ' ', '\n', '&a', '*a', '!!', '"', "'", '#', '|', '>', '? ', 'version', 'systems', '1'), maxLength: 200 }),
        ),
        (text) => {
          n++;
          parseBoth(text);
        },
      ),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });

  it('never throws on any value, and a mutated valid scope either parses or names what is wrong', () => {
    let n = 0;
    const mutation = fc.record({
      path: fc.constantFrom(
        ['version'],
        ['systems'],
        ['systems', 0],
        ['systems', 0, 'name'],
        ['systems', 0, 'users'],
        ['systems', 0, 'objects'],
        ['systems', 0, 'objects', 'Account'],
        ['systems', 0, 'authFlow'],
        ['systems', 0, 'thresholds'],
        ['extra'],
      ),
      value: fc.anything({ withBigInt: false, withNullPrototype: true, withObjectString: true, withMap: false, withSet: false }),
    });
    fc.assert(
      fc.property(fc.anything(), mutation, (anything, m) => {
        n += 2;
        expect(validateScope(anything).ok === true || validateScope(anything).ok === false).toBe(true);
        const doc = structuredClone(valid) as unknown as Record<string, unknown>;
        let at = doc as Record<string | number, unknown>;
        for (const k of m.path.slice(0, -1)) at = (at[k] ?? {}) as Record<string | number, unknown>;
        at[m.path[m.path.length - 1]] = m.value;
        let text: string;
        try {
          text = toYaml(doc);
        } catch {
          return;
        }
        const { asYaml } = parseBoth(text);
        const json = JSON.stringify(doc);
        if (json !== undefined) parseBoth(json);
        if (asYaml.ok) expect(asYaml.scope.version).toBe(1);
      }),
      { numRuns: RUNS },
    );
    tally('fuzz', { tests: 1, hostile: n });
  });

  it('refuses resource-exhaustion YAML (alias bombs, deep nesting, duplicate keys) with an error', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const deepMap = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const dupes = 'version: 1\nversion: 1\nsystems: []\n';
    const cases = [bomb, `version: 1\nsystems: *nope\n`, deep, deepMap, dupes, '{"version":1,"version":1,"systems":[]}'];
    for (const text of cases) {
      const { asYaml, asJson } = parseBoth(text);
      expect([asYaml.ok, asJson.ok]).not.toContain(true);
    }
    // Odd but harmless: only "never throws" is asked of these.
    for (const text of ['\uFEFFversion: 1\nsystems: []', '%YAML 9.9\n---\nversion: 1', '--- !!binary AAAA', '!!js/function "x"']) parseBoth(text);
    tally('fuzz', { tests: 1, hostile: cases.length + 4 });
  });
});
