/**
 * The collector's shortcuts must give exactly what the general code gives: the per-query
 * canonical serializer against canonicalRecordJson, the UTC datetime shortcut against parsing
 * through Date, the run-slicing CSV parser against a character-at-a-time one. A difference
 * would change content hashes between app versions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRecordJson, canonicalRecordSerializer } from '../../../electron/services/snapshots/canonical';
import { parseCsv } from '../../../electron/services/salesforce/csv';
import { csvRecordReader, normaliseDateTime, restRecordReader } from '../../../electron/services/salesforce/records';

const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.double());
const key = fc.oneof(fc.constantFrom('Id', 'Name', 'attributes', 'Zed', 'a', 'é', '"q"', '__x'), fc.string({ maxLength: 6 }));

describe('canonicalRecordSerializer', () => {
  it('serialises every record as canonicalRecordJson does, whether or not its keys match the list', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 8 }), fc.array(fc.dictionary(key, value, { maxKeys: 8 }), { maxLength: 6 }), (keys, extra) => {
        const json = canonicalRecordSerializer(keys);
        // Records with exactly the listed keys (the collector's case), then arbitrary ones.
        const matching = Object.fromEntries(keys.map((k, i) => [k, i % 3 === 0 ? null : i % 3 === 1 ? `v${i}` : i]));
        for (const r of [matching, ...extra]) expect(json(r)).toBe(canonicalRecordJson(r));
      }),
      { numRuns: 500 },
    );
  });
  it('leaves out undefined values and never lists attributes', () => {
    const json = canonicalRecordSerializer(['b', 'a', 'attributes']);
    expect(json({ b: 1, a: undefined } as never)).toBe('{"b":1}');
    expect(json({ b: 1, a: 'x', attributes: { type: 'User' } } as never)).toBe(canonicalRecordJson({ b: 1, a: 'x', attributes: { type: 'User' } } as never));
  });
});

/** What normaliseDateTime did before its shortcut: every value through Date. */
function throughDate(value: string): string {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace('Z', '+0000');
}

describe('normaliseDateTime', () => {
  it('gives what parsing through Date gives, for valid and invalid dates and every zone form', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('Z', '+0000', '+00:00', '-0000', '+0100', '-05:30', ''),
        (y, mo, d, h, mi, s, zone) => {
          const v = `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.123${zone}`;
          expect(normaliseDateTime(v)).toBe(throughDate(v));
        },
      ),
      { numRuns: 3000 },
    );
    for (const v of ['2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2025-01-02T03:04:05Z', 'not a date', ''])
      expect(normaliseDateTime(v)).toBe(throughDate(v));
  });
});

describe('record readers', () => {
  it('type REST and CSV rows of one query the same way', () => {
    const types = new Map([
      ['Id', 'id'],
      ['IsActive', 'boolean'],
      ['UseCount', 'int'],
      ['Amount', 'currency'],
      ['LastLoginDate', 'datetime'],
      ['Name', 'string'],
    ]);
    const fields = [...types.keys()];
    const rest = restRecordReader(fields, types);
    const csv = csvRecordReader(fields, types);
    expect(csv(['005A', 'true', '7', 'x1', '2025-01-02T03:04:05.000Z', 'Ann'])).toEqual({
      Id: '005A',
      IsActive: true,
      UseCount: 7,
      Amount: 'x1',
      LastLoginDate: '2025-01-02T03:04:05.000+0000',
      Name: 'Ann',
    });
    expect(csv(['005B', 'false', '', '', '', ''])).toEqual(rest({ attributes: {}, Id: '005B', IsActive: false, UseCount: null, Name: null }));
  });
});

/** The parser as it was before it sliced runs: one character at a time, same rules. */
function parseCsvByChar(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = (): void => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else {
        if (c === '"') quoted = false;
        else field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i += 2;
    } else if (c === '\n') {
      endRow();
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field (truncated result page?)');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

describe('parseCsv', () => {
  it('parses any text as the character-at-a-time parser does, errors included', () => {
    const outcome = (parse: (t: string) => string[][], t: string) => {
      try {
        return parse(t);
      } catch (err) {
        return (err as Error).message;
      }
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('"', ',', '\n', '\r', 'a', 'b c', 'é', '""', '\r\n', 'x"y'), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(outcome(parseCsv, text)).toEqual(outcome(parseCsvByChar, text));
      }),
      { numRuns: 5000 },
    );
  });
});
