/**
 * Org data is hostile: text that a spreadsheet would run as a formula, control characters XML
 * cannot carry, and text longer than an Excel cell. It must land as plain strings, exactly.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { verifyPack } from '../../../electron/services/evidence/verify';
import { openPackZip } from '../../../electron/services/evidence/zip-guard';
import { readSheetRows, readWorkbook } from '../../../electron/services/evidence/xlsx-reader';
import { call, setup, sheetXml, type Env } from './helpers';

const LONG = `${'0123456789'.repeat(3_999)}END🙂${'x'.repeat(5)}`; // 40,000 characters, an emoji across no boundary
const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  '@SUM(A1)',
  '+1',
  '-1',
  '\tTAB',
  '\rCR',
  'line1\r\nline2',
  "quote \" and 'single'",
  'back\\slash \\n',
  'emoji 🧪 and 漢字',
  '_x0041_ literal escape',
  'bell\u0007 and nul\u0000 and del\u007f',
  '  padded  ',
  LONG,
];

let env: Env;
beforeEach(async () => {
  const { o, mule } = healthyOrg();
  HOSTILE.forEach((app, i) => o.login(mule, 'Remote Access 2.0', 3 + i, { app }));
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
});
afterEach(() => env.backend.close());

async function loginApps(file: string): Promise<string[]> {
  const zip = await openPackZip(file);
  try {
    const wb = await readWorkbook(zip, file);
    const sheet = wb.sheets.find((s) => s.name === 'Logins')!;
    const rows: Map<number, Map<number, string>> = new Map();
    await readSheetRows(zip, sheet.path, wb.sharedStrings, (r, cells) => rows.set(r, new Map(cells.map((c) => [c.col, c.text]))));
    // Raw login rows carry the application in column G; continuation rows continue it.
    const apps: string[] = [];
    for (const [, cells] of [...rows].sort(([a], [b]) => a - b)) {
      if (cells.get(2) === 'login') apps.push(cells.get(7) ?? '');
      else if (cells.get(1)?.startsWith('↳ continued')) apps[apps.length - 1] += cells.get(7) ?? '';
    }
    return apps;
  } finally {
    zip.close();
  }
}

describe('hostile org data', () => {
  it('is written as plain strings, never formulas, and reads back exactly', async () => {
    const r = await call<{ path: string; digest: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'hostile.xlsx') });
    const { xml, shared } = await sheetXml(r.path);
    for (const [name, x] of xml) expect(x, name).not.toMatch(/<f[\s>/]/);
    // Formula-like text sits in the shared strings table, as text.
    expect(shared).toContain('<t>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</t>');
    expect(shared).toContain('_x000D_CR');
    expect(shared).toContain('_x005F_x0041_ literal escape');

    // Newest login first: the order HOSTILE was added in (3, 4, 5… days ago); the fixture's own logins are MuleSoft's.
    const read = (await loginApps(r.path)).filter((a) => a !== 'MuleSoft');
    expect(read.length).toBe(HOSTILE.length);
    read.forEach((a, i) => expect(a === HOSTILE[i], `login ${i}: ${JSON.stringify(a.slice(0, 80))}`).toBe(true));

    // exceljs, an independent reader, decodes the same escapes to the same strings.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const apps = (wb.getWorksheet('Logins')!.getSheetValues() as unknown[][])
      .filter((x) => x?.[2] === 'login')
      .map((x) => x[7])
      .filter((a) => a !== 'MuleSoft');
    expect(apps.slice(0, 13)).toEqual(HOSTILE.slice(0, 13));
    expect(apps[13] === LONG.slice(0, 32_000)).toBe(true);
    expect(await verifyPack(r.path)).toMatchObject({ intact: true });
  });

  it('splits text longer than an Excel cell into visible continuation rows', async () => {
    const r = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'long.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const rows = wb.getWorksheet('Logins')!.getSheetValues() as unknown[][];
    const at = rows.findIndex((x) => x?.[7] === LONG.slice(0, 32_000));
    expect(String(rows[at + 1][1])).toBe(`↳ continued: row ${at}, column G (part 2 of 2; join the parts in order for the full text)`);
    expect(rows[at + 1][7]).toBe(LONG.slice(32_000));
    for (const x of rows) for (const v of x ?? []) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(32_767);
  });
});
