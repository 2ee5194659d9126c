import { describe, expect, it } from 'vitest';
import { csvText, csvValue, neutraliseCsvText } from '../../../shared/csv';

describe('CSV that org data cannot turn into a formula', () => {
  it('puts one quote before text a spreadsheet would run as a formula, and before text that already starts with one', () => {
    for (const t of ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx', "'quoted"]) expect(neutraliseCsvText(t)).toBe(`'${t}`);
    for (const t of ['plain', 'a=b', '']) expect(neutraliseCsvText(t)).toBe(t);
  });
  it('quotes text, doubles quotes, keeps numbers and empties as they are', () => {
    expect(csvValue('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvValue('=1+1')).toBe(`"'=1+1"`);
    expect(csvValue(-5)).toBe('-5');
    expect(csvValue(null)).toBe('');
  });
  it('ends every line with CRLF, line breaks inside a field stay inside its quotes', () => {
    expect(
      csvText([
        ['a', 'b'],
        ['multi\nline', 3],
      ]),
    ).toBe('"a","b"\r\n"multi\nline",3\r\n');
    expect(csvText([])).toBe('');
  });
});
