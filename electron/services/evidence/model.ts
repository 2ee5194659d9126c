/**
 * The tables of an evidence pack, independent of the file format: each sheet is a list of
 * rows of plain cells. Org data only ever becomes a `string` cell; the pack's own links to
 * other sheets are the only non-plain cells.
 */
import type { CanonicalCell } from './canonical';

export interface LinkCell {
  text: string;
  /** A row of another sheet, numbered as that sheet's rows are produced (before any splitting). */
  link: { sheet: SheetName; row: number };
}
export type Cell = string | number | null | LinkCell;

export type RowStyle = 'header' | 'title' | 'section' | 'total' | 'note';
export interface Row {
  cells: Cell[];
  style?: RowStyle;
}

export const SHEET_NAMES = [
  'Cover',
  'Summary',
  'Checklist',
  'Remediation Plan',
  'Users',
  'Effective Access',
  'Sensitive Fields',
  'System Permissions',
  'Logins',
  'Changes',
  'Drift',
  'Coverage',
  'Usage',
  'Review Log',
  'Manifest',
  'Checkpoints',
] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

export interface SheetSpec {
  name: SheetName;
  /** Column widths (characters). */
  widths: number[];
  /** Row 1 is a header: bold, frozen, with an autofilter over the table below it. */
  headerRow: boolean;
  /** 1-based columns whose cells are coloured by status (pass/fail/…). */
  statusColumns?: number[];
  /** 1-based columns where any text is a finding (coloured as a failure). */
  alertColumns?: number[];
  rows(): Iterable<Row>;
}

export function isLink(c: Cell): c is LinkCell {
  return typeof c === 'object' && c !== null;
}

export function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  if (typeof c === 'string') return c;
  return c.text;
}

/** What a reader of the written file will see in this cell. */
export function canonicalOf(cells: readonly Cell[]): CanonicalCell[] {
  const out: CanonicalCell[] = [];
  cells.forEach((c, i) => {
    if (c === null || c === '') return;
    if (typeof c === 'number') out.push({ col: i + 1, type: 'n', text: Object.is(c, -0) ? '0' : String(c) });
    else if (typeof c === 'string') out.push({ col: i + 1, type: 's', text: c });
    else if (c.text !== '') out.push({ col: i + 1, type: 's', text: c.text });
  });
  return out;
}

export const row = (cells: Cell[], style?: RowStyle): Row => (style ? { cells, style } : { cells });
export const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
