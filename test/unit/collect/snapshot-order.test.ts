import { describe, expect, it } from 'vitest';
import { hashPrepared } from '../../support/snapshot-hash';
import { listSnapshots, writeSnapshot } from '../../../electron/services/snapshots/repository';
import { deleteSnapshot } from '../../../electron/services/snapshots/delete';
import { canonicalRecordJson } from '../../../electron/services/snapshots/canonical';
import { scratchOrgDb } from '../../support/scratch-store';

function setup() {
  return scratchOrgDb('iua-snaporder-');
}

function snap(finishedAt: string) {
  const records = new Map([['User', [{ id: '005000000000001', parentId: null, json: canonicalRecordJson({ Id: '005000000000001', Name: finishedAt }) }]]]);
  return {
    meta: {
      orgAlias: 'o',
      orgId: '00D000000000001',
      orgName: 'Org',
      instanceUrl: 'https://x',
      apiVersion: '62.0',
      auditingUsername: 'u',
      appVersion: '0',
      startedAt: finishedAt,
      finishedAt,
      apiCalls: 1,
      permissionScope: 'integration' as const,
      lookbackDays: 180,
      contentHash: hashPrepared(records),
      objects: [{ object: 'User', count: 1, totalSize: 1, soql: 'SELECT Id FROM User', api: 'rest' as const, apiCalls: 1 }],
      gaps: [],
    },
    records,
  };
}

describe('snapshot order is by instant, not by text', () => {
  // As text, "10:00+05:00" sorts after "06:00Z"; as instants it is 05:00Z, one hour earlier.
  const earlierWithOffset = '2025-03-01T10:00:00.000+05:00';
  const laterInUtc = '2025-03-01T06:00:00Z';
  const newest = '2025-03-02T00:00:00.000Z';

  it('lists newest first by instant', () => {
    const db = setup();
    const a = writeSnapshot(db, snap(earlierWithOffset), undefined, { makeCurrent: 'if-newer' });
    const b = writeSnapshot(db, snap(laterInUtc), undefined, { makeCurrent: 'if-newer' });
    expect(listSnapshots(db, 'o').map((s) => s.id)).toEqual([b, a]);
    expect(listSnapshots(db).map((s) => s.id)).toEqual([b, a]);
    db.close();
  });

  it('deleting the current snapshot makes the newest remaining instant current', () => {
    const db = setup();
    const a = writeSnapshot(db, snap(earlierWithOffset));
    const b = writeSnapshot(db, snap(laterInUtc));
    const c = writeSnapshot(db, snap(newest));
    expect(listSnapshots(db, 'o').find((s) => s.current)?.id).toBe(c);
    const res = deleteSnapshot(db, { orgAlias: 'o', id: c });
    expect(res.currentSnapshotId).toBe(b);
    expect(listSnapshots(db, 'o').map((s) => [s.id, s.current])).toEqual([
      [b, true],
      [a, false],
    ]);
    db.close();
  });
});
