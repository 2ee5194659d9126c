import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashPrepared, hashStored } from '../../support/snapshot-hash';
import { currentSnapshotId, listSnapshots, loadSnapshot } from '../../../electron/services/snapshots/repository';
import { SnapshotStaging, stagingFolder, sweepStaging } from '../../../electron/services/snapshots/staging';
import { upsertOrg } from '../../../electron/services/orgs/repository';
import { acquireDbLock } from '../../../electron/services/orgs/lock';
import type { SfRecord } from '../../../shared/model';
import { canonicalRecordJson } from '../../../electron/services/snapshots/canonical';
import { scratchOrgDb } from '../../support/scratch-store';

function setup() {
  return scratchOrgDb('iua-staging-');
}

const meta = (objects: { object: string; count: number }[]) => ({
  orgAlias: 'o',
  orgId: '00D000000000001',
  orgName: 'Org',
  instanceUrl: 'https://x',
  apiVersion: '62.0',
  auditingUsername: 'u',
  appVersion: '0',
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:01:00.000Z',
  apiCalls: 3,
  permissionScope: 'integration' as const,
  lookbackDays: 180,
  objects: objects.map((o) => ({ ...o, totalSize: o.count, soql: `SELECT Id FROM ${o.object}`, api: 'rest' as const, apiCalls: 1 })),
  gaps: [],
});

/** Users in a shuffled order, paged: what arrives from Salesforce is in no particular order. */
function users(n: number): SfRecord[] {
  const out: SfRecord[] = [];
  for (let i = 0; i < n; i++) out.push({ Id: `005${String((i * 7919) % n).padStart(12, '0')}`, Name: `user ${i} "quoted" é`, ProfileId: i % 3 ? '00e000000000001' : null });
  return out;
}

/** Rows in this connection's staging tables (TEMP: no other connection can see them). */
function stagedRows(db: ReturnType<typeof setup>): number {
  const tables = db.prepare("SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'staging_%'").pluck().all() as string[];
  return tables.reduce((n, t) => n + (db.prepare(`SELECT COUNT(*) FROM temp."${t}"`).pluck().get() as number), 0);
}

/** What another connection (another process) sees of the same database: no staged rows, no snapshot. */
function seenFromOutside(db: ReturnType<typeof setup>): { records: number; staged: number; snapshots: number } {
  const other = new Database(db.name, { readonly: true });
  try {
    return {
      records: other.prepare('SELECT COUNT(*) FROM snapshot_record').pluck().get() as number,
      staged: other.prepare('SELECT COUNT(*) FROM snapshot_staging').pluck().get() as number,
      snapshots: other.prepare('SELECT COUNT(*) FROM snapshot').pluck().get() as number,
    };
  } finally {
    other.close();
  }
}

