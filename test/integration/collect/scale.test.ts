import { afterEach, describe, expect, it } from 'vitest';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import { addByToken, integrityOf, rig, withDb, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

describe('a large org', () => {
  it('collects a --scale 20000 org with every stored count equal to totalSize', async () => {
    r = await rig({ scale: 20_000, seed: 7 });
    await addByToken(r);
    const res = await r.backend.call('sync.start', { alias: 'demo', full: true, lookbackDays: 3650 });
    expect(res.gaps).toEqual([]);
    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    for (const o of meta.objects) {
      expect(o.count, o.object).toBe(o.totalSize);
      expect(o.count, o.object).toBe((r.org.dataset[o.object] ?? []).length);
    }
    expect(meta.objects.length).toBe(OBJECT_SPECS.filter((s) => !s.tooling).length);
    // More users than jsforce's default maxFetch: fetched through Bulk API 2.0.
    expect(res.counts.User).toBeGreaterThan(20_000);
    expect(meta.objects.find((o) => o.object === 'User')!.api).toBe('bulk');
    withDb(r.dataDir, (db) => {
      const stored = db.prepare("SELECT sobject, COUNT(*) AS n FROM snapshot_record WHERE snapshot_id = ? GROUP BY sobject").all(res.snapshotId) as { sobject: string; n: number }[];
      for (const s of stored) expect(s.n, s.sobject).toBe(res.counts[s.sobject]);
    });
  }, 600_000);
});
