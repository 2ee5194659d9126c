/**
 * The canonical form of a sheet: its cell VALUES in row/column order, never styles, widths or
 * zip bytes, so a pack re-saved by a spreadsheet program still verifies and any edited value
 * does not. Each non-empty row contributes one line `JSON([row, [[col, type, text], …]])`;
 * the sheet hash is SHA-256 over a header line and those lines.
 *
 * Types: `s` string (hyperlink cells count by their text), `n` number (shortest round-trip
 * decimal), `b` boolean, `d` date (ISO-8601), `e` error, `f` formula (an evidence pack never
 * contains one, so a formula anywhere is a change). Empty strings are empty cells.
 *
 * Beside the hash, cheap fingerprints (FNV-1a) per row and per column within blocks of rows
 * let verify name the first differing cell; they locate, the SHA-256 decides.
 */
import crypto from 'node:crypto';

export const HASH_SCHEME = 'iua-sheet/1';
export const DIGEST_LABEL = 'Pack digest';
/** Sheets whose `Pack digest` row holds the digest, excluded from their own hash. */
export const DIGEST_SHEETS: ReadonlySet<string> = new Set(['Cover', 'Manifest']);
export const BLOCK_ROWS = 1000;

export type CanonicalType = 's' | 'n' | 'b' | 'd' | 'e' | 'f';
export interface CanonicalCell {
  col: number;
  type: CanonicalType;
  text: string;
}

export function canonicalNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  return Number.isFinite(n) ? String(n) : 'NaN';
}

function fnv1a(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const FNV_OFFSET = 0x811c9dc5;

export interface BlockPrint {
  firstRow: number;
  lastRow: number;
  /** 4 hex digits per row of the block, in row order. */
  rows: string;
  /** `col:hex8` for each non-empty column, ascending. */
  cols: string;
}

/** Incremental canonical hash of one sheet, fed row by row in ascending order. */
export class SheetHasher {
  private readonly hash = crypto.createHash('sha256');
  private digestRowSeen = false;
  private lastRow = 0;
  /** The excluded digest cell's text, when the sheet carries one. */
  digestCell: { row: number; col: number; text: string } | null = null;
  rowCount = 0;
  maxCol = 0;
  private readonly blocks: BlockPrint[] = [];
  private blockRows: number[] = [];
  private blockCols = new Map<number, number>();
  private blockIndex = -1;

  constructor(readonly sheet: string) {
    this.hash.update(`${JSON.stringify([HASH_SCHEME, sheet])}\n`);
  }

  /** Cells must be in ascending column order; empty cells already removed. */
  addRow(row: number, cells: readonly CanonicalCell[]): void {
    if (row <= this.lastRow) throw new Error(`rows out of order in ${this.sheet}: ${row} after ${this.lastRow}`);
    this.lastRow = row;
    let kept = cells;
    if (DIGEST_SHEETS.has(this.sheet) && !this.digestRowSeen && cells[0]?.col === 1 && cells[0].type === 's' && cells[0].text === DIGEST_LABEL) {
      this.digestRowSeen = true;
      const value = cells.find((c) => c.col === 2);
      this.digestCell = { row, col: 2, text: value?.text ?? '' };
      kept = cells.filter((c) => c.col !== 2);
    }
    if (kept.length === 0) return;
    this.rowCount++;
    const line = JSON.stringify([row, kept.map((c) => [c.col, c.type, c.text])]);
    this.hash.update(`${line}\n`);
    this.fingerprint(row, kept, line);
  }

  private fingerprint(row: number, cells: readonly CanonicalCell[], line: string): void {
    const block = Math.floor((row - 1) / BLOCK_ROWS);
    if (block !== this.blockIndex) {
      this.flushBlock();
      this.blockIndex = block;
      this.blockRows = new Array<number>(BLOCK_ROWS).fill(-1);
    }
    this.blockRows[(row - 1) % BLOCK_ROWS] = fnv1a(FNV_OFFSET, line) & 0xffff;
    for (const c of cells) {
      if (c.col > this.maxCol) this.maxCol = c.col;
      this.blockCols.set(c.col, fnv1a(this.blockCols.get(c.col) ?? FNV_OFFSET, `${row}\u0000${c.type}${c.text}\u0001`));
    }
  }

  private flushBlock(): void {
    if (this.blockIndex < 0) return;
    const firstRow = this.blockIndex * BLOCK_ROWS + 1;
    let last = BLOCK_ROWS - 1;
    while (last > 0 && this.blockRows[last] === -1) last--;
    const rows = this.blockRows
      .slice(0, last + 1)
      .map((h) => (h === -1 ? '----' : h.toString(16).padStart(4, '0')))
      .join('');
    const cols = [...this.blockCols]
      .sort(([a], [b]) => a - b)
      .map(([c, h]) => `${c}:${h.toString(16).padStart(8, '0')}`)
      .join(' ');
    this.blocks.push({ firstRow, lastRow: firstRow + last, rows, cols });
    this.blockCols = new Map();
    this.blockIndex = -1;
  }

  finish(): { hash: string; rows: number; blocks: BlockPrint[] } {
    this.flushBlock();
    return { hash: this.hash.digest('hex'), rows: this.rowCount, blocks: this.blocks };
  }
}

/**
 * Where two fingerprint lists first disagree: the first row whose print differs and, within
 * that block, the first column whose print differs.
 */
export function firstDifference(expected: readonly BlockPrint[], actual: readonly BlockPrint[]): { row: number; col: number | null } | null {
  const byFirst = new Map(actual.map((b) => [b.firstRow, b]));
  const firsts = [...new Set([...expected.map((b) => b.firstRow), ...actual.map((b) => b.firstRow)])].sort((a, b) => a - b);
  const exp = new Map(expected.map((b) => [b.firstRow, b]));
  for (const first of firsts) {
    const e = exp.get(first);
    const a = byFirst.get(first);
    if (e && a && e.rows === a.rows && e.cols === a.cols) continue;
    const er = e?.rows ?? '';
    const ar = a?.rows ?? '';
    let row: number | null = null;
    for (let i = 0; i < Math.max(er.length, ar.length); i += 4) {
      if (er.slice(i, i + 4) !== ar.slice(i, i + 4)) {
        row = first + i / 4;
        break;
      }
    }
    const ec = new Map(
      (e?.cols ?? '')
        .split(' ')
        .filter(Boolean)
        .map((p) => p.split(':') as [string, string]),
    );
    const ac = new Map(
      (a?.cols ?? '')
        .split(' ')
        .filter(Boolean)
        .map((p) => p.split(':') as [string, string]),
    );
    const cols = [...new Set([...ec.keys(), ...ac.keys()])].map(Number).sort((x, y) => x - y);
    const col = cols.find((c) => ec.get(String(c)) !== ac.get(String(c))) ?? null;
    return { row: row ?? first, col };
  }
  return null;
}
