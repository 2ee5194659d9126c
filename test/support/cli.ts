import { spawn, spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import type {} from './cli-bundle-setup';
import { MIGRATIONS_DIR, ROOT } from './tmp';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The command line that starts the real `iua` CLI: the run's prebuilt bundle under plain Node. */
export function cliCommand(args: string[]): [string, string[]] {
  return [process.execPath, [inject('cliBundle'), ...args]];
}

function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, IUA_MIGRATIONS_DIR: MIGRATIONS_DIR, ...env };
}

/** Runs the real `iua` CLI in a subprocess (as a user would). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, input?: string): CliRun {
  const [cmd, argv] = cliCommand(args);
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: cliEnv(env), encoding: 'utf8', input, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the real CLI without blocking this process's event loop (e.g. when a demo org runs here). */
export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const [cmd, argv] = cliCommand(args);
    const child = spawn(cmd, argv, { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
