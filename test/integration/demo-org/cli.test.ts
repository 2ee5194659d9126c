import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce from 'jsforce';
import { describe, expect, it } from 'vitest';
import { cliCommand } from '../../support/cli';

const root = join(import.meta.dirname, '../../..');

function run(args: string[]) {
  // The prebuilt CLI under plain Node: SIGTERM reaches the CLI itself, which exits with its code.
  const [cmd, argv] = cliCommand(['demo-org', ...args]);
  const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = (n: number) =>
    new Promise<string[]>((resolve, reject) => {
      const check = () => {
        const ls = out.split('\n');
        if (ls.length > n) resolve(ls.slice(0, n));
      };
      child.stdout.on('data', check);
      void exited.then(() => reject(new Error(`exited early: ${err}`)));
      check();
    });
  return { child, lines, exited, stderr: () => err };
}

describe('iua demo-org', () => {
  it('prints the URL and token, serves jsforce, journals, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-org-cli-'));
    try {
      const journal = join(dir, 'j.jsonl');
      const p = run(['--port', '0', '--token', 'cli-token', '--journal', journal]);
      const [l1, l2] = await p.lines(2);
      const m = /^Demo org listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(l1);
      expect(m).not.toBeNull();
      expect(l2).toBe('Access token: cli-token');
      const conn = new jsforce.Connection({ instanceUrl: m?.[1], accessToken: 'cli-token', version: '62.0' });
      const res = await conn.query<{ Name: string }>('SELECT Name FROM Organization');
      expect(res.records[0].Name).toBe('GreenPath Healthcare');
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(JSON.parse(readFileSync(journal, 'utf8').trim().split('\n')[0])).toMatchObject({ method: 'GET', status: 200, object: 'Organization' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('loads --data files and rejects bad ones with file, object, index and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-org-cli-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ User: [{ Id: '005000000000001AAA', Username: 'a@b.c' }, { Username: 'x@y.z' }] }));
      const p = run(['--data', bad]);
      const badPort = run(['--port', 'abc']);
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toContain(`${bad}: User[1].Id: every record needs a non-empty string Id`);
      expect(await badPort.exited).toBe(1);
      expect(badPort.stderr()).toContain('--port must be a whole number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
