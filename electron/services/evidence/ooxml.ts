/**
 * Text as a spreadsheet cell must hold it. XML 1.0 cannot carry most control characters and
 * turns a literal CR into LF, and exceljs silently drops the characters XML refuses, so every
 * string is written with the OOXML escape (`_xHHHH_`, ECMA-376 §22.4.2.4) that Excel and
 * LibreOffice decode back to the exact character. A literal `_xHHHH_` in the data gets its
 * underscore escaped (`_x005F_`) so it still reads back as itself.
 */

/** Excel refuses longer cell text. */
export const EXCEL_CELL_LIMIT = 32_767;
/** Size of the pieces a longer text is split into (the limit applies to the decoded text). */
export const CHUNK_CHARS = 32_000;

const LITERAL_ESCAPE = /_x[0-9A-Fa-f]{4}_/g;

function hex4(code: number): string {
  return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
}

function needsEscape(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a;
  return code === 0x7f || code === 0xfffe || code === 0xffff;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

export function escapeOoxml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const out = text.replace(LITERAL_ESCAPE, (m) => `_x005F_${m.slice(1)}`);
  let buf = '';
  for (let i = 0; i < out.length; i++) {
    const code = out.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const pair = code <= 0xdbff && i + 1 < out.length && out.charCodeAt(i + 1) >= 0xdc00 && out.charCodeAt(i + 1) <= 0xdfff;
      if (pair) {
        buf += out[i] + out[i + 1];
        i++;
        continue;
      }
      // A lone surrogate is not XML text either.
      buf += hex4(code);
      continue;
    }
    buf += needsEscape(code) ? hex4(code) : out[i];
  }
  return buf;
}

/** The reader's half: what Excel shows for an escaped string. */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Splits text into pieces Excel accepts, never between the halves of a surrogate pair. */
export function chunkText(text: string, size = CHUNK_CHARS): string[] {
  if (text.length <= EXCEL_CELL_LIMIT) return [text];
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

export function columnLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `B12` → { row: 12, col: 2 }. */
export function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ref.replace(/\$/g, ''));
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}
