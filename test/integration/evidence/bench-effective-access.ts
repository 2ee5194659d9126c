/**
 * Benchmark (not a test): an Effective Access sheet of ~1M rows written through the evidence
 * pack, against a bare exceljs streaming writer writing as many rows of the same shape in the
 * same run. Each side runs in its own process so peak memory is its own.
 *
 *   npx tsx test/integration/evidence/bench-effective-access.ts [users=100] [objects=10000]
 *
 * Pass: pack rate ≥ half the bare rate, and pack peak RSS < 1 GB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const [mode = 'main', usersArg = '100', objectsArg = '10000'] = process.argv[2] === 'bare' || process.argv[2] === 'pack' ? process.argv.slice(2) : ['main', ...process.argv.slice(2)];
const USERS = Number(usersArg);
const OBJECTS = Number(objectsArg);

function watchPeak(): () => number {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function bare(dir: string): Promise<void> {
  const stop = watchPeak();
  const started = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, 'bare.xlsx'), useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('Effective Access');
  let rows = 0;
  for (let u = 0; u < USERS; u++) {
    for (let o = 0; o < OBJECTS; o++) {
      ws.addRow([`int${u}@bench.test`, 'Bench', `Object${o}__c`, 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'not declared', 'Read, Create, Edit, Delete, View All, Modify All', 'permission set Bench_All: Read, Create, Edit, Delete, View All, Modify All (implied by ModifyAllData)']).commit();
      rows++;
      if (rows % 500 === 0) await new Promise((r) => setImmediate(r));
    }
  }
  await ws.commit();
  await wb.commit();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ rows, seconds, peakRss: stop() }) + '\n');
}

async function pack(dir: string): Promise<void> {
  const { createBackend } = await import('../../../electron/services/backend');
  const { requireDb } = await import('../../../electron/services/context');
  const { OrgBuilder } = await import('../../unit/audit/fixtures');
  const { storeSnapshot } = await import('../../support/store-snapshot');
  const o = new OrgBuilder();
  for (let i = 0; i < OBJECTS; i++) o.entity(`Object${i}__c`);
  const lic = o.license('Salesforce Integration');
  const prof = o.profile('Minimum Access - API Only Integrations', lic, { ApiUserOnly: true, ApiEnabled: true });
  const ps = o.permSet('Bench_All', { ModifyAllData: true });
  const users: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const id = o.user(`int${u}@bench.test`, prof.profileId);
    o.assign(id, ps);
    users.push(`int${u}@bench.test`);
  }
  const backend = createBackend({ dataDir: dir, door: 'cli' });
  storeSnapshot(requireDb(backend.ctx), 'bench', o.snapshot(), 'snap-bench');
  await backend.call('scope.save', { orgAlias: 'bench', scope: { version: 1, systems: [{ name: 'Bench', owner: 'o', purpose: 'p', users, objects: {} }] } });
  const stop = watchPeak();
  const started = performance.now();
  const r = await backend.call('evidence.export', { orgAlias: 'bench', format: 'xlsx', outPath: path.join(dir, 'pack.xlsx') });
  const seconds = (performance.now() - started) / 1000;
  backend.close();
  const eaRows = USERS * OBJECTS;
  process.stdout.write(JSON.stringify({ rows: eaRows, packRows: r.rows, seconds, peakRss: stop(), bytes: fs.statSync(r.path).size }) + '\n');
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const tsx = path.resolve(path.dirname(self), '../../../node_modules/tsx/dist/cli.mjs');
  const run = (m: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `iua-bench-${m}-`));
    try {
      const r = spawnSync(process.execPath, ['--max-old-space-size=4096', tsx, self, m, String(USERS), String(OBJECTS)], { encoding: 'utf8', env: { ...process.env, BENCH_DIR: dir } });
      if (r.status !== 0) throw new Error(`${m} failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; seconds: number; peakRss: number };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const b = run('bare');
  const p = run('pack');
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  const bareRate = b.rows / b.seconds;
  const packRate = p.rows / p.seconds;
  console.log(`bare exceljs streaming writer: ${b.rows} rows in ${b.seconds.toFixed(1)} s = ${Math.round(bareRate)} rows/s, peak RSS ${mb(b.peakRss)}`);
  console.log(`evidence pack (Effective Access ${p.rows} rows + the other sheets): ${p.seconds.toFixed(1)} s = ${Math.round(packRate)} rows/s, peak RSS ${mb(p.peakRss)}`);
  const ok = packRate >= bareRate / 2 && p.peakRss < 1024 ** 3;
  console.log(`ratio ${(packRate / bareRate).toFixed(2)} (need ≥ 0.50), memory ${p.peakRss < 1024 ** 3 ? 'under' : 'OVER'} 1 GB: ${ok ? 'PASS' : 'FAIL'}`);
  process.exitCode = ok ? 0 : 1;
}

const dir = process.env.BENCH_DIR ?? '';
if (mode === 'bare') await bare(dir);
else if (mode === 'pack') await pack(dir);
else await main();
