/**
 * Numbered migrations on PRAGMA user_version. Each step is a file NNN-name.sql in
 * ./migrations; the order is the number, never a hand-kept list. All pending steps run in
 * one transaction; a database whose version is newer than the newest step is refused
 * untouched (an older app must not write to a newer app's data).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Where the .sql files are: next to this module in source, copied beside the bundle in builds. */
export function migrationsDir(): string {
  if (process.env.IUA_MIGRATIONS_DIR) return process.env.IUA_MIGRATIONS_DIR;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'migrations'), path.join(here, 'store', 'migrations'), path.join(here, '..', 'migrations')];
  const found = candidates.find((dir) => fs.existsSync(dir));
  if (!found) throw new Error(`migrations folder not found near ${here}`);
  return found;
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file name must be NNN-name.sql: ${file}`);
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 001, 002, … without gaps; found ${String(m.version).padStart(3, '0')} at position ${i + 1}`);
  });
  return migrations;
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

/** Brings the database to the newest version. Returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new AppError(
      'newer_database',
      `This database was written by a newer version of Integration User Auditor (schema ${current}; this app knows up to ${latest}). Update the app; the database was not changed.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
  })();
  return pending.map((m) => m.version);
}
