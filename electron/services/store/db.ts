/**
 * Opens the one SQLite database of a data directory. Durability over speed (writes are
 * rare): WAL, synchronous=FULL, foreign keys on. A damaged or newer database is never
 * written to: the app starts in a recovery state that says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import { loadMigrations, migrate } from './migrate';

export const DB_FILE = 'iua.sqlite';

export type DatabaseState = { state: 'ok'; db: Database.Database; path: string; message: null } | { state: 'damaged' | 'newer'; db: null; path: string; message: string };

/** better-sqlite3 can load a build for another ABI (Electron's) from an explicit path. */
export function nativeBindingOption(): { nativeBinding?: string } {
  const binding = process.env.IUA_SQLITE_BINDING;
  return binding ? { nativeBinding: binding } : {};
}

export function openRaw(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): Database.Database {
  return new Database(file, { ...options, ...nativeBindingOption() });
}

/**
 * Opens (creating when absent) and migrates. Never throws for a damaged or newer file:
 * returns a recovery state instead, and leaves the file's bytes exactly as they were.
 */
export function openDatabase(dataDir: string): DatabaseState {
  // Audit data is the client's: readable by the user only (on Windows the profile's ACL does this).
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DB_FILE);
  const existed = fs.existsSync(file);
  // SQLite gives its -wal and -shm files the database file's permissions, so creating it 0600 covers all three.
  if (!existed) {
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
    }
  }
  // A read-only open of a WAL-mode file still creates -wal and -shm beside it; a refused file
  // must leave its directory as it was found, so those are removed again (only if new).
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let db: Database.Database | null = null;
  try {
    if (existed) {
      // Look before touching: a read-only open cannot change the file's bytes or header.
      const probe = openRaw(file, { readonly: true, fileMustExist: true });
      try {
        const check = probe.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new AppError('damaged_database', `quick_check reported: ${String(check)}`);
        const version = probe.pragma('user_version', { simple: true }) as number;
        const latest = loadMigrations().length;
        if (version > latest) {
          throw new AppError(
            'newer_database',
            `This database was written by a newer version of Integration User Auditor (schema ${version}; this app knows up to ${latest}). Update the app; the database was not changed.`,
          );
        }
      } finally {
        probe.close();
      }
    }
    db = openRaw(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    if (existed) keepPrivate([file, `${file}-wal`, `${file}-shm`]);
    return { state: 'ok', db, path: file, message: null };
  } catch (err) {
    db?.close();
    if (existed) for (const f of sidecars) fs.rmSync(f, { force: true });
    if (err instanceof AppError && err.code === 'newer_database') return { state: 'newer', db: null, path: file, message: err.message };
    // quick_check can answer many lines; the recovery message is shown (and printed by the CLI) as one.
    const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 500);
    return {
      state: 'damaged',
      db: null,
      path: file,
      message: `The database at ${file} cannot be read (${detail}). It was left untouched. Move it aside (or restore a backup) and restart; nothing will be written to it meanwhile.`,
    };
  }
}

/** A database written before files were made private (0644) is made private on its next open. */
function keepPrivate(files: string[]): void {
  if (process.platform === 'win32') return;
  for (const f of files) {
    try {
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
    } catch {
      // absent sidecar, or a file we do not own: nothing to tighten
    }
  }
}

export function sqliteVersion(): string {
  const mem = openRaw(':memory:');
  try {
    return (mem.prepare('select sqlite_version() as v').get() as { v: string }).v;
  } finally {
    mem.close();
  }
}

/** Full integrity check; evidence export refuses to run on anything but 'ok'. */
export function integrityCheck(db: Database.Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}
