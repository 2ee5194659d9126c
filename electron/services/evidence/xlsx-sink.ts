/**
 * The xlsx sink: exceljs's streaming writer (rows go to the zip as they are committed; a
 * 1M-row sheet never sits in memory), shared strings so no value can become a formula, and
 * the formatting an auditor expects: bold frozen headers, autofilters, widths, status colours,
 * landscape fit-to-width printing and document properties.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import XmlStream from 'exceljs/lib/utils/xml-stream.js';
import SharedStringXform from 'exceljs/lib/xlsx/xform/strings/shared-string-xform.js';
import { STATUSES, type Status } from '../../../shared/audit/types';
import { APP_NAME } from '../paths';
import { columnLetter, escapeOoxml } from './ooxml';
import { isLink, type Cell, type RowStyle, type SheetName, type SheetSpec } from './model';
import type { PackSink, SheetWriter } from './pack';
import { CompactSharedStrings } from './shared-strings';

const FILL: Record<Status, string> = {
  pass: 'FFC6EFCE',
  fail: 'FFFFC7CE',
  warn: 'FFFFEB9C',
  'n/a': 'FFE7E6E6',
  manual: 'FFDDEBF7',
  error: 'FFE4D7F5',
};
const HEADER_FILL = 'FFD9E1F2';

/** Backlog of XML waiting for the zip's deflate stream above which rows wait. */
const MAX_BACKLOG = 8 * 1024 * 1024;

type Backlogged = NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } };

/**
 * exceljs pipes a sheet's XML into the zip without waiting for it to be consumed, so a fast
 * producer would pile the whole sheet up in memory ahead of deflate. Wait for it to drain.
 * The pipe is archiver's PassThrough from readable-stream 2, which has no `writableLength`
 * (reading only that, the wait never happened and a 1M-row sheet queued ~1 GB of XML):
 * its backlog is `_writableState.length`, which Node's streams keep too.
 */
function drained(ws: ExcelJS.Worksheet): Promise<void> | undefined {
  const pipe = (ws as unknown as { stream?: { pipes?: NodeJS.WritableStream[] } }).stream?.pipes?.[0] as Backlogged | undefined;
  if (!pipe || (pipe.writableLength ?? pipe._writableState?.length ?? 0) <= MAX_BACKLOG) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      pipe.removeListener('drain', done);
      pipe.removeListener('close', done);
      pipe.removeListener('error', done);
      resolve();
    };
    pipe.on('drain', done);
    pipe.on('close', done);
    pipe.on('error', done);
  });
}

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** Shared strings rendered per piece of sharedStrings.xml. */
const STRINGS_PER_PIECE = 10_000;

interface SharedStringsModel {
  /** Distinct strings, numbered from 0 in the order first added. */
  count: number;
  getString(index: number): unknown;
}

/**
 * sharedStrings.xml as exceljs's SharedStringsXform renders it, byte for byte, in pieces: the
 * declaration and the open `<sst …>` tag, then the `<si>` elements a batch at a time, then
 * `</sst>`. (Top-level `<si>` elements in a fresh XmlStream render exactly as inside `<sst>`.)
 */
