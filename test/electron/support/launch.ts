/**
 * Launches the built desktop app under Playwright with a throwaway data directory. Where the
 * Electron binary is missing (ELECTRON_SKIP_BINARY_DOWNLOAD), `electronSkipReason` says so
 * and the specs skip instead of failing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);

export function electronBinary(): string | null {
  try {
    const bin = require('electron') as unknown;
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export const electronSkipReason: string | null = electronBinary()
  ? null
  : 'Electron binary not installed (node_modules/electron has no dist: ELECTRON_SKIP_BINARY_DOWNLOAD or no access to its download host); the desktop window cannot be tested here. Under Node, test/unit/electron covers the same rules with a mocked electron module.';

if (electronSkipReason) console.log(`[test/electron] SKIPPED: ${electronSkipReason}`);

/** Renderer, main/preload bundles and the Electron-ABI better-sqlite3 (reused when unchanged). */
export function buildApp(): void {
  for (const script of ['build:renderer', 'build:electron']) {
    const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run ${script} failed`);
  }
}

/** Chromium refuses to start as root without --no-sandbox (CI containers run as root). */
function rootArgs(): string[] {
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
  dataDir: string;
  close(): Promise<void>;
}

export async function launchApp(): Promise<LaunchedApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iua-electron-'));
  const app = await _electron.launch({
    executablePath: electronBinary()!,
    args: [...rootArgs(), ROOT],
    cwd: ROOT,
    env: { ...process.env, IUA_DATA_DIR: dataDir, IUA_SQLITE_BINDING: '' } as Record<string, string>,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    app,
    page,
    dataDir,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function secondInstance(dataDir: string): { status: number | null; signal: string | null } {
  const r = spawnSync(electronBinary()!, [...rootArgs(), ROOT], { cwd: ROOT, env: { ...process.env, IUA_DATA_DIR: dataDir }, timeout: 60_000 });
  return { status: r.status, signal: r.signal };
}
