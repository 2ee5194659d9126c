/**
 * Builds a pack through a sink (xlsx, JSON or CSV): every sheet's rows go through the same
 * pipeline that splits over-long text (xlsx only), hashes the canonical values and hands the
 * rows to the sink. Sheets are written in an order that lets each know what it refers to:
 * the data sheets first, Summary once Checklist's row numbers are known, then Checkpoints,
 * the Manifest (whose own hash is the digest) and the Cover, which shows the digest. The tab
 * order the reader sees is SHEET_NAMES.
 */
import { chunkText, columnLetter, EXCEL_CELL_LIMIT } from './ooxml';
import { SheetHasher, type BlockPrint } from './canonical';
import { canonicalOf, cellText, SHEET_NAMES, type Cell, type Row, type RowStyle, type SheetName, type SheetSpec } from './model';
import type { PackData } from './data';
import { checklistLayout, checklistSheet, coverSheet, remediationPlanSheet, summarySheet } from './sheets/review';
import { effectiveAccessSheet, sensitiveFieldsSheet, systemPermissionsSheet } from './sheets/access';
import { changesSheet, coverageSheet, driftSheet, loginsSheet, reviewLogSheet } from './sheets/activity';
import { checkpointsSheet, manifestSheet, type SheetHashEntry } from './sheets/manifest';
import { usageSheet } from './sheets/usage';
import { usersSheet } from './sheets/users';

export interface SheetWriter {
  row(cells: Cell[], style: RowStyle | undefined, resolve: (sheet: SheetName, row: number) => number): void | Promise<void>;
  end(info: { lastRow: number; tableEnd: number; columns: number }): Promise<void>;
}

export interface PackSink {
  /** Excel's cell limit applies: longer text continues in the rows below. */
  readonly splitsLongText: boolean;
  sheet(spec: SheetSpec): SheetWriter;
  finish(info: { tabOrder: readonly SheetName[]; digest: string }): Promise<void>;
}

export interface EmittedSheet {
  name: SheetName;
  hash: string;
  rows: number;
  blocks: BlockPrint[];
  /** Logical → physical row, when continuation rows were inserted. */
  physical(row: number): number;
  splitCells: number;
}

/** Yield to the event loop this often so the zip stream drains while rows are produced. */
const YIELD_EVERY = 500;

