/**
 * Reads the cell values of an xlsx as a spreadsheet program would show them, straight from
 * the zip entries and their XML (saxes, streaming), so verify does not depend on any one
 * writer's conventions: shared or inline strings, rich-text runs, `_xHHHH_` escapes, optional
 * cell references, namespace prefixes. Formulas are reported as such, never evaluated.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { canonicalNumber, type CanonicalCell } from './canonical';
import { parseRef, unescapeOoxml } from './ooxml';
import { notAPack, ZIP_LIMITS, type PackZip } from './zip-guard';

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
  try {
    for await (const chunk of stream) {
      parser.write(decoder.write(chunk as Buffer));
      if (failure) break;
    }
    if (!failure) parser.write(decoder.end()).close();
  } catch (e) {
    failure ??= e as Error;
  }
  if (failure) {
    stream.destroy();
    throw new Error(`${what}: ${(failure as Error).message}`);
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

async function readRels(zip: PackZip, relsPath: string, base: string): Promise<Map<string, { type: string; target: string }>> {
  const out = new Map<string, { type: string; target: string }>();
  if (!zip.has(relsPath)) return out;
  await parseXml(await zip.open(relsPath), {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target) out.set(a.Id, { type: a.Type ?? '', target: a.TargetMode === 'External' ? a.Target : resolveTarget(base, a.Target) });
    },
  }, relsPath);
  return out;
}

export interface Workbook {
  sheets: SheetEntry[];
  sharedStrings: string[];
}

export async function readWorkbook(zip: PackZip, file: string): Promise<Workbook> {
  const root = await readRels(zip, '_rels/.rels', '');
  const wbPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!zip.has(wbPath)) throw notAPack(file, 'no workbook inside (is it an xlsx file?)');
  const rels = await readRels(zip, `${wbPath.split('/').slice(0, -1).join('/')}/_rels/${wbPath.split('/').pop()}.rels`, wbPath);
  const sheets: SheetEntry[] = [];
  await parseXml(await zip.open(wbPath), {
    open(name, a) {
      if (name !== 'sheet') return;
      const rid = Object.entries(a).find(([k]) => k !== 'id' && local(k) === 'id')?.[1];
      const target = rid ? rels.get(rid)?.target : undefined;
      if (a.name && target) sheets.push({ name: a.name, state: a.state ?? 'visible', path: target });
    },
  }, wbPath);
  const ssPath = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
  const sharedStrings: string[] = [];
  if (ssPath && zip.has(ssPath)) {
    if (zip.size(ssPath) > ZIP_LIMITS.maxSharedStringsBytes) throw notAPack(file, 'its shared strings are too large');
    let depthPhonetic = 0;
    let inT = false;
    let current: string[] | null = null;
    await parseXml(await zip.open(ssPath), {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 'rPh') depthPhonetic++;
        else if (name === 't') inT = depthPhonetic === 0;
      },
      text(t) {
        if (inT && current) current.push(t);
      },
      close(name) {
        if (name === 't') inT = false;
        else if (name === 'rPh') depthPhonetic--;
        else if (name === 'si' && current) {
          sharedStrings.push(unescapeOoxml(current.join('')));
          current = null;
        }
      },
    }, ssPath);
  }
  return { sheets, sharedStrings };
}

/** Streams a sheet's non-empty rows in ascending order, cells in ascending column order. */
export async function readSheetRows(zip: PackZip, path: string, shared: readonly string[], onRow: (row: number, cells: CanonicalCell[]) => void): Promise<void> {
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
  await parseXml(await zip.open(path), {
    open(name, a) {
      switch (name) {
        case 'row':
          rowNum = a.r ? Number(a.r) : rowNum + 1;
          col = 0;
          cells = [];
          break;
        case 'c': {
          const ref = a.r ? parseRef(a.r) : null;
          col = ref ? ref.col : col + 1;
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
      if (capture === 'v') v!.push(t);
      else if (capture === 'f') f!.push(t);
      else if (capture === 't') inline!.push(t);
    },
    close(name) {
      if (name === 'v' || name === 'f' || name === 't') capture = null;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c') {
        const cell = toCell(col, type, v?.join('') ?? null, f?.join('') ?? null, inline?.join('') ?? null, shared);
        if (cell) cells.push(cell);
      } else if (name === 'row') {
        if (cells.length === 0) return;
        // OOXML requires ascending rows; anything else is not a file a spreadsheet program wrote.
        if (rowNum <= last) throw new Error(`row ${rowNum} after row ${last}`);
        last = rowNum;
        onRow(rowNum, cells.sort((a, b) => a.col - b.col));
      }
    },
  }, path);
}

function toCell(col: number, t: string, v: string | null, f: string | null, inline: string | null, shared: readonly string[]): CanonicalCell | null {
  if (f !== null) return { col, type: 'f', text: `${f}\u0000${v ?? ''}` };
  switch (t) {
    case 's': {
      if (v === null || v.trim() === '') return null;
      const s = shared[Number(v)];
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
