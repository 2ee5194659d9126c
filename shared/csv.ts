/**
 * CSV text that org data cannot turn into a formula. A spreadsheet program opening a CSV runs a
 * cell that begins with `=`, `+`, `-`, `@`, tab or carriage return as a formula (OWASP "CSV
 * Injection"). Such text, and text that already begins with `'`, gets one `'` in front:
 * spreadsheets show it as text, and the exact value is recovered by removing one leading `'`
 * from any cell that starts with one (docs/evidence.md). Numbers are the app's own and stay
 * numbers. Used by the evidence pack's CSV files and by CSV downloads in the window. Pure.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: null is empty, numbers as they are, text neutralised and quoted. */
export function csvValue(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${neutraliseCsvText(value).replace(/"/g, '""')}"`;
}

/** Whole CSV text, CRLF line ends (RFC 4180), every line ended. */
export function csvText(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => `${r.map(csvValue).join(',')}\r\n`).join('');
}
