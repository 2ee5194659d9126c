import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { hashPrepared, hashStored } from '../../support/snapshot-hash';
import { getSnapshotMeta, listSnapshots, loadSnapshot, writeSnapshot } from '../../../electron/services/snapshots/repository';
import { acquireDbLock } from '../../../electron/services/orgs/lock';
import { deleteSnapshot } from '../../../electron/services/snapshots/delete';
import { canonicalRecordJson } from '../../../electron/services/snapshots/canonical';
import { scratchOrgDb } from '../../support/scratch-store';

function setup() {
  return scratchOrgDb('iua-snapstore-');
}

function snap(name: string) {
  const recs = [
    { Id: '005000000000002', Name: name, ProfileId: '00e000000000001' },
    { Id: '005000000000001', Name: 'x', ProfileId: null },
  ];
  const records = new Map([['User', recs.map((r) => ({ id: r.Id, parentId: r.ProfileId, json: canonicalRecordJson(r) }))]]);
  const contentHash = hashPrepared(records);
  return {
    meta: {
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
      contentHash,
      objects: [{ object: 'User', count: 2, totalSize: 2, soql: 'SELECT Id FROM User', api: 'rest' as const, apiCalls: 1 }],
      gaps: [{ object: 'OauthToken', errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }],
    },
    records,
  };
}

describe('snapshot store', () => {
  it('writes atomically with the current pointer, reads back, and refuses updates', () => {
    const db = setup();
    const a = writeSnapshot(db, snap('A'));
    const b = writeSnapshot(db, snap('B'));
    expect(listSnapshots(db, 'o').map((s) => [s.id, s.current])).toEqual(
      [
        [b, true],
        [a, false],
      ].sort((x, y) => (x[0] < y[0] ? 1 : -1)),
    );
    const meta = getSnapshotMeta(db, a)!;
    expect(meta.gaps).toEqual([{ object: 'OauthToken', errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }]);
    expect(hashStored(db, a)).toBe(meta.contentHash);
    const data = loadSnapshot(db, a);
    expect(data.records.User.map((u) => u.Id)).toEqual(['005000000000001', '005000000000002']);
    expect(() => db.prepare("UPDATE snapshot_record SET data = '{}' WHERE snapshot_id = ?").run(a)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE snapshot SET content_hash = ? WHERE id = ?').run('x', a)).toThrow(/immutable/);
    // A failing write (here: an org that no longer exists) leaves nothing behind.
    const orphan = snap('C');
    orphan.meta.orgAlias = 'gone';
    expect(() => writeSnapshot(db, orphan)).toThrow(/removed/);
    expect(listSnapshots(db).length).toBe(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('reads each object when first asked for, and refuses to answer for a snapshot deleted meanwhile', () => {
    const db = setup();
    const a = writeSnapshot(db, snap('A'));
    const open = loadSnapshot(db, a);
    // Collected objects are there before any is read (the engine's "was it collected?").
    expect(Object.keys(open.records)).toEqual(['User']);
    expect(Object.getOwnPropertyDescriptor(open.records, 'User')?.get).toBeTypeOf('function');
    expect(open.records.User.map((u) => u.ProfileId)).toEqual([null, '00e000000000001']);
    expect(Object.getOwnPropertyDescriptor(open.records, 'User')?.value).toBe(open.records.User);
    const later = loadSnapshot(db, a);
    deleteSnapshot(db, { orgAlias: 'o', id: a });
    expect(() => later.records.User).toThrow(/deleted while it was open/);
    db.close();
  });

  it('loads every value as stored, past the point where fields whose values never repeat stop being pooled', () => {
    const db = setup();
    // More rows than sharedStrings tries per field: Name and Email never repeat (no longer
    // pooled after the trial), ProfileId always does, Title only after the trial.
    const recs = Array.from({ length: 5000 }, (_, i) => ({
      Id: `005${String(i).padStart(12, '0')}`,
      Name: `User ${i}`,
      Email: `user.${i}@example.com`,
      ProfileId: `00e00000000000${i % 3}`,
      Title: i < 3000 ? `Title ${i}` : 'Integration',
    }));
    const base = snap('A');
    const records = new Map([['User', recs.map((r) => ({ id: r.Id, parentId: r.ProfileId, json: canonicalRecordJson(r) }))]]);
    const a = writeSnapshot(db, {
      meta: { ...base.meta, contentHash: hashPrepared(records), objects: [{ ...base.meta.objects[0], count: recs.length, totalSize: recs.length }] },
      records,
    });
    expect(loadSnapshot(db, a).records.User).toEqual(recs);
    db.close();
  });

  it('the cross-process lock refuses a live holder and takes over a dead one', () => {
    const db = setup();
    const release = acquireDbLock(db, 'o');
    expect(() => acquireDbLock(db, 'o')).toThrow(/already running/);
    release();
    const again = acquireDbLock(db, 'o');
    again();
    db.prepare("INSERT INTO collection_lock VALUES ('o', 2147483646, ?, 't', ?)").run(os.hostname(), new Date().toISOString());
    acquireDbLock(db, 'o')();
    db.close();
  });
});
