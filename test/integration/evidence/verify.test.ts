/**
 * Verify proves a pack is the one exported: an edited value is caught and located, a pack
 * re-saved by a spreadsheet program without edits still verifies, and files that are not
 * packs (or are built to hurt the reader) are refused before any XML is parsed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { verifyPack } from '../../../electron/services/evidence/verify';
import { call, setup, type Env } from './helpers';

let env: Env;
let pack: { path: string; digest: string };

beforeAll(async () => {
  const { o } = healthyOrg();
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
  pack = await call(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'pack.xlsx') });
});
afterAll(() => env.backend.close());

async function edited(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(pack.path);
  edit(wb);
  const file = path.join(env.out, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function refusal(file: string): Promise<string> {
  try {
    await verifyPack(file);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_file');
    return (e as AppError).message;
  }
  throw new Error('verify accepted a file it should refuse');
}

describe('verify', () => {
  it('accepts the pack as exported, and its recorded digest', async () => {
    expect(await verifyPack(pack.path, pack.digest)).toEqual({ intact: true, digest: pack.digest, problems: [] });
  });

  it('accepts the pack re-saved by exceljs without edits', async () => {
    const file = await edited('resaved.xlsx', () => {});
    expect(fs.readFileSync(file).equals(fs.readFileSync(pack.path))).toBe(false);
    expect(await verifyPack(file, pack.digest)).toEqual({ intact: true, digest: pack.digest, problems: [] });
  });

  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!soffice)(
    'accepts the pack re-saved by LibreOffice Calc without edits',
    async () => {
      const outDir = path.join(env.out, 'lo');
      const r = spawnSync(
        'soffice',
        [`-env:UserInstallation=file://${path.join(env.out, 'lo-profile')}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outDir, pack.path],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const file = path.join(outDir, 'pack.xlsx');
      expect(await verifyPack(file, pack.digest)).toEqual({ intact: true, digest: pack.digest, problems: [] });
    },
    150_000,
  );

  it('names the sheet and the first edited cell', async () => {
    const file = await edited('edited.xlsx', (wb) => {
      const ws = wb.getWorksheet('Checklist')!;
      ws.getCell('E4').value = ws.getCell('E4').value === 'pass' ? 'fail' : 'pass';
    });
    const r = await verifyPack(file, pack.digest);
    expect(r.intact).toBe(false);
    expect(r.digest).toBe(pack.digest);
    expect(r.problems).toEqual([{ sheet: 'Checklist', cell: 'E4', message: 'cell values differ from the pack (first differing cell Checklist!E4)' }]);
  });

  it('catches a value turned into a formula, an added row and an added sheet', async () => {
    const file = await edited('formula.xlsx', (wb) => {
      wb.getWorksheet('Effective Access')!.getCell('C2').value = { formula: 'UPPER("account")', result: 'ACCOUNT' };
      wb.getWorksheet('Coverage')!.addRow(['Extra', 1, 1]);
      wb.addWorksheet('Notes').getCell('A1').value = 'auditor scribbles';
    });
    const r = await verifyPack(file);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'Effective Access', cell: 'C2' }),
        expect.objectContaining({ sheet: 'Coverage', cell: expect.stringMatching(/^A\d+$/) }),
        expect.objectContaining({ sheet: 'Notes', message: 'sheet "Notes" is not part of the pack (added after export)' }),
      ]),
    );
  });

  it('catches an edited Manifest, a forged digest and a digest that is not the recorded one', async () => {
    const manifest = await edited('manifest.xlsx', (wb) => {
      wb.getWorksheet('Manifest')!.getCell('B4').value = '00D000000000002AAA';
    });
    const m = await verifyPack(manifest, pack.digest);
    expect(m.intact).toBe(false);
    expect(m.problems.map((p) => [p.sheet, p.cell])).toEqual([
      ['Manifest', 'B1'],
      [null, null],
      ['Cover', 'B2'],
    ]);

    // Re-hashing a sheet and writing the new hash and digest in keeps the pack self-consistent;
    // only the digest recorded at export time exposes it.
    const digest = 'f'.repeat(64);
    const other = await verifyPack(pack.path, digest);
    expect(other).toMatchObject({ intact: false, problems: [{ sheet: null, cell: null, message: `the pack digest is ${pack.digest}, not the recorded ${digest}` }] });
  });

  it('refuses files that are not readable packs', async () => {
    const text = path.join(env.out, 'text.xlsx');
    fs.writeFileSync(text, 'not a zip at all');
    expect(await refusal(text)).toMatch(/not a readable evidence pack: not a zip archive/);

    const truncated = path.join(env.out, 'truncated.xlsx');
    const bytes = fs.readFileSync(pack.path);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await refusal(truncated)).toMatch(/not a readable evidence pack/);

    const plainZip = path.join(env.out, 'plain.xlsx');
    fs.writeFileSync(plainZip, zipSync({ 'hello.txt': new TextEncoder().encode('hi') }));
    expect(await refusal(plainZip)).toMatch(/no workbook inside/);

    expect(await refusal(path.join(env.out, 'missing.xlsx'))).toMatch(/does not exist/);
  });

  it('refuses zip bombs and entry floods from the central directory, before parsing', async () => {
    const bomb = path.join(env.out, 'bomb.xlsx');
    fs.writeFileSync(bomb, zipSync({ 'xl/workbook.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 }));
    expect(fs.statSync(bomb).size).toBeLessThan(50_000);
    expect(await refusal(bomb)).toMatch(/compression ratio of \d+:1 .*zip bomb/);

    const flood = path.join(env.out, 'flood.xlsx');
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2_001; i++) files[`f${i}.xml`] = new Uint8Array(1);
    fs.writeFileSync(flood, zipSync(files));
    expect(await refusal(flood)).toMatch(/2001 zip entries \(at most 2000\)/);

    const traversal = path.join(env.out, 'traversal.xlsx');
    fs.writeFileSync(traversal, zipSync({ '../../etc/evil.xml': new Uint8Array(1) }));
    expect(await refusal(traversal)).toMatch(/not a readable evidence pack/);
  });
});