async function emit(spec: SheetSpec, writer: SheetWriter | null, splits: boolean, resolve: (sheet: SheetName, row: number) => number): Promise<EmittedSheet> {
  const hasher = new SheetHasher(spec.name);
  const shifts: [number, number][] = [];
  let physical = 0;
  let logical = 0;
  let tableEnd = 0;
  let tableOpen = true;
  let columns = spec.widths.length;
  let splitCells = 0;
  const put = async (cells: Cell[], style: RowStyle | undefined) => {
    physical++;
    hasher.addRow(physical, canonicalOf(cells));
    const pending = writer?.row(cells, style, resolve);
    if (pending) await pending;
    if (physical % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
  };
  for (const r of spec.rows() as Iterable<Row>) {
    logical++;
    if (r.cells.length > columns) columns = r.cells.length;
    if (tableOpen && r.cells.every((c) => c === null || cellText(c) === '')) tableOpen = false;
    const tooLong = splits && r.cells.some((c) => typeof c === 'string' && c.length > EXCEL_CELL_LIMIT);
    const long = tooLong ? r.cells.map((c) => (typeof c === 'string' && c.length > EXCEL_CELL_LIMIT ? chunkText(c) : null)) : [];
    const parts = tooLong ? Math.max(1, ...long.map((l) => l?.length ?? 1)) : 1;
    if (parts === 1) {
      await put(r.cells, r.style);
    } else {
      const at = physical + 1;
      await put(
        r.cells.map((c, i) => (long[i] ? long[i]![0] : c)),
        r.style,
      );
      const splitCols = long.map((l, i) => (l ? i : -1)).filter((i) => i >= 0);
      splitCells += splitCols.length;
      const markerCol = r.cells.findIndex((_c, i) => !long[i]);
      const marker = markerCol >= 0 ? markerCol : r.cells.length;
      for (let k = 1; k < parts; k++) {
        const cells: Cell[] = new Array(Math.max(r.cells.length, marker + 1)).fill(null);
        for (const i of splitCols) cells[i] = long[i]![k] ?? null;
        cells[marker] =
          `↳ continued: row ${at}, column${splitCols.length > 1 ? 's' : ''} ${splitCols.map((i) => columnLetter(i + 1)).join(', ')} (part ${k + 1} of ${parts}; join the parts in order for the full text)`;
        await put(cells, 'note');
      }
      shifts.push([logical, physical - logical]);
    }
    if (tableOpen) tableEnd = physical;
  }
  await writer?.end({ lastRow: physical, tableEnd, columns });
  const done = hasher.finish();
  return {
    name: spec.name,
    hash: done.hash,
    rows: done.rows,
    blocks: done.blocks,
    splitCells,
    physical(row) {
      // Rows after a split row move down by the continuation rows inserted before them.
      let shift = 0;
      for (const [l, s] of shifts) if (l < row) shift = s;
      return row + shift;
    },
  };
}

export interface PackResult {
  digest: string;
  rows: number;
  sheets: { name: string; hash: string; rows: number }[];
  splitCells: number;
}

export async function writePack(pack: PackData, sink: PackSink): Promise<PackResult> {
  const done = new Map<SheetName, EmittedSheet>();
  const resolve = (sheet: SheetName, r: number): number => done.get(sheet)?.physical(r) ?? r;
  const run = async (spec: SheetSpec, write = true) => {
    const e = await emit(spec, write ? sink.sheet(spec) : null, sink.splitsLongText, resolve);
    if (write) done.set(spec.name, e);
    return e;
  };

  const layout = checklistLayout(pack);
  await run(checklistSheet(pack));
  await run(remediationPlanSheet(pack));
  await run(usersSheet(pack));
  await run(effectiveAccessSheet(pack));
  await run(sensitiveFieldsSheet(pack));
  await run(systemPermissionsSheet(pack));
  await run(loginsSheet(pack));
  await run(changesSheet(pack));
  await run(driftSheet(pack));
  await run(coverageSheet(pack));
  await run(usageSheet(pack));
  await run(reviewLogSheet(pack));
  await run(summarySheet(pack, layout));
  // The Cover shows the digest, which its own hash leaves out: hash it before the digest exists.
  const coverDry = await run(coverSheet(pack, ''), false);
  const printed = SHEET_NAMES.filter((n) => n !== 'Manifest' && n !== 'Checkpoints').map((n) => (n === 'Cover' ? coverDry : done.get(n)!));
  await run(checkpointsSheet(printed.map((e) => ({ name: e.name, blocks: e.blocks }))));
  const hashes: SheetHashEntry[] = SHEET_NAMES.filter((n) => n !== 'Manifest').map((n) => {
    const e = n === 'Cover' ? coverDry : done.get(n)!;
    return { name: n, rows: e.rows, hash: e.hash };
  });
  const digest = (await run(manifestSheet(pack, hashes, ''), false)).hash;
  const manifest = await run(manifestSheet(pack, hashes, digest));
  const cover = await run(coverSheet(pack, digest));
  if (manifest.hash !== digest || cover.hash !== coverDry.hash) throw new Error('evidence pack: a sheet hashed differently on its second pass');
  await sink.finish({ tabOrder: SHEET_NAMES, digest });
  const all = [...done.values()];
  return {
    digest,
    rows: all.reduce((n, e) => n + e.rows, 0),
    sheets: SHEET_NAMES.map((n) => ({ name: n, hash: done.get(n)!.hash, rows: done.get(n)!.rows })),
    splitCells: all.reduce((n, e) => n + e.splitCells, 0),
  };
}
