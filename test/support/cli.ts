import { spawnSync } from 'node:child_process';
import { CLI_MAIN, ROOT, TSX_CLI } from './tmp';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `iua` CLI in a subprocess (as a user would). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, input?: string): CliRun {
  const r = spawnSync(process.execPath, [TSX_CLI, CLI_MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', input, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
