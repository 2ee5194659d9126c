import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh temporary directory per test, removed afterwards by the caller's cleanup. */
export function tempDir(prefix = 'iua-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
export const CLI_MAIN = path.join(ROOT, 'electron/cli/main.ts');
export const MIGRATIONS_DIR = path.join(ROOT, 'electron/services/store/migrations');