describe('collection staging', () => {
  it('stays invisible until the commit, then gives the hash of the same records held in memory', () => {
    const db = setup();
    const all = users(12_345);
    const staging = new SnapshotStaging(db, 'o');
    for (let i = 0; i < all.length; i += 2000) staging.append('User', all.slice(i, i + 2000), 'ProfileId');
    staging.append('Organization', [{ Id: '00D000000000001', Name: 'Org' }], undefined);
    staging.flush();
    expect(stagedRows(db)).toBe(12_346);
    // Nothing of it is a snapshot yet, nor anything another connection could see.
    expect(listSnapshots(db)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM snapshot_record').pluck().get()).toBe(0);
    expect(seenFromOutside(db)).toEqual({ records: 0, staged: 0, snapshots: 0 });
    expect([...staging.records('Organization')]).toEqual([{ Id: '00D000000000001', Name: 'Org' }]);
    // Distinct text values, read by SQLite: nulls and other types are left out.
    expect([...staging.distinctText('User', 'ProfileId')]).toEqual(['00e000000000001']);
    expect([...staging.distinctText('User', 'Missing')]).toEqual([]);
    expect([...staging.distinctText('UserLogin', 'UserId')]).toEqual([]);

    const hash = staging.commit(
      meta([
        { object: 'User', count: all.length },
        { object: 'Organization', count: 1 },
        { object: 'UserLogin', count: 0 },
      ]),
    );
    const inMemory = hashPrepared(
      new Map([
        ['User', all.map((r) => ({ id: r.Id, parentId: null, json: canonicalRecordJson(r) }))],
        ['Organization', [{ id: '00D000000000001', parentId: null, json: canonicalRecordJson({ Id: '00D000000000001', Name: 'Org' }) }]],
        ['UserLogin', []],
      ]),
    );
    expect(hash).toBe(inMemory);
    expect(currentSnapshotId(db, 'o')).toBe(staging.id);
    expect(hashStored(db, staging.id)).toBe(hash);
    expect(seenFromOutside(db)).toEqual({ records: 12_346, staged: 0, snapshots: 1 });
    expect(loadSnapshot(db, staging.id).records.User.length).toBe(all.length);
    expect(db.prepare("SELECT COUNT(*) FROM snapshot_record WHERE sobject = 'User' AND parent_id = '00e000000000001'").pluck().get()).toBe(all.filter((u) => u.ProfileId).length);
    expect(stagedRows(db)).toBe(0);
    db.close();
  });

  it('refuses a record sent twice and keeps the previous snapshot current', () => {
    const db = setup();
    const first = new SnapshotStaging(db, 'o');
    first.append('User', users(10), undefined);
    first.commit(meta([{ object: 'User', count: 10 }]));

    const second = new SnapshotStaging(db, 'o');
    const u = users(10);
    second.append('User', [...u, u[3]], undefined);
    expect(() => second.commit(meta([{ object: 'User', count: 11 }]))).toThrow(new RegExp(`record ${u[3].Id} 2 times`));
    second.discard();
    expect(currentSnapshotId(db, 'o')).toBe(first.id);
    expect(listSnapshots(db).map((s) => s.id)).toEqual([first.id]);
    expect(db.prepare('SELECT COUNT(*) FROM snapshot_record WHERE snapshot_id = ?').pluck().get(second.id)).toBe(0);
    expect(stagedRows(db)).toBe(0);
    db.close();
  });

  it('refuses a record sent again pages later, as it is staged, and stores nothing', () => {
    const db = setup();
    const staging = new SnapshotStaging(db, 'o');
    const u = users(12_000);
    // Flushed to the staged table page by page; the repeat comes in a later page.
    staging.append('User', u.slice(0, 6_000), undefined);
    expect(() => staging.append('User', [...u.slice(6_000), u[42], u[42]], undefined)).toThrow(new RegExp(`User: Salesforce sent the record ${u[42].Id} 3 times`));
    staging.discard();
    expect(listSnapshots(db)).toEqual([]);
    expect(stagedRows(db)).toBe(0);
    db.close();
  });

  it('drops an object that became a gap, and discards everything of a cancelled run', () => {
    const db = setup();
    const staging = new SnapshotStaging(db, 'o');
    staging.append('User', users(7000), undefined);
    staging.append('OauthToken', [{ Id: '0CR000000000001', UserId: '005000000000001' }], undefined);
    staging.drop('OauthToken');
    expect(staging.count('OauthToken')).toBe(0);
    expect([...staging.records('OauthToken')]).toEqual([]);
    expect(staging.count('User')).toBe(7000);
    // Another org's collection staging at the same time keeps its rows.
    upsertOrg(db, {
      alias: 'p',
      orgId: '00D000000000002',
      orgName: 'P',
      instanceUrl: 'https://y',
      loginUrl: null,
      apiVersion: '62.0',
      authMethod: 'access_token',
      username: 'u',
      clientId: null,
      redirectPort: null,
    });
    const other = new SnapshotStaging(db, 'p');
    other.append('User', users(3), undefined);
    other.flush();
    staging.discard();
    expect(stagedRows(db)).toBe(3);
    other.discard();
    expect(stagedRows(db)).toBe(0);
    db.close();
  });

  it('says in words that the temporary folder is full when staging runs out of space there', () => {
    const db = setup();
    const staging = new SnapshotStaging(db, 'o');
    staging.append('Organization', [{ Id: '00D000000000001', Name: 'Org' }], undefined);
    staging.flush();
    // The same SQLITE_FULL a full temp folder gives: the temp database may not grow.
    db.pragma('temp.max_page_count = ' + String(db.pragma('temp.page_count', { simple: true })));
    let err: unknown;
    try {
      staging.append('User', users(6000), undefined);
      staging.flush();
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'disk_full', message: expect.stringContaining(`folder ${path.join(path.dirname(db.name), 'staging')} is full`) });
    staging.discard();
    expect(listSnapshots(db)).toEqual([]);
    db.close();
  });

  it.runIf(process.platform === 'linux')('stages in a private, already unlinked file in a private folder beside the data, not the system temp folder', () => {
    const db = setup();
    const staging = new SnapshotStaging(db, 'o');
    // More than the temp database's page cache (16 MB), so it spills to its file.
    for (let i = 0; i < 6; i++)
      staging.append(
        'User',
        users(12_000).map((u) => ({ ...u, Id: `${u.Id}${i}`, Name: 'x'.repeat(300) })),
        undefined,
      );
    staging.flush();
    const files = fs
      .readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return { fd: Number(fd), target: fs.readlinkSync(`/proc/self/fd/${fd}`) };
        } catch {
          return null;
        }
      })
      .filter((f): f is { fd: number; target: string } => f !== null && /etilqs_/.test(f.target));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.target).toMatch(/ \(deleted\)$/);
      expect(path.dirname(f.target)).toBe(path.join(path.dirname(db.name), 'staging'));
      expect(fs.fstatSync(f.fd).mode & 0o777).toBe(0o600);
    }
    expect(fs.statSync(path.join(path.dirname(db.name), 'staging')).mode & 0o777).toBe(0o700);
    expect(stagingFolder(db)).toBe(path.join(path.dirname(db.name), 'staging'));
    staging.discard();
    db.close();
  });

  it('leaves nothing behind when the connection goes away mid-collection (a killed process)', () => {
    const db = setup();
    const file = db.name;
    const staging = new SnapshotStaging(db, 'o');
    staging.append('User', users(6000), undefined);
    staging.flush();
    expect(stagedRows(db)).toBe(6000);
    db.close(); // no discard: as when the process dies
    const again = new Database(file);
    expect(again.prepare('SELECT COUNT(*) FROM snapshot_staging').pluck().get()).toBe(0);
    expect(again.prepare('SELECT COUNT(*) FROM snapshot_record').pluck().get()).toBe(0);
    expect(again.prepare("SELECT COUNT(*) FROM temp.sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    again.close();
  });

  it('sweeps rows an earlier version staged for a killed collection, and leaves those of a running one', () => {
    const db = setup();
    upsertOrg(db, {
      alias: 'p',
      orgId: '00D000000000002',
      orgName: 'P',
      instanceUrl: 'https://y',
      loginUrl: null,
      apiVersion: '62.0',
      authMethod: 'access_token',
      username: 'u',
      clientId: null,
      redirectPort: null,
    });
    // Earlier versions staged in snapshot_staging (migration 007). 'o': its collector was
    // killed (a lock row of a pid that is gone). 'p': a live collection of such a version.
    const legacy = db.prepare("INSERT INTO snapshot_staging (snapshot_id, org_alias, sobject, record_id, parent_id, data) VALUES (?, ?, 'User', ?, NULL, '{}')");
    for (let i = 0; i < 20; i++) legacy.run('s-o', 'o', `005o${i}`);
    for (let i = 0; i < 10; i++) legacy.run('s-p', 'p', `005p${i}`);
    db.prepare("INSERT INTO collection_lock VALUES ('o', 2147483646, ?, 't', ?)").run(os.hostname(), new Date().toISOString());
    const release = acquireDbLock(db, 'p');
    expect(sweepStaging(db)).toBe(20);
    expect(db.prepare('SELECT org_alias, COUNT(*) AS n FROM snapshot_staging GROUP BY org_alias').all()).toEqual([{ org_alias: 'p', n: 10 }]);
    release();
    expect(sweepStaging(db)).toBe(10);
    db.close();
  });
});
