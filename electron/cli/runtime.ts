/**
 * Shared plumbing for CLI commands: resolving the data directory from the global option,
 * opening the back end for one command, and turning expected failures into a one-line
 * message and a non-zero exit (bugs keep their stack, on stderr only).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../shared/contract';
import { createBackend, type Backend } from '../services/backend';
import { resolveDataDir } from '../services/paths';

export interface GlobalOptions {
  dataDir?: string;
}

export function dataDirOf(cmd: Command): string {
  const opts = cmd.optsWithGlobals() as GlobalOptions;
  return resolveDataDir(opts.dataDir);
}

/**
 * Opens the back end for one command and always closes it. A mistyped --data-dir must not
 * pass silently as a new, empty store: commands that only read refuse a data directory that
 * does not exist (`mustExist`), and the others say when they created one.
 */
export async function withBackend<T>(cmd: Command, fn: (backend: Backend) => Promise<T>, options: { mustExist?: boolean } = {}): Promise<T> {
  const dataDir = dataDirOf(cmd);
  const existed = fs.existsSync(dataDir);
  if (!existed && options.mustExist) {
    throw new AppError('not_found', `There is no data directory at ${dataDir}, so there is nothing to read. Check --data-dir (or IUA_DATA_DIR); nothing was created.`);
  }
  const backend = createBackend({ dataDir, door: 'cli' });
  if (!existed) process.stderr.write(`iua: created a new, empty data directory at ${dataDir}\n`);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Exit codes: 1 for expected failures (bad input, org errors), 70 for bugs. */
export function reportFailure(err: unknown): number {
  if (err instanceof AppError) {
    process.stderr.write(`iua: ${err.message}\n`);
    for (const issue of err.issues ?? []) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    return 1;
  }
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' && String((err as { code: string }).code).startsWith('commander.')) {
    return (err as { exitCode?: number }).exitCode ?? 1;
  }
  process.stderr.write(`iua: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}

/** For commands that only read: a data directory that does not exist is refused, never created. */
export function withExistingBackend<T>(cmd: Command, fn: (backend: Backend) => Promise<T>): Promise<T> {
  return withBackend(cmd, fn, { mustExist: true });
}
