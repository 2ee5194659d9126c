import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase, openRaw, integrityCheck, DB_FILE } from '../../../electron/services/store/db';
import { loadMigrations, migrate } from '../../../electron/services/store/migrate';
import { tempDir } from '../../support/tmp';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('store: migrations', () => {
  it('applies every migration in order on a new database, with WAL and foreign keys', () => {
    const dir = tempDir();
    const opened = openDatabase(dir);
    expect(opened.state).toBe('ok');
    if (opened.state !== 'ok') return;
    const db = opened.db;
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(integrityCheck(db)).toBe('ok');
    db.close();
  });

  it('each migration step applies on top of the previous ones', () => {
    const all = loadMigrations();
    for (let n = 1; n <= all.length; n++) {
      const db = openRaw(':memory:');
      expect(migrate(db, all.slice(0, n))).toEqual(all.slice(0, n).map((m) => m.version));
      expect(db.pragma('user_version', { simple: true })).toBe(n);
      // and the rest apply on top
      expect(migrate(db, all)).toEqual(all.slice(n).map((m) => m.version));
      db.close();
    }
  });

  it('the parent index: dropped by 004 while nothing read by parent, back with 010 for keyed reads; records stay', () => {
    const all = loadMigrations();
    const db = openRaw(':memory:');
    migrate(db, all.slice(0, 3));
    const indexes = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'snapshot_record' AND sql IS NOT NULL").pluck().all() as string[];
    expect(indexes()).toEqual(['snapshot_record_by_parent']);
    db.prepare(
      "INSERT INTO snapshot (id, org_alias, org_id, org_name, instance_url, api_version, auditing_username, app_version, started_at, finished_at, api_calls, permission_scope, lookback_days, content_hash, record_count) VALUES ('s1', 'a', 'o', 'n', 'u', 'v', 'x', '0', 't', 't', 1, 'full', 90, 'h', 1)",
    ).run();
    db.prepare("INSERT INTO snapshot_record (snapshot_id, sobject, record_id, parent_id, data) VALUES ('s1', 'PermissionSetAssignment', '0Pa1', '0051', '{}')").run();
    expect(migrate(db, all.slice(0, 9))).toEqual([4, 5, 6, 7, 8, 9]);
    expect(indexes()).toEqual([]);
    expect(migrate(db, all)).toEqual(all.slice(9).map((m) => m.version));
    expect(indexes()).toEqual(['snapshot_record_by_parent']);
    const byParent =
      "SELECT record_id FROM snapshot_record INDEXED BY snapshot_record_by_parent WHERE snapshot_id = 's1' AND sobject = 'PermissionSetAssignment' AND parent_id = '0051'";
    expect(db.prepare(byParent).pluck().all()).toEqual(['0Pa1']);
    db.close();
  });

  it('refuses a database from a newer app version and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE);
    const raw = openRaw(file);
    raw.pragma(`user_version = ${loadMigrations().length + 5}`);
    raw.close();
    const before = sha(file);
    const opened = openDatabase(dir);
    expect(opened.state).toBe('newer');
    expect(opened.message).toMatch(/newer version/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('starts in a recovery state for a corrupted file and does not overwrite it', () => {
    const dir = tempDir();
    const file = path.join(dir, DB_FILE);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), crypto.randomBytes(8000)]));
    const before = sha(file);
    const opened = openDatabase(dir);
    expect(opened.state).toBe('damaged');
    expect(opened.message).toMatch(/left untouched/);
    expect(sha(file)).toBe(before);
  });

  it('rejects badly numbered migration folders', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '001-a.sql'), 'select 1;');
    fs.writeFileSync(path.join(dir, '003-c.sql'), 'select 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });
});