export function* sharedStringsXml(model: SharedStringsModel): Generator<string> {
  const head = new XmlStream();
  head.openXml(XmlStream.StdDocAttributes);
  head.openNode('sst', { xmlns: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main', count: model.count, uniqueCount: model.count });
  yield `${head._xml.join('')}>`;
  const si = new SharedStringXform();
  for (let i = 0; i < model.count; i += STRINGS_PER_PIECE) {
    const piece = new XmlStream();
    for (let k = i; k < Math.min(model.count, i + STRINGS_PER_PIECE); k++) si.render(piece, model.getString(k));
    yield piece.xml;
  }
  yield '</sst>';
}

/**
 * exceljs builds sharedStrings.xml as one string when the workbook is committed: for the pack
 * of a 180,000-user org (every username, reason and record Id) that string and its parts took
 * ~700 MB at once, the pack's whole peak. The zip reads the same XML from a stream instead,
 * piece by piece as it deflates. Until then the strings are kept in CompactSharedStrings,
 * which numbers them as exceljs's table does in less memory.
 */
function streamSharedStrings(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const internal = wb as unknown as {
    sharedStrings: SharedStringsModel & { add(value: string): number };
    zip: { append(source: Readable, options: { name: string }): void };
    addSharedStrings(): Promise<void>;
  };
  if (typeof internal.addSharedStrings !== 'function' || !internal.zip || typeof internal.sharedStrings?.add !== 'function')
    throw new Error('exceljs changed: the xlsx sink cannot stream sharedStrings.xml');
  // Read by each worksheet as its rows are written, so it is replaced before the first sheet.
  internal.sharedStrings = new CompactSharedStrings();
  internal.addSharedStrings = () => {
    if (internal.sharedStrings.count) internal.zip.append(Readable.from(sharedStringsXml(internal.sharedStrings)), { name: '/xl/sharedStrings.xml' });
    return Promise.resolve();
  };
}

function value(c: Cell, resolve: (sheet: SheetName, row: number) => number): ExcelJS.CellValue {
  if (c === null) return null;
  if (typeof c === 'number') return c;
  if (typeof c === 'string') return c === '' ? null : escapeOoxml(c);
  if (isLink(c)) return { text: escapeOoxml(c.text), hyperlink: `#'${c.link.sheet}'!A${resolve(c.link.sheet, c.link.row)}` };
  return null;
}

export interface XlsxSinkOptions {
  file: string;
  title: string;
  subject: string;
  appVersion: string;
  created: Date;
}

export function xlsxSink(opts: XlsxSinkOptions): PackSink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: opts.file, useStyles: true, useSharedStrings: true });
  streamSharedStrings(wb);
  wb.creator = `${APP_NAME} ${opts.appVersion}`;
  wb.lastModifiedBy = `${APP_NAME} ${opts.appVersion}`;
  wb.title = opts.title;
  wb.subject = opts.subject;
  wb.company = APP_NAME;
  wb.created = opts.created;
  wb.modified = opts.created;
  const sheets = new Map<SheetName, ExcelJS.Worksheet>();

  return {
    splitsLongText: true,
    sheet(spec: SheetSpec): SheetWriter {
      const ws = wb.addWorksheet(spec.name, {
        state: spec.name === 'Checkpoints' ? 'veryHidden' : 'visible',
        views: spec.headerRow ? [{ state: 'frozen', ySplit: 1, xSplit: 0 }] : [],
        pageSetup: {
          orientation: 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          paperSize: 9,
          margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
        },
        headerFooter: { oddFooter: `${spec.name} — page &P of &N` },
      });
      ws.columns = spec.widths.map((width) => ({ width }));
      sheets.set(spec.name, ws);
      const status = new Set(spec.statusColumns ?? []);
      const alert = new Set(spec.alertColumns ?? []);
      let written = 0;
      return {
        row(cells, style: RowStyle | undefined, resolve) {
          const r = ws.addRow(cells.map((c) => value(c, resolve)));
          if (style === 'header') {
            r.font = { bold: true };
            r.eachCell((cell) => {
              cell.fill = solid(HEADER_FILL);
              cell.border = { bottom: { style: 'thin' } };
            });
          } else if (style === 'title') r.font = { bold: true, size: 14 };
          else if (style === 'section' || style === 'total') r.font = { bold: true };
          else if (style === 'note') r.font = { italic: true };
          else {
            cells.forEach((c, i) => {
              if (isLink(c)) r.getCell(i + 1).font = { color: { argb: 'FF0563C1' }, underline: true };
            });
          }
          r.commit();
          if (++written % 256 === 0) return drained(ws);
        },
        async end({ lastRow, tableEnd, columns }) {
          if (spec.headerRow && tableEnd > 1) ws.autoFilter = { from: 'A1', to: `${columnLetter(columns)}${tableEnd}` };
          // Colours as conditional formats: one rule per column instead of a style on each of a million cells.
          const first = spec.headerRow ? 2 : 1;
          let priority = 0;
          if (lastRow >= first) {
            for (const col of status) {
              const ref = `${columnLetter(col)}${first}:${columnLetter(col)}${lastRow}`;
              ws.addConditionalFormatting({
                ref,
                rules: STATUSES.map((st) => ({ type: 'cellIs', operator: 'equal', formulae: [`"${st}"`], priority: ++priority, style: { fill: solid(FILL[st]) } })),
              });
            }
            for (const col of alert) {
              const top = `${columnLetter(col)}${first}`;
              ws.addConditionalFormatting({
                ref: `${top}:${columnLetter(col)}${lastRow}`,
                rules: [{ type: 'expression', formulae: [`LEN(${top})>0`], priority: ++priority, style: { fill: solid(FILL.fail) } }],
              });
            }
          }
          await ws.commit();
        },
      };
    },
    async finish({ tabOrder }) {
      // The streaming writer lists sheets in creation order; the pack writes them in dependency
      // order. Its sheet list is only read at commit, so set the order the reader should see.
      const internal = wb as unknown as { _worksheets: (ExcelJS.Worksheet | undefined)[] };
      internal._worksheets = tabOrder.map((n) => {
        const ws = sheets.get(n);
        if (!ws) throw new Error(`evidence pack: sheet ${n} was never written`);
        return ws;
      });
      await wb.commit();
    },
  };
}
