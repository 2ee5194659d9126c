/**
 * What every handler is given: where data lives, the database (or why it is unavailable),
 * the event bus and a logger. Built once per process by createBackend().
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/contract';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { DatabaseState } from './store/db';

export type Door = 'desktop' | 'browser' | 'cli';

export interface ServiceContext {
  dataDir: string;
  door: Door;
  electronVersion: string | null;
  database: DatabaseState;
  events: EventBus;
  log: Logger;
}

/** The open database, or the recovery-state error every data call answers with. */
export function requireDb(ctx: ServiceContext): Database.Database {
  const d = ctx.database;
  if (d.state === 'ok') return d.db;
  throw new AppError(d.state === 'newer' ? 'newer_database' : 'damaged_database', d.message);
}
