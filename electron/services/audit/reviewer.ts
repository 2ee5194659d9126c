/**
 * Who is reviewing on this machine: a name and a role, set once in settings and kept in the
 * database (the `setting` table of migration 001), so every door — desktop, browser, CLI —
 * records the same person on decisions, notes, scope edits, sign-offs and exports.
 */
import type Database from 'better-sqlite3';
import type { ReviewerProfile } from '../../../shared/contract';

const NAME_KEY = 'reviewer.name';
const ROLE_KEY = 'reviewer.role';

export interface ReviewerStore {
  get(): ReviewerProfile;
  /** Sets what is given; leaves the other value as it was. */
  set(change: { name?: string; role?: string }): ReviewerProfile;
}

export function reviewerStore(db: Database.Database): ReviewerStore {
  const read = db.prepare<[string], string>('SELECT value FROM setting WHERE key = ?').pluck();
  const write = db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const get = (): ReviewerProfile => ({ name: read.get(NAME_KEY)?.trim() || null, role: read.get(ROLE_KEY)?.trim() || null });
  return {
    get,
    set(change) {
      db.transaction(() => {
        if (change.name !== undefined) write.run(NAME_KEY, change.name.trim());
        if (change.role !== undefined) write.run(ROLE_KEY, change.role.trim());
      })();
      return get();
    },
  };
}
