import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directories tempDir made for this test file's tests. */
const made: string[] = [];

/** A fresh temporary directory, removed after the test file's last test (remove-temp-dirs.ts). */
export function tempDir(prefix = 'iua-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made so far in this process. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
export const CLI_MAIN = path.join(ROOT, 'electron/cli/main.ts');
export const MIGRATIONS_DIR = path.join(ROOT, 'electron/services/store/migrations');
