/**
 * Small files kept in the data directory beside the database (encrypted secrets, window
 * state, consent). A crash mid-write must leave the old file or the new one, never a torn
 * mix, so every write goes to a temporary sibling, is fsynced, then renamed over the target.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  // The rename itself must survive a power cut too; directories cannot be fsynced on Windows.
  if (process.platform !== 'win32') {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }
}

/** Parsed JSON, or null when the file is absent or unreadable (a damaged preference is not fatal). */
export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/**
 * Moves a finished temporary file to its final name without ever replacing something that is
 * already there: a hard link fails atomically when the name exists (a check, then a rename,
 * could lose a file created in between). Filesystems without hard links fall back to a check
 * and a rename. Returns false, leaving `temp` in place, when `target` exists.
 */
export function placeWithoutReplacing(temp: string, target: string): boolean {
  try {
    fs.linkSync(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
    if (fs.existsSync(target)) return false;
    fs.renameSync(temp, target);
    return true;
  }
  fs.rmSync(temp, { force: true });
  return true;
}

/** Creates a directory the app owns (and its missing parents) readable by the user only. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
