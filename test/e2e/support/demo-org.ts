/**
 * Runs the demo org simulator (`iua demo-org`) as a subprocess, for flows that connect an
 * org by hand (Add org → collect) or need injected faults (expired session).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoOrgProcess {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * `data` replaces the default dataset (`--data`), `port` fixes the port: together they let a
 * test restart "the same org" (same instance URL and token) with changed data or new faults.
 */
export async function startDemoOrgProcess(options: { token?: string; faults?: unknown; data?: unknown; port?: number } = {}): Promise<DemoOrgProcess> {
  const token = options.token ?? `e2e-${Math.random().toString(36).slice(2)}`;
  const args = ['node_modules/tsx/dist/cli.mjs', 'electron/cli/main.ts', 'demo-org', '--port', String(options.port ?? 0), '--token', token];
  if (options.faults) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iua-faults-')), 'faults.json');
    fs.writeFileSync(file, JSON.stringify(options.faults));
    args.push('--faults', file);
  }
  if (options.data) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iua-data-')), 'org.json');
    fs.writeFileSync(file, JSON.stringify(options.data));
    args.push('--data', file);
  }
  const child = spawn(process.execPath, args, { cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo-org did not start in time. stderr: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`demo-org exited with ${code}. stderr: ${stderr}`)));
  });
  return {
    url,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
