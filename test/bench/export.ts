/**
 * Export scenario (child processes, one per side, so each peak RSS is its own), on the
 * snapshot and scope the collect and evaluate scenarios stored:
 *  - pack: `evidence.export` (xlsx) as the app runs it — integrity check, evaluation view,
 *    every sheet with hashes, checkpoints and manifest — after one `audit.evaluate` has
 *    loaded the snapshot (that load is the evaluate scenario's loadMs, not export time);
 *  - bare: exceljs's streaming writer (same options: styles and shared strings on) writing
 *    exactly the rows the pack wrote, sheet by sheet; the rows are gathered first, untimed.
 *
 *   tsx test/bench/export.ts pack|bare <dataDir> <outDir>
 */
import path from 'node:path';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { createBackend } from '../../electron/services/backend';
import { createAuditService } from '../../electron/services/audit/service';
import { gatherPack } from '../../electron/services/evidence/data';
import { writePack, type PackSink } from '../../electron/services/evidence/pack';
import { cellText, type Cell, type SheetName } from '../../electron/services/evidence/model';
import { elapsedMs, note, peakRssMb, reply } from './lib';
import type { ExportSide } from './report';

const YIELD_EVERY = 500;

async function pack(dataDir: string, outDir: string): Promise<ExportSide> {
  const backend = createBackend({ dataDir, door: 'cli' });
  try {
    await backend.call('audit.evaluate', { orgAlias: 'bench' });
    const out = path.join(outDir, 'pack.xlsx');
    const started = performance.now();
    const r = await backend.call('evidence.export', { orgAlias: 'bench', format: 'xlsx', outPath: out });
    const ms = elapsedMs(started);
    note(`evidence pack: ${r.rows} rows in ${ms} ms, ${Math.round(fs.statSync(out).size / 1024)} KB`);
    return { ms, rows: r.rows, effectiveAccessRows: null, bytes: fs.statSync(out).size, peakRssMb: peakRssMb() };
  } finally {
    await backend.close();
  }
}

/** Every physical row the pack's xlsx sink would receive, as plain values. */
async function packRows(dataDir: string): Promise<Map<SheetName, (string | number | null)[][]>> {
  const backend = createBackend({ dataDir, door: 'cli' });
  try {
    const audit = createAuditService(backend.ctx);
    const data = gatherPack(backend.ctx, audit, { orgAlias: 'bench' }, new Date(), 'bench');
    const sheets = new Map<SheetName, (string | number | null)[][]>();
    const sink: PackSink = {
      splitsLongText: true,
      sheet(spec) {
        const rows: (string | number | null)[][] = [];
        sheets.set(spec.name, rows);
        return {
          row: (cells: Cell[]) => void rows.push(cells.map((c) => (c === null || typeof c === 'number' ? c : cellText(c)))),
          end: async () => {},
        };
      },
      finish: async () => {},
    };
    await writePack(data, sink);
    return sheets;
  } finally {
    await backend.close();
  }
}

async function bare(dataDir: string, outDir: string): Promise<ExportSide> {
  const sheets = await packRows(dataDir);
  const rows = [...sheets.values()].reduce((n, s) => n + s.length, 0);
  const out = path.join(outDir, 'bare.xlsx');
  const started = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: true });
  let written = 0;
  for (const [name, list] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const cells of list) {
      ws.addRow(cells).commit();
      if (++written % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    }
    await ws.commit();
  }
  await wb.commit();
  const ms = elapsedMs(started);
  note(`bare exceljs writer: ${rows} rows in ${ms} ms`);
  return { ms, rows, effectiveAccessRows: sheets.get('Effective Access')?.length ?? 0, bytes: fs.statSync(out).size, peakRssMb: peakRssMb() };
}

const [mode, dataDir, outDir] = process.argv.slice(2);
reply(mode === 'bare' ? await bare(dataDir, outDir) : await pack(dataDir, outDir));
