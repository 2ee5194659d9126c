/**
 * A small RFC 4180 parser for Bulk API 2.0 results: quoted fields, doubled quotes, commas
 * and line breaks inside quotes, CRLF or LF. Returns rows of strings (header first).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  // Fields are sliced out of the page in runs, not built a character at a time: a 50,000-row
  // page is millions of characters, and per-character concatenation was most of its parse time.
  while (i < n) {
    if (quoted) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        field += text.slice(i);
        i = n;
        break;
      }
      field += text.slice(i, q);
      if (text.charCodeAt(q + 1) === QUOTE) {
        field += '"';
        i = q + 2;
      } else {
        quoted = false;
        i = q + 1;
      }
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE && field === '') {
      quoted = true;
      i++;
    } else if (c === COMMA) {
      row.push(field);
      field = '';
      i++;
    } else if (c === CR && text.charCodeAt(i + 1) === LF) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === LF) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      // A run of ordinary characters (a quote inside an unquoted field, a lone CR are ordinary).
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field (truncated result page?)');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;
