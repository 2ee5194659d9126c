/**
 * The built main.js (what `npm start` and the package run) boots under plain Node with a fake
 * `electron` module: externals resolve from node_modules (Node's ESM loader is stricter than the
 * bundler), migrations are found beside the bundle, the database module is loaded from
 * out/native/electron-<abi>-<platform>-<arch>/, app:// serves with the CSP, IPC answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBindingPath } from '../../../electron/desktop/native-binding';
import { CALL_NAMES } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { ROOT, tempDir } from '../../support/tmp';

let outRoot: string;
let dataDir: string;

beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
  outRoot = fs.mkdtempSync(path.join(ROOT, 'out', '.bundle-test-'));
  dataDir = tempDir('iua-bundle-');
  const b = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--no-native', `--out-dir=${path.relative(ROOT, path.join(outRoot, 'electron'))}`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
  fs.mkdirSync(path.join(outRoot, 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(outRoot, 'renderer', 'index.html'), '<!doctype html><title>bundle test</title>');
});
afterAll(() => {
  fs.rmSync(outRoot, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function boot(withBinding: boolean) {
  const binding = electronBindingPath(outRoot, process.versions.modules);
  fs.rmSync(path.dirname(binding), { recursive: true, force: true });
  if (withBinding) {
    // Under Node, "the Electron build" is Node's build placed where main.js looks for it.
    fs.mkdirSync(path.dirname(binding), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binding);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, IUA_DATA_DIR: dataDir };
  delete env.IUA_SQLITE_BINDING;
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/support/fake-electron/register.mjs'), path.join(outRoot, 'electron', 'main.js')], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice('REPORT '.length));
}

describe('built main.js', () => {
  it('boots, serves app:// with the CSP and answers IPC with the Electron-ABI binding', () => {
    const report = boot(true);
    expect(report.errors).toEqual([]);
    expect(report.sandbox).toBe(true);
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(fs.existsSync(report.windows[0].webPreferences.preload)).toBe(true);
    expect(report.loaded).toBe('app://iua/index.html');
    expect(report.served).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY });
    expect(report.served.body).toContain('bundle test');
    expect(report.traversal).toBe(403);
    expect(report.ipc.channels).toBe(CALL_NAMES.length);
    expect(report.ipc.info).toMatchObject({ ok: true, value: { door: 'desktop', dataDir, database: { state: 'ok' } } });
    expect(report.ipc.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(report.ipc.malformed).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(report.quit).toBe(true);
  });

  it('the preload bundle carries the channel names, not the contract', () => {
    const preload = fs.readFileSync(path.join(outRoot, 'electron', 'preload.cjs'), 'utf8');
    for (const c of CALL_NAMES) expect(preload).toContain(JSON.stringify(c));
    expect(preload.length).toBeLessThan(10_000);
    expect(preload).not.toMatch(/zod/i);
  });

  it('refuses to start without the Electron build of better-sqlite3', () => {
    const report = boot(false);
    expect(report.errors.join('\n')).toMatch(/not been built for this Electron/);
    expect(report.exitCode).toBe(1);
    expect(report.windows).toHaveLength(0);
  });
});
