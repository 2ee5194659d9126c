/**
 * The xlsx sink writes sharedStrings.xml in pieces instead of exceljs's one string: the bytes
 * must be exactly what exceljs would have written, so Excel and `iua verify` read the same pack.
 */
import { describe, expect, it } from 'vitest';
import SharedStrings from 'exceljs/lib/utils/shared-strings.js';
import SharedStringsXform from 'exceljs/lib/xlsx/xform/strings/shared-strings-xform.js';
import { sharedStringsXml } from '../../../electron/services/evidence/xlsx-sink';

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
});
