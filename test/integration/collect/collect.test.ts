import { afterEach, describe, expect, it } from 'vitest';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import { hashStored } from '../../support/snapshot-hash';
import { loadSnapshot, iterateRecords } from '../../../electron/services/snapshots/repository';
import { addByToken, datasetCounts, filesUnder, integrityOf, rig, withDb, type Rig } from './helpers';

const DATA_OBJECTS = OBJECT_SPECS.map((s) => s.name);
let r: Rig | null = null;

afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

describe('collecting the demo org', () => {
  it('stores every object with the count of the dataset, and only reads', async () => {
    r = await rig({}, { salesforce: { bulkThreshold: 1000, bulk: { pageSize: 700, pollMaxMs: 50, jobTimeoutMs: 10_000 } } });
    await addByToken(r);
    const res = await r.backend.call('collect.start', { alias: 'demo', full: true, lookbackDays: 3650 });

    expect(res.gaps).toEqual([]);
    expect(res.counts).toEqual(datasetCounts(r.org, DATA_OBJECTS));
    expect(res.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    // LoginHistory is large enough here to go through Bulk API 2.0, over several result pages.
    expect(meta.objects.find((o) => o.object === 'LoginHistory')?.api).toBe('bulk');
    expect(meta.objects.find((o) => o.object === 'LoginHistory')!.apiCalls).toBeGreaterThan(3);
    for (const o of meta.objects) expect(o.count).toBe(o.totalSize);
    expect(meta.current).toBe(true);
    expect(meta.permissionScope).toBe('full');
    expect(meta.orgId).toBe(r.org.orgId);
    expect(meta.apiVersion).toBe('62.0');

    // Read-only: besides OAuth token calls and Bulk 2.0 query jobs, nothing but GET.
    const writes = r.org.journal.filter((e) => e.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.path === '/services/oauth2/token' || /^\/services\/data\/v\d+\.\d\/jobs\/query$/.test(w.path)).toBe(true);

    // The stored rows hash to the recorded content hash, and load back as the audit expects.
    withDb(r.dataDir, (db) => {
      expect(hashStored(db, res.snapshotId)).toBe(res.contentHash);
      const data = loadSnapshot(db, res.snapshotId);
      expect(Object.keys(data.records).sort()).toEqual([...DATA_OBJECTS].sort());
      const user = r!.org.dataset.User[0];
      const stored = data.records.User.find((u) => u.Id === user.Id)!;
      expect(stored.Username).toBe(user.Username);
      expect('attributes' in stored).toBe(false);
      expect([...iterateRecords(db, res.snapshotId, 'PermissionSetAssignment')].length).toBe(r!.org.dataset.PermissionSetAssignment.length);
      const psa = r!.org.dataset.PermissionSetAssignment[0];
      const mine = [...iterateRecords(db, res.snapshotId, 'PermissionSetAssignment')].filter((a) => a.AssigneeId === psa.AssigneeId);
      expect(mine.map((a) => a.Id)).toContain(psa.Id);
    });
  });

  it('gives the same content hash through REST and Bulk, and keeps old snapshots', async () => {
    r = await rig();
    await addByToken(r);
    const viaRest = await r.backend.call('collect.start', { alias: 'demo', full: true });
    await r.backend.close();
    const { backendFor } = await import('./helpers');
    const bulkBackend = backendFor(r.dataDir, { salesforce: { bulkThreshold: 10, bulk: { pageSize: 500, pollMaxMs: 50, jobTimeoutMs: 10_000 } } });
    try {
      const viaBulk = await bulkBackend.call('collect.start', { alias: 'demo', full: true });
      expect(viaBulk.snapshotId).not.toBe(viaRest.snapshotId);
      expect(viaBulk.contentHash).toBe(viaRest.contentHash);
      const meta = await bulkBackend.call('snapshots.get', { id: viaBulk.snapshotId });
      expect(meta.objects.filter((o) => o.api === 'bulk').length).toBeGreaterThanOrEqual(3);
      const { snapshots } = await bulkBackend.call('snapshots.list', { alias: 'demo' });
      expect(snapshots.map((s) => s.id).sort()).toEqual([viaRest.snapshotId, viaBulk.snapshotId].sort());
      expect(snapshots.find((s) => s.id === viaBulk.snapshotId)?.current).toBe(true);
      expect(snapshots.find((s) => s.id === viaRest.snapshotId)?.current).toBe(false);
    } finally {
      await bulkBackend.close();
    }
  });

  it('limits history to the look-back and permissions to integration candidates by default', async () => {
    r = await rig();
    await addByToken(r);
    const started = Date.now();
    const res = await r.backend.call('collect.start', { alias: 'demo', lookbackDays: 30 });
    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    expect(meta.permissionScope).toBe('integration');
    expect(meta.lookbackDays).toBe(30);

    const cutoff = started - 30 * 86_400_000;
    const recent = r.org.dataset.LoginHistory.filter((l) => Date.parse(String(l.LoginTime).replace(/\+0000$/, 'Z')) >= cutoff - 60_000);
    // Within a minute of the cut-off either side may be counted; compare with a tolerance of the rows in that minute.
    const strict = r.org.dataset.LoginHistory.filter((l) => Date.parse(String(l.LoginTime).replace(/\+0000$/, 'Z')) >= cutoff + 60_000);
    expect(res.counts.LoginHistory).toBeLessThanOrEqual(recent.length);
    expect(res.counts.LoginHistory).toBeGreaterThanOrEqual(strict.length);
    expect(res.counts.LoginHistory).toBeLessThan(r.org.dataset.LoginHistory.length);
    expect(meta.objects.find((o) => o.object === 'LoginHistory')!.soql).toMatch(/WHERE LoginTime >= \d{4}-\d{2}-\d{2}T/);

    // Object permissions: only rows of the scoped permission sets, and all of their rows.
    const soql = meta.objects.find((o) => o.object === 'ObjectPermissions')!.soql;
    const scoped = new Set([...soql.matchAll(/'([A-Za-z0-9]{15,18})'/g)].map((m) => m[1]));
    expect(scoped.size).toBeGreaterThan(0);
    const expected = r.org.dataset.ObjectPermissions.filter((p) => scoped.has(String(p.ParentId)));
    expect(res.counts.ObjectPermissions).toBe(expected.length);
    expect(res.counts.ObjectPermissions).toBeLessThan(r.org.dataset.ObjectPermissions.length);
    // The person's account used by Workday (full license, API logins) is a candidate.
    const alvarez = r.org.dataset.User.find((u) => String(u.Username).startsWith('j.alvarez@'))!;
    const hisSets = r.org.dataset.PermissionSetAssignment.filter((a) => a.AssigneeId === alvarez.Id).map((a) => String(a.PermissionSetId));
    for (const id of hisSets) expect(scoped.has(id)).toBe(true);
  });

  it('orgs.test reports readable and unreadable objects; an expired pasted token asks for re-authentication', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({ rules: [{ object: 'SetupAuditTrail', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient Privileges' }] });
    const t = await r.backend.call('orgs.test', { alias: 'demo' });
    expect(t.orgId).toBe(r.org.orgId);
    expect(t.apiUsage?.limit).toBe(r.org.limits.max);
    expect(t.objects.find((o) => o.object === 'SetupAuditTrail')).toMatchObject({ readable: false, errorCode: 'INSUFFICIENT_ACCESS' });
    expect(t.objects.filter((o) => o.readable).length).toBe(t.objects.length - 1);
    r.org.setFaults({ rules: [] });
    r.org.expireSessions({ includeFixedToken: true });
    await expect(r.backend.call('collect.start', { alias: 'demo' })).rejects.toMatchObject({ code: 'auth_required' });
    expect((await r.backend.call('orgs.list', {})).orgs[0].status).toBe('reauth_needed');
  });

  it('leaves no byte of any token or secret under the data directory', async () => {
    r = await rig();
    await addByToken(r);
    await r.backend.call('orgs.add', {
      alias: 'pw',
      method: 'password',
      loginUrl: r.org.url,
      clientId: r.org.clientId,
      clientSecret: r.org.clientSecret,
      username: 'auditor@greenpath.example',
      password: 'GreenPath-Demo-1',
    });
    await r.backend.call('collect.start', { alias: 'demo' });
    await r.backend.call('collect.start', { alias: 'pw' });
    const listed = JSON.stringify(await r.backend.call('orgs.list', {}));
    await r.backend.close();
    const needles = [r.org.accessToken, r.org.clientSecret, 'GreenPath-Demo-1'];
    const files = filesUnder(r.dataDir);
    expect(files.length).toBeGreaterThan(1);
    for (const needle of needles) {
      expect(listed.includes(needle)).toBe(false);
      for (const f of files) expect(f.bytes.includes(Buffer.from(needle)), `${needle.slice(0, 6)}… in ${f.file}`).toBe(false);
    }
  });
});
