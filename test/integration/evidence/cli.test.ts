/**
 * The `iua export` / `iua verify` contract, through the real CLI in a subprocess: what it
 * prints and its exit codes (0 intact, 1 changed, 2 not a readable pack).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { openRaw, DB_FILE } from '../../../electron/services/store/db';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { runCli } from '../../support/cli';
import { setup, type Env } from './helpers';

let env: Env;
beforeAll(async () => {
  const { o } = healthyOrg();
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
  await env.backend.close();
});
afterAll(() => fs.rmSync(env.dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(['--data-dir', env.dataDir, ...args]);

describe('iua export and iua verify', () => {
  it('exports, prints path and digest, and verifies intact (exit 0)', () => {
    const out = path.join(env.out, 'cli.xlsx');
    const r = cli('export', 'acme', '--out', out, '--systems', 'MuleSoft');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [printedPath, digestLine] = r.stdout.trim().split('\n');
    expect(printedPath).toBe(out);
    const digest = /^pack digest ([0-9a-f]{64})$/.exec(digestLine)![1];
    const v = cli('verify', out, '--digest', digest);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(`intact: pack digest ${digest} (matches the recorded digest)\n`);

    const wrong = cli('verify', out, '--digest', '0'.repeat(64));
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain(`pack: the pack digest is ${digest}, not the recorded ${'0'.repeat(64)}`);
  });

  it('writes to the data directory by default, and JSON on request', () => {
    const r = cli('export', 'acme', '--format', 'json');
    expect(r.status).toBe(0);
    const file = r.stdout.split('\n')[0];
    expect(file).toBe(path.join(env.dataDir, 'exports', 'acme-snap-1.json'));
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).format).toBe('iua-evidence/1');
  });

  it('exits 1 naming the sheet and the first differing cell of an edited pack', async () => {
    const out = path.join(env.out, 'to-edit.xlsx');
    expect(cli('export', 'acme', '--out', out).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    wb.getWorksheet('Effective Access')!.getCell('D2').value = 'no';
    await wb.xlsx.writeFile(out);
    const v = cli('verify', out);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain('CHANGED: to-edit.xlsx is not the pack that was exported');
    expect(v.stdout).toContain('sheet "Effective Access", cell D2: cell values differ from the pack (first differing cell Effective Access!D2)');
  });

  it('exits 2 for a file that is not a readable pack', () => {
    const junk = path.join(env.out, 'junk.xlsx');
    fs.writeFileSync(junk, 'PK\u0003\u0004 truncated');
    const v = cli('verify', junk);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/^iua: .*junk\.xlsx is not a readable evidence pack: not a zip archive/);
    expect(cli('verify', path.join(env.out, 'nope.xlsx')).status).toBe(2);
  });

  it('refuses to export from a database that fails integrity_check, leaving no file', async () => {
    const dataDir = path.join(env.out, 'damaged');
    const b = createBackend({ dataDir, door: 'cli' });
    void requireDb(b.ctx);
    await b.close();
    // An index entry that no longer matches its table row: quick_check (at open) passes, integrity_check does not.
    const file = path.join(dataDir, DB_FILE);
    const db = openRaw(file);
    db.exec("CREATE TABLE t (a TEXT); CREATE INDEX t_a ON t(a); INSERT INTO t VALUES ('MARKER_AAAA');");
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 't_a'").get() as { rootpage: number }).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = fs.readFileSync(file);
    const page = bytes.subarray((root - 1) * pageSize, root * pageSize);
    const at = page.indexOf('MARKER_AAAA');
    expect(at).toBeGreaterThan(0);
    page.write('MARKER_AAAB', at);
    fs.writeFileSync(file, bytes);
    const r = runCli(['--data-dir', dataDir, 'export', 'acme', '--out', path.join(dataDir, 'x.xlsx')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/integrity check/);
    expect(fs.existsSync(path.join(dataDir, 'x.xlsx'))).toBe(false);
  });
});
