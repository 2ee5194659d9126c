/**
 * The real Salesforce CLI for integration tests: `@salesforce/cli` 2.138.0 (the newest that
 * runs on Node 20), installed once with its own shrinkwrap into ~/.cache/iua-sf-cli (never a
 * project dependency) and reused across runs. Every sf run gets its own HOME and config
 * folders, so tests never read or touch the user's real CLI logins.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SF_CLI_VERSION = '2.138.0';
const CACHE = path.join(os.homedir(), '.cache', 'iua-sf-cli');
const INSTALL = path.join(CACHE, SF_CLI_VERSION);
const RUN_JS = path.join(INSTALL, 'bin', 'run.js');

function npm(args: string[], cwd: string, timeoutMs: number) {
  return spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

/** The CLI's bin/run.js, installing it when missing; a reason when the registry cannot be reached. */
export function ensureSfCli(): { runJs: string } | { skip: string } {
  if (fs.existsSync(RUN_JS)) return { runJs: RUN_JS };
  fs.mkdirSync(CACHE, { recursive: true });
  const probe = npm(['view', `@salesforce/cli@${SF_CLI_VERSION}`, 'version'], CACHE, 60_000);
  if (probe.status !== 0 || !probe.stdout.includes(SF_CLI_VERSION)) {
    return {
      skip: `the npm registry cannot be reached to install @salesforce/cli@${SF_CLI_VERSION} (${(probe.stderr || probe.error?.message || 'no answer').trim().split('\n').pop()})`,
    };
  }
  // Built in a sibling folder and renamed into place, so a broken install is never reused.
  const work = fs.mkdtempSync(path.join(CACHE, 'install-'));
  try {
    const pack = npm(['pack', `@salesforce/cli@${SF_CLI_VERSION}`], work, 300_000);
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
    const tgz = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const untar = spawnSync('tar', ['xzf', tgz], { cwd: work });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    // Its own npm-shrinkwrap.json pins every dependency; no install scripts run.
    const install = npm(['install', '--omit=dev', '--ignore-scripts'], path.join(work, 'package'), 900_000);
    if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
    fs.renameSync(path.join(work, 'package'), INSTALL);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { runJs: RUN_JS };
}

export interface SfSandbox {
  /** Environment for sf and for anything that runs sf (PATH holds an `sf` shim). */
  env: Record<string, string>;
  run(args: string[], extraEnv?: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/**
 * An isolated HOME (the CLI keeps auth files in ~/.sfdx and ~/.sf, its key in a file with
 * SF_USE_GENERIC_UNIX_KEYCHAIN) and an `sf` on PATH that runs the cached CLI.
 */
export function sfSandbox(runJs: string, root: string): SfSandbox {
  const home = path.join(root, 'home');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'sf'), `#!/bin/sh\nexec "${process.execPath}" "${runJs}" "$@"\n`, { mode: 0o755 });
  const env: Record<string, string> = {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_LOG_LEVEL: 'warn',
    // No display: the bundled xdg-open falls back to $BROWSER (set per test).
    DISPLAY: '',
  };
  const run: SfSandbox['run'] = (args, extraEnv = {}) =>
    new Promise((resolve) => {
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SF_|SFDX_)/.test(k))) as Record<string, string>;
      const child = spawn(process.execPath, [runJs, ...args], { cwd: root, env: { ...base, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  return { env, run };
}

/**
 * Plays the user's browser for `sf org login web`: follows the authorize redirect to the
 * CLI's loopback listener (localhost:1717), then opens the success page it redirects to.
 */
export function fakeBrowser(root: string): string {
  const file = path.join(root, 'bin', 'browser.cjs');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
// A real browser returns at once, and sf waits for the opener to exit before it answers the
// callback: so the visit runs in a detached child and this process exits right away.
if (!process.env.IUA_FAKE_BROWSER_CHILD) {
  require('node:child_process').spawn(process.execPath, [__filename, process.argv[2]], { detached: true, stdio: 'ignore', env: { ...process.env, IUA_FAKE_BROWSER_CHILD: '1' } }).unref();
  process.exit(0);
}
(async () => {
  const authorize = await fetch(process.argv[2], { redirect: 'manual' });
  // The CLI listens on 127.0.0.1; "localhost" may resolve to ::1 first.
  const callback = authorize.headers.get('location').replace('//localhost:', '//127.0.0.1:');
  const answer = await fetch(callback, { redirect: 'manual' });
  const next = answer.headers.get('location');
  if (next) await fetch(new URL(next, callback)).catch(() => undefined);
})().then(() => process.exit(0), () => process.exit(1));
`,
    { mode: 0o755 },
  );
  return file;
}

/** Whether the CLI's fixed OAuth callback port is free (sf org login web needs it). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
