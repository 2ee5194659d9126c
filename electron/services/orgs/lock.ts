/**
 * One collection per org at a time, in this process (a map, which also holds the cancel
 * switch) and across processes (a row in collection_lock naming the holder's pid). A row
 * left by a killed process is taken over once its pid is gone.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';

export interface LockRow {
  org_alias: string;
  pid: number;
  hostname: string;
  token: string;
  started_at: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock row whose holder is gone: a dead pid on this machine, or a day old from another one. */
export function lockIsStale(row: LockRow, hostname: string): boolean {
  return row.hostname === hostname ? !alive(row.pid) : Date.now() - Date.parse(row.started_at) > 24 * 3600_000;
}

function busy(alias: string, row: LockRow): AppError {
  const who = row.pid === process.pid ? 'this app' : `process ${row.pid}${row.hostname !== os.hostname() ? ` on ${row.hostname}` : ''}`;
  return new AppError('busy', `A collection of ${alias} is already running (started ${row.started_at} by ${who}); wait for it to finish or cancel it.`);
}

/** Takes the cross-process lock or throws `busy`. Returns the release function. */
export function acquireDbLock(db: Database.Database, alias: string): () => void {
  const token = crypto.randomBytes(8).toString('hex');
  db.transaction(() => {
    const row = db.prepare('SELECT * FROM collection_lock WHERE org_alias = ?').get(alias) as LockRow | undefined;
    if (row) {
      if (!lockIsStale(row, os.hostname())) throw busy(alias, row);
      db.prepare('DELETE FROM collection_lock WHERE org_alias = ?').run(alias);
    }
    db.prepare('INSERT INTO collection_lock (org_alias, pid, hostname, token, started_at) VALUES (?, ?, ?, ?, ?)').run(
      alias,
      process.pid,
      os.hostname(),
      token,
      new Date().toISOString(),
    );
  }).immediate();
  return () => {
    try {
      db.prepare('DELETE FROM collection_lock WHERE org_alias = ? AND token = ?').run(alias, token);
    } catch {
      // A closed database (process shutting down): the pid check frees the row later.
    }
  };
}

export class CollectionRegistry {
  private running = new Map<string, AbortController>();

  isRunning(alias: string): boolean {
    return this.running.has(alias);
  }

  /** Registers a run in this process and takes the database lock; both or neither. */
  begin(db: Database.Database, alias: string): { signal: AbortSignal; end: () => void } {
    if (this.running.has(alias)) throw new AppError('busy', `A collection of ${alias} is already running in this app; wait for it to finish or cancel it.`);
    const release = acquireDbLock(db, alias);
    const controller = new AbortController();
    this.running.set(alias, controller);
    return {
      signal: controller.signal,
      end: () => {
        this.running.delete(alias);
        release();
      },
    };
  }

  cancel(alias: string): boolean {
    const c = this.running.get(alias);
    if (!c) return false;
    c.abort();
    return true;
  }
}
