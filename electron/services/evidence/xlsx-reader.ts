/**
 * Reads the cell values of an xlsx as a spreadsheet program would show them, straight from
 * the zip entries and their XML (saxes, streaming), so verify does not depend on any one
 * writer's conventions: shared or inline strings, rich-text runs, `_xHHHH_` escapes, optional
 * cell references, namespace prefixes. Formulas are reported as such, never evaluated.
 *
 * The file is hostile until proven otherwise, so memory stays bounded whatever it holds: no
 * text node or tag may run longer than a cell could need (the parser would buffer it), XML
 * comments, CDATA and DOCTYPEs (which no spreadsheet program writes) are refused, shared
 * strings are kept as one byte buffer, a cell holds at most Excel's 32,767 characters and a
 * row at most 16,384 cells in ascending columns, and a sheet cannot expand through shared
 * strings into far more text than its own XML.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { canonicalNumber, type CanonicalCell } from './canonical';
import { EXCEL_CELL_LIMIT, parseRef, unescapeOoxml } from './ooxml';
import { AppError } from '../../../shared/contract';
import { notAPack, ZIP_LIMITS, type PackZip } from './zip-guard';

/** Excel's own limits: a row or a cell beyond them is not something a spreadsheet wrote. */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;
/** Characters between two `<`: a cell's text at its longest, escaped (`&amp;`, `_xHHHH_`), fits easily. */
const MAX_XML_RUN = 1_000_000;
/** One row of the pack is a few dozen cells; 2M characters is far above any real one. */
const MAX_ROW_TEXT = 2_000_000;
/** Text a sheet may expand to through shared strings: this many characters per byte of its XML, plus a floor. */
const EXPANSION_PER_BYTE = 4;
const EXPANSION_FLOOR = 16 * 1024 * 1024;
const MAX_SHARED_STRINGS = 8_000_000;

const local = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

