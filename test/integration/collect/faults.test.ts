import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { hashStored } from '../../../electron/services/snapshots/hash';
import { addByToken, integrityOf, rig, withDb, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

function current(r: Rig): string | null {
  return withDb(r.dataDir, (db) => (db.prepare("SELECT current_snapshot_id AS id FROM org WHERE alias = 'demo'").get() as { id: string | null }).id);
}

function snapshotCount(r: Rig): number {
  return withDb(r.dataDir, (db) => (db.prepare('SELECT COUNT(*) AS n FROM snapshot').get() as { n: number }).n);
}

describe('collector under faults', () => {
  it('retries 503s and dropped connections, then succeeds', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({
      rules: [
        { object: 'User', status: 503, errorCode: 'SERVER_UNAVAILABLE', times: 2 },
        { object: 'Profile', dropConnection: true, times: 1 },
      ],
    });
    const res = await r.backend.call('sync.start', { alias: 'demo', full: true, lookbackDays: 3650 });
    expect(res.counts.User).toBe(r.org.dataset.User.length);
    expect(res.counts.Profile).toBe(r.org.dataset.Profile.length);
    expect(r.org.journal.filter((e) => e.object === 'User' && e.status === 503).length).toBe(2);
    expect(r.org.journal.filter((e) => e.object === 'Profile' && e.status === 0).length).toBe(1);
  });

  it('gives up on endless 503s within its retry budget and keeps the previous snapshot', async () => {
    r = await rig();
    await addByToken(r);
    const first = await r.backend.call('sync.start', { alias: 'demo' });
    const before = r.org.journal.length;
    r.org.setFaults({ rules: [{ object: 'PermissionSet', status: 503, errorCode: 'SERVER_UNAVAILABLE' }] });
    const err = await failure(r.backend.call('sync.start', { alias: 'demo' }));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/503/);
    expect(err.message).toMatch(/gave up after 4 attempts/);
    // Bounded: the failing request was tried maxAttempts times, no more.
    const tries = r.org.journal.slice(before).filter((e) => e.object === 'PermissionSet' && e.status === 503).length;
    expect(tries).toBe(4);
    expect(current(r)).toBe(first.snapshotId);
    expect(snapshotCount(r)).toBe(1);
  });

  it('stops at once on REQUEST_LIMIT_EXCEEDED and keeps the previous snapshot current and unchanged', async () => {
    r = await rig();
    await addByToken(r);
    const first = await r.backend.call('sync.start', { alias: 'demo' });
    r.org.setFaults({ rules: [{ object: 'LoginHistory', path: '/query', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] });
    const before = r.org.journal.length;
    const err = await failure(r.backend.call('sync.start', { alias: 'demo', lookbackDays: 3650 }));
    expect(err.code).toBe('api_limit');
    expect(err.message).toContain('REQUEST_LIMIT_EXCEEDED');
    const after = r.org.journal.slice(before);
    const limitHits = after.filter((e) => e.status === 403);
    expect(limitHits.length).toBe(1);
    // Nothing was asked after the limit answer.
    expect(after[after.length - 1].status).toBe(403);
    expect(current(r)).toBe(first.snapshotId);
    expect(snapshotCount(r)).toBe(1);
    withDb(r!.dataDir, (db) => expect(hashStored(db, first.snapshotId)).toBe(first.contentHash));
    r.org.setFaults({ rules: [] });
    const next = await r.backend.call('sync.start', { alias: 'demo' });
    expect(current(r)).toBe(next.snapshotId);
  });

  it('records a coverage gap for an unreadable object and goes on', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({ rules: [{ object: 'OauthToken', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient Privileges' }] });
    const res = await r.backend.call('sync.start', { alias: 'demo' });
    expect(res.gaps).toEqual([{ object: 'OauthToken', errorCode: 'INSUFFICIENT_ACCESS', message: expect.stringContaining('Insufficient Privileges') }]);
    expect(res.counts.OauthToken).toBeUndefined();
    expect(res.counts.User).toBe(r.org.dataset.User.length);
    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    expect(meta.gaps).toEqual(res.gaps);
    // Integration candidates cannot be told without tokens: permissions are fetched for every set.
    expect(meta.permissionScope).toBe('full');
    expect(res.counts.ObjectPermissions).toBe(r.org.dataset.ObjectPermissions.length);
  });

  it('refuses to start when the plan would eat into the API reserve, with the numbers', async () => {
    r = await rig({ apiLimit: 1000, apiUsage: 790 });
    await addByToken(r);
    const before = r.org.journal.length;
    const err = await failure(r.backend.call('sync.start', { alias: 'demo' }));
    expect(err.code).toBe('api_limit');
    expect(err.message).toMatch(/used 79\d of its 1000 daily calls/);
    expect(err.message).toMatch(/20% \(200\)/);
    // Only planning requests went out: no record was fetched.
    // (Planning counts only the large objects; Profile is read only when fetching starts.)
    const planning = r.org.journal.slice(before);
    expect(planning.some((e) => e.object === 'User' && /\/query$/.test(e.path))).toBe(true);
    expect(planning.some((e) => e.object === 'Profile' && /\/query$/.test(e.path))).toBe(false);
    expect(current(r)).toBeNull();
    // A smaller reserve lets it run.
    const ok = await r.backend.call('sync.start', { alias: 'demo', reservePercent: 5 });
    expect(ok.counts.User).toBe(r.org.dataset.User.length);
  });
});
