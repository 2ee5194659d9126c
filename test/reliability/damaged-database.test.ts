/**
 * #9 a corrupted or truncated database and #10 a database from a newer app version, through
 * the real front doors (the `iua` CLI in a subprocess, and browser mode over HTTP): the app
 * starts in a recovery state and says so (app.info database.state, and every data call answers
 * with the reason), and the file's bytes — and the directory, no WAL or journal created — are
 * exactly as they were. The unit-level cases are in test/unit/foundation/store.test.ts.
 */
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/services/backend';
import { requireDb } from '../../electron/services/context';
import { openRaw, DB_FILE } from '../../electron/services/store/db';
import { startWebServer } from '../../electron/web/server';
import { healthyOrg } from '../unit/audit/fixtures';
import { storeSnapshot } from '../support/store-snapshot';
import { ROOT, tempDir } from '../support/tmp';
import { bundle, MIGRATIONS_DIR, removeBundle } from '../support/bundle';
import { reportAs, tally } from './support/report';

reportAs('damaged-database.test.ts');

let cli: string;
let good: Buffer;
const dirs: string[] = [];

beforeAll(async () => {
  cli = await bundle('electron/cli/main.ts');
  const dir = tempDir('iua-damaged-src-');
  dirs.push(dir);
  const backend = createBackend({ dataDir: dir, door: 'cli' });
  storeSnapshot(requireDb(backend.ctx), 'acme', healthyOrg().o.snapshot(), 'snap-1');
  await backend.close();
  good = fs.readFileSync(path.join(dir, DB_FILE));
  expect(good.length).toBeGreaterThan(64 * 1024);
}, 180_000);

afterAll(() => {
  if (cli) removeBundle(cli);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ROOT,
      env: { ...process.env, IUA_MIGRATIONS_DIR: MIGRATIONS_DIR, IUA_SECRET_STORE: 'session' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function newer(): Buffer {
  const dir = tempDir('iua-newer-');
  dirs.push(dir);
  const file = path.join(dir, DB_FILE);
  fs.writeFileSync(file, good);
  const db = openRaw(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('user_version = 99');
  db.close();
  return fs.readFileSync(file);
}

/** Damaged variants of a real database with data in it. */
function variants(): { name: string; state: 'damaged' | 'newer'; bytes: Buffer }[] {
  const half = good.subarray(0, Math.floor(good.length / 2));
  const page = 4096;
  const midPage = Buffer.from(good);
  crypto.randomFillSync(midPage, page * 3, page * 2);
  const header = Buffer.from(good);
  header.write('not the SQLite header', 0);
  const trailing = good.subarray(0, good.length - 1000);
  return [
    { name: 'truncated to half', state: 'damaged', bytes: half },
    { name: 'last 1000 bytes cut', state: 'damaged', bytes: trailing },
    { name: 'two pages overwritten with noise', state: 'damaged', bytes: midPage },
    { name: 'header overwritten', state: 'damaged', bytes: header },
    { name: 'not a database at all', state: 'damaged', bytes: Buffer.from('hello, I am a text file\n'.repeat(500)) },
    { name: 'written by a newer version', state: 'newer', bytes: newer() },
  ];
}

function place(bytes: Buffer): string {
  const dir = tempDir('iua-damaged-');
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, DB_FILE), bytes);
  return dir;
}

function untouched(dir: string, bytes: Buffer): void {
  expect(fs.readdirSync(dir)).toEqual([DB_FILE]);
  expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(bytes)).toBe(true);
}

describe('a damaged or newer database', () => {
  it('puts the CLI in a recovery state that says so, and leaves the file byte for byte', async () => {
    let checks = 0;
    const cases = variants();
    for (const v of cases) {
      const dir = place(v.bytes);
      const info = await runCli(['--data-dir', dir, 'info', '--json']);
      expect(info.status, `${v.name}: ${info.stderr}`).toBe(0);
      const db = (JSON.parse(info.stdout) as { database: { state: string; message: string } }).database;
      expect(db.state, v.name).toBe(v.state);
      expect(db.message).toMatch(v.state === 'newer' ? /newer version.*not changed/ : /cannot be read.*left untouched/);
      // A data command refuses with the same reason, one line, exit 1.
      const list = await runCli(['--data-dir', dir, 'orgs', 'list']);
      expect(list.status, v.name).toBe(1);
      expect(list.stderr).toMatch(v.state === 'newer' ? /^iua: This database was written by a newer version/m : /^iua: The database at .* cannot be read/m);
      untouched(dir, v.bytes);
      checks += 2;
    }
    tally('#9', { tests: 1, faults: cases.length - 1, nothingLost: (cases.length - 1) * 2 });
    tally('#10', { tests: 1, faults: 1, nothingLost: 2 });
    expect(checks).toBe(cases.length * 2);
  }, 900_000);

  it('puts browser mode in a recovery state too, answering data calls with the reason', async () => {
    const cases = variants();
    for (const v of cases) {
      const dir = place(v.bytes);
      const server = await startWebServer({ dataDir: dir, port: 0, staticDir: tempDir() });
      try {
        const api = async (name: string, body: unknown) =>
          (await (await fetch(`http://127.0.0.1:${server.port}/api/${name}`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-iua-token': server.token } })).json()) as
            { ok: true; value: { database: { state: string } } } | { ok: false; error: { code: string; message: string } };
        const info = await api('app.info', {});
        expect(info.ok && info.value.database.state, v.name).toBe(v.state);
        for (const [name, input] of [
          ['orgs.list', {}],
          ['snapshots.list', {}],
          ['orgs.remove', { alias: 'acme' }],
          ['scope.save', { orgAlias: 'acme', scope: { version: 1, systems: [] } }],
        ] as const) {
          const res = await api(name, input);
          expect(res.ok, `${v.name} ${name}`).toBe(false);
          if (!res.ok) expect(res.error.code).toBe(v.state === 'newer' ? 'newer_database' : 'damaged_database');
        }
      } finally {
        await server.close();
      }
      untouched(dir, v.bytes);
    }
    tally('#9', { tests: 1, faults: cases.length - 1, nothingLost: (cases.length - 1) * 5 });
    tally('#10', { tests: 1, faults: 1, nothingLost: 5 });
  }, 300_000);
});