interface XmlHandlers {
  open(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

async function parseXml(stream: Readable, h: XmlHandlers, what: string): Promise<void> {
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | null = null;
  parser.on('error', (e) => {
    failure ??= e;
  });
  parser.on('opentag', (t: SaxesTagPlain) => h.open(local(t.name), t.attributes as Record<string, string>));
  if (h.text) {
    parser.on('text', (t) => h.text!(t));
    parser.on('cdata', (t) => h.text!(t));
  }
  if (h.close) parser.on('closetag', (t) => h.close!(local(t.name)));
  const decoder = new StringDecoder('utf8');
  const shape = new XmlShapeGuard();
  try {
    for await (const chunk of stream) {
      const text = decoder.write(chunk as Buffer);
      shape.feed(text);
      parser.write(text);
      if (failure) break;
    }
    if (!failure) parser.write(decoder.end()).close();
  } catch (e) {
    failure ??= e as Error;
  }
  if (failure) {
    stream.destroy();
    if (failure instanceof AppError) throw failure;
    throw new Error(`${what}: ${(failure as Error).message}`);
  }
}

/**
 * Checks the raw text before saxes buffers it: saxes holds a whole text node, tag or comment in
 * memory until it ends, so a run without `<` is bounded, and markup declarations (`<!`: comments,
 * CDATA, DOCTYPE), where `<` may appear inside and reset that count, are refused.
 */
class XmlShapeGuard {
  private run = 0;
  private afterLt = false;
  feed(s: string): void {
    let i = 0;
    if (this.afterLt && s.length > 0) {
      if (s[0] === '!') throw new Error('it contains an XML comment, CDATA section or DOCTYPE, which no spreadsheet program writes');
      this.afterLt = false;
    }
    for (;;) {
      const lt = s.indexOf('<', i);
      this.run += (lt < 0 ? s.length : lt) - i;
      if (this.run > MAX_XML_RUN) throw new Error(`it holds a run of more than ${MAX_XML_RUN} characters of XML without markup`);
      if (lt < 0) return;
      this.run = 0;
      if (lt + 1 === s.length) this.afterLt = true;
      else if (s[lt + 1] === '!') throw new Error('it contains an XML comment, CDATA section or DOCTYPE, which no spreadsheet program writes');
      i = lt + 1;
    }
  }
}

/** The shared strings of a workbook in one UTF-8 buffer (a string per entry would cost several times the text). */
export class SharedStrings {
  private buf: Buffer;
  private used = 0;
  private ends = new Uint32Array(1024);
  count = 0;
  constructor(capacityBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(16, capacityBytes));
  }
  push(s: string): void {
    const bytes = Buffer.byteLength(s, 'utf8');
    if (this.used + bytes > this.buf.length) throw new Error('its shared strings hold more text than their part');
    if (this.count >= MAX_SHARED_STRINGS) throw new Error(`it has more than ${MAX_SHARED_STRINGS} shared strings`);
    this.buf.write(s, this.used, 'utf8');
    this.used += bytes;
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = this.used;
  }
  get(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.buf.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
  lengthOf(i: number): number {
    return i >= 0 && i < this.count ? this.ends[i] - (i === 0 ? 0 : this.ends[i - 1]) : 0;
  }
}

export interface SheetEntry {
  name: string;
  state: string;
  path: string;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

async function readRels(zip: PackZip, file: string, relsPath: string, base: string): Promise<Map<string, { type: string; target: string }>> {
  const out = new Map<string, { type: string; target: string }>();
  if (!zip.has(relsPath)) return out;
  await parseXml(
    await openSmallPart(zip, file, relsPath),
    {
      open(name, a) {
        if (name === 'Relationship' && a.Id && a.Target) out.set(a.Id, { type: a.Type ?? '', target: a.TargetMode === 'External' ? a.Target : resolveTarget(base, a.Target) });
      },
    },
    relsPath,
  );
  return out;
}

export interface Workbook {
  sheets: SheetEntry[];
  sharedStrings: SharedStrings;
}

/** An evidence pack has a dozen sheets; a few dozen allows for a sheet the auditor added. */
export const MAX_SHEETS = 64;
/** Workbook and relationship parts list a few dozen entries: kilobytes in a real file. */
const MAX_INDEX_PART_BYTES = 4 * 1024 * 1024;

async function openSmallPart(zip: PackZip, file: string, name: string): Promise<Readable> {
  if (zip.size(name) > MAX_INDEX_PART_BYTES) throw notAPack(file, `${name} is ${zip.size(name)} bytes (at most ${MAX_INDEX_PART_BYTES} in a spreadsheet)`);
  return zip.open(name);
}

export async function readWorkbook(zip: PackZip, file: string): Promise<Workbook> {
  const root = await readRels(zip, file, '_rels/.rels', '');
  const wbPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!zip.has(wbPath)) throw notAPack(file, 'no workbook inside (is it an xlsx file?)');
  const rels = await readRels(zip, file, `${wbPath.split('/').slice(0, -1).join('/')}/_rels/${wbPath.split('/').pop()}.rels`, wbPath);
  const sheets: SheetEntry[] = [];
  // Excel compares sheet names without regard to case: two "Logins" (one very hidden) are two
  // sheets a reader cannot tell apart, so a file with them is not a pack, whatever it hashes to.
  const names = new Set<string>();
  const targets = new Set<string>();
  await parseXml(
    await openSmallPart(zip, file, wbPath),
    {
      open(name, a) {
        if (name !== 'sheet') return;
        if (sheets.length >= MAX_SHEETS) throw notAPack(file, `it has more than ${MAX_SHEETS} sheets`);
        const rid = Object.entries(a).find(([k]) => k !== 'id' && local(k) === 'id')?.[1];
        const target = rid ? rels.get(rid)?.target : undefined;
        if (!a.name || !target) throw notAPack(file, `a sheet entry ${a.name ? `"${a.name.slice(0, 100)}" ` : ''}has no name or no part`);
        const key = a.name.toUpperCase();
        if (names.has(key)) throw notAPack(file, `two sheets are named "${a.name.slice(0, 100)}" (Excel does not tell names apart by case)`);
        if (targets.has(target)) throw notAPack(file, `two sheets point at the same part ${target.slice(0, 200)}`);
        names.add(key);
        targets.add(target);
        sheets.push({ name: a.name, state: a.state ?? 'visible', path: target });
      },
    },
    wbPath,
  );
  const ssPath = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const sharedStrings = new SharedStrings(ssPath && zip.has(ssPath) ? zip.size(ssPath) : 0);
  if (ssPath && zip.has(ssPath)) {
    if (zip.size(ssPath) > ZIP_LIMITS.maxSharedStringsBytes) throw notAPack(file, 'its shared strings are too large');
    let depthPhonetic = 0;
    let inT = false;
    let current: string[] | null = null;
    let length = 0;
    await parseXml(
      await zip.open(ssPath),
      {
        open(name) {
          if (name === 'si') current = [];
          else if (name === 'rPh') depthPhonetic++;
          else if (name === 't') inT = depthPhonetic === 0;
        },
        text(t) {
          if (inT && current) {
            current.push(t);
            length += t.length;
            if (length > 8 * EXCEL_CELL_LIMIT) throw new Error(`a shared string is longer than a cell can hold (${EXCEL_CELL_LIMIT} characters)`);
          }
        },
        close(name) {
          if (name === 't') inT = false;
          else if (name === 'rPh') depthPhonetic--;
          else if (name === 'si' && current) {
            const text = unescapeOoxml(current.join(''));
            if (text.length > EXCEL_CELL_LIMIT) throw new Error(`a shared string is longer than a cell can hold (${EXCEL_CELL_LIMIT} characters)`);
            sharedStrings.push(text);
            current = null;
            length = 0;
          }
        },
      },
      ssPath,
    );
  }
  return { sheets, sharedStrings };
}

/** Streams a sheet's non-empty rows in ascending order, cells in ascending column order. */
/**
 * `maxText` overrides the expansion bound for a sheet whose caller bounds the text itself
 * (verify keeps Checkpoints, whose fingerprint strings are long shared strings, under its own cap).
 */
export async function readSheetRows(zip: PackZip, path: string, shared: SharedStrings, onRow: (row: number, cells: CanonicalCell[]) => void, maxText?: number): Promise<void> {
  let textLeft = maxText ?? EXPANSION_PER_BYTE * zip.size(path) + EXPANSION_FLOOR;
  let rowText = 0;
  let rowNum = 0;
  let col = 0;
  let cells: CanonicalCell[] = [];
  let type = 'n';
  let v: string[] | null = null;
  let f: string[] | null = null;
  let inline: string[] | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;
  let last = 0;
  await parseXml(
    await zip.open(path),
    {
      open(name, a) {
        switch (name) {
          case 'row':
            rowNum = a.r ? Number(a.r) : rowNum + 1;
            if (!Number.isInteger(rowNum) || rowNum < 1 || rowNum > MAX_ROW) throw new Error(`row number ${String(a.r).slice(0, 20)} is outside a worksheet`);
            col = 0;
            cells = [];
            rowText = 0;
            break;
          case 'c': {
            const ref = a.r ? parseRef(a.r) : null;
            // A reference that is there but unreadable (one flipped byte: "B33" → "n33") is damage,
            // not an omitted reference: placing the cell by position would hide the edit.
            if (a.r && !ref) throw new Error(`cell reference ${String(a.r).slice(0, 20)} is not a cell reference`);
            const next = ref ? ref.col : col + 1;
            // Ascending columns, as OOXML requires, also bound a row to 16,384 cells.
            if (!(next > col) || next > MAX_COL) throw new Error(`cell ${String(a.r ?? next).slice(0, 20)} is out of order or outside a worksheet`);
            col = next;
            if (ref && ref.row !== rowNum) rowNum = ref.row;
            type = a.t ?? 'n';
            v = f = inline = null;
            break;
          }
          case 'v':
            v = [];
            capture = 'v';
            break;
          case 'f':
            f = [];
            capture = 'f';
            break;
          case 'is':
            inline = [];
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            if (inline && phonetic === 0) capture = 't';
            break;
        }
      },
      text(t) {
        if (capture === null) return;
        if (capture === 'v') v!.push(t);
        else if (capture === 'f') f!.push(t);
        else inline!.push(t);
        rowText += t.length;
        if (rowText > MAX_ROW_TEXT) throw new Error(`row ${rowNum} holds more than ${MAX_ROW_TEXT} characters`);
      },
      close(name) {
        if (name === 'v' || name === 'f' || name === 't') capture = null;
        else if (name === 'rPh') phonetic--;
        else if (name === 'c') {
          const cell = toCell(col, type, v?.join('') ?? null, f?.join('') ?? null, inline?.join('') ?? null, shared);
          if (!cell) return;
          if (cell.text.length > (cell.type === 'f' ? 2 : 1) * EXCEL_CELL_LIMIT) throw new Error(`cell ${col} of row ${rowNum} is longer than a cell can hold`);
          if (cell.type === 's' && type === 's') rowText += cell.text.length;
          if (rowText > MAX_ROW_TEXT) throw new Error(`row ${rowNum} holds more than ${MAX_ROW_TEXT} characters`);
          textLeft -= cell.text.length;
          if (textLeft < 0) throw new Error('its cells expand through shared strings to far more text than the sheet holds');
          cells.push(cell);
        } else if (name === 'row') {
          if (cells.length === 0) return;
          // OOXML requires ascending rows; anything else is not a file a spreadsheet program wrote.
          if (rowNum <= last) throw new Error(`row ${rowNum} after row ${last}`);
          last = rowNum;
          onRow(
            rowNum,
            cells.sort((a, b) => a.col - b.col),
          );
        }
      },
    },
    path,
  );
}

function toCell(col: number, t: string, v: string | null, f: string | null, inline: string | null, shared: SharedStrings): CanonicalCell | null {
  if (f !== null) return { col, type: 'f', text: `${f}\u0000${v ?? ''}` };
  switch (t) {
    case 's': {
      if (v === null || v.trim() === '') return null;
      const s = shared.get(Number(v));
      if (s === undefined) return { col, type: 'e', text: `#missing shared string ${v}` };
      return s === '' ? null : { col, type: 's', text: s };
    }
    case 'inlineStr': {
      const s = unescapeOoxml(inline ?? '');
      return s === '' ? null : { col, type: 's', text: s };
    }
    case 'str': {
      const s = unescapeOoxml(v ?? '');
      return s === '' ? null : { col, type: 's', text: s };
    }
    case 'b':
      return v === null ? null : { col, type: 'b', text: v.trim() === '1' || v.trim() === 'true' ? 'true' : 'false' };
    case 'e':
      return v === null ? null : { col, type: 'e', text: v };
    case 'd':
      return v === null || v === '' ? null : { col, type: 'd', text: v };
    default:
      return v === null || v.trim() === '' ? null : { col, type: 'n', text: canonicalNumber(Number(v)) };
  }
}
