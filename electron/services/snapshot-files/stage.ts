/**
 * Staging of uploaded snapshot files. A browser page (and a file dropped onto the desktop
 * window) hands over bytes, not a path, while preview and import read a path on the back end's
 * machine; so the bytes are written once under `<dataDir>/incoming/` and the path is returned.
 * Staged files are private (0600), named randomly (the uploaded name is never trusted as a
 * path), removed after a successful import, and swept after a day so abandoned previews do
 * not pile up.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, STAGE_MAX_BYTES, STAGE_TOO_LARGE } from '../../../shared/contract';
import { FILE_EXTENSION } from './format';

export const INCOMING_DIR = 'incoming';
const STAGED_EXT = FILE_EXTENSION;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function incomingDir(dataDir: string): string {
  return path.join(dataDir, INCOMING_DIR);
}

function decode(fileName: string, base64: string): Buffer {
  // Buffer.from(…, 'base64') silently skips invalid characters, so a mangled upload would be
  // staged as different bytes; refuse it instead.
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
    throw new AppError('validation', `${fileName}: the upload is not valid base64; nothing was staged.`, [{ path: 'base64', message: 'not valid base64' }]);
  }
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if ((base64.length / 4) * 3 - padding > STAGE_MAX_BYTES) throw new AppError('validation', STAGE_TOO_LARGE, [{ path: 'base64', message: STAGE_TOO_LARGE }]);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new AppError('validation', `${fileName} is empty; nothing was staged.`, [{ path: 'base64', message: 'empty file' }]);
  return bytes;
}

/** Removes staged files older than a day; a file another process removed first is fine. */
export function sweepStaged(dataDir: string, now = Date.now()): string[] {
  const dir = incomingDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.endsWith(STAGED_EXT)) continue;
    const file = path.join(dir, name);
    try {
      const st = fs.lstatSync(file);
      if (st.isFile() && now - st.mtimeMs > MAX_AGE_MS) {
        fs.rmSync(file, { force: true });
        removed.push(file);
      }
    } catch {
      /* gone already */
    }
  }
  return removed;
}

export function stageSnapshotFile(dataDir: string, input: { fileName: string; base64: string }): { path: string } {
  const bytes = decode(input.fileName, input.base64);
  sweepStaged(dataDir);
  const dir = incomingDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${crypto.randomBytes(16).toString('hex')}${STAGED_EXT}`);
  // 'wx': never follow or overwrite something already there. The mode is set again because the
  // process umask may have narrowed or widened it.
  fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
  return { path: file };
}

/** Deletes a file after a successful import when (and only when) it was staged here. */
export function discardIfStaged(dataDir: string, file: string): boolean {
  const dir = path.resolve(incomingDir(dataDir));
  const resolved = path.resolve(file);
  if (path.dirname(resolved) !== dir || !resolved.endsWith(STAGED_EXT)) return false;
  fs.rmSync(resolved, { force: true });
  return true;
}

/**
 * The UI offers `<dataDir>/exports/…` as the default place for an exported snapshot file; that
 * folder is created on first use (any other folder must already exist, as on the CLI).
 */
export function ensureDefaultExportDir(dataDir: string, outPath: string): void {
  const exportsDir = path.resolve(dataDir, 'exports');
  if (path.dirname(path.resolve(outPath)) === exportsDir) fs.mkdirSync(exportsDir, { recursive: true, mode: 0o700 });
}
