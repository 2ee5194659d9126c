/**
 * The xlsx sink writes sharedStrings.xml in pieces instead of exceljs's one string: the bytes
 * must be exactly what exceljs would have written, so Excel and `iua verify` read the same pack.
 */
import { describe, expect, it } from 'vitest';
import SharedStrings from 'exceljs/lib/utils/shared-strings.js';
import SharedStringsXform from 'exceljs/lib/xlsx/xform/strings/shared-strings-xform.js';
import { sharedStringsXml } from '../../../electron/services/evidence/xlsx-sink';
import { CompactSharedStrings } from '../../../electron/services/evidence/shared-strings';

function model(values: string[]) {
  const strings = new SharedStrings();
  for (const v of values) strings.add(v);
  return strings;
}

describe('sharedStrings.xml in pieces', () => {
  it('is byte-identical to exceljs’s own rendering, across several pieces', () => {
    const values = Array.from({ length: 25_003 }, (_, i) => (i % 7 === 0 ? ` lead & trail <${i}> ` : i % 11 === 0 ? `"quoted" 'x' ${i}\nline` : `user${i}@example.com`));
    values.push('', 'Ünïcödé ✓ 𝔘', values[5]);
    const m = model(values);
    const pieces = [...sharedStringsXml(m)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(new SharedStringsXform().toXml(m));
  });

  it('renders a single string as exceljs does', () => {
    const m = model(['only']);
    expect([...sharedStringsXml(m)].join('')).toBe(new SharedStringsXform().toXml(m));
  });

  it('numbers strings as exceljs does and renders the same bytes, long and short, repeated or not, in any script', () => {
    const long = (i: number) => `remove Read on Account from permission set PS_${i % 500}, or unassign it from user${i % 700}@example.com`;
    const values: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      values.push(i % 3 === 0 ? long(i) : i % 3 === 1 ? `user${i % 900}@example.com` : `${'Ünïcödé ✓ 𝔘 '.repeat(i % 9)}${i % 13}`);
      if (i % 1000 === 0) values.push('x'.repeat(64), 'y'.repeat(65), `lone \ud800 surrogate ${'z'.repeat(70)}`, `${'é'.repeat(80)}`, '');
    }
    const ours = new CompactSharedStrings();
    const theirs = new SharedStrings();
    expect(values.map((v) => ours.add(v))).toEqual(values.map((v) => theirs.add(v)));
    expect(ours.count).toBe(theirs.count);
    expect(ours.totalRefs).toBe(values.length);
    for (let i = 0; i < theirs.count; i++) if (ours.getString(i) !== theirs.values[i]) expect.fail(`string ${i} differs`);
    expect([...sharedStringsXml(ours)].join('')).toBe(new SharedStringsXform().toXml(theirs));
  });
});
