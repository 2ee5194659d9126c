/**
 * #7 a large org (moved here from test/integration/collect/scale.test.ts): tens of thousands
 * of users and hundreds of thousands of permission rows; every stored count equals totalSize,
 * and memory stays bounded while collecting (peak RSS growth sampled during the run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OBJECT_SPECS } from '../../shared/salesforce-objects';
import { reportAs, tally } from './support/report';
import { addByToken, assertNothingLost, integrityOf, rig, withDb, type Rig } from './support/rig';

reportAs('large-org.test.ts');

/** Generous: the org's own dataset lives in this process too; unbounded growth would be several times the records' size. */
const MAX_RSS_GROWTH = 1536 * 1024 * 1024;

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
    global.gc?.();
    const baseRss = process.memoryUsage().rss;
    let peak = baseRss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const res = await r.backend.call('collect.start', { alias: 'demo', full: true, lookbackDays: 3650 }).finally(() => clearInterval(sampler));
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(`large org: RSS ${Math.round(baseRss / 1048576)} MB before, peak ${Math.round(peak / 1048576)} MB while collecting\n`);
    expect(peak - baseRss).toBeLessThan(MAX_RSS_GROWTH);
    expect(res.gaps).toEqual([]);
    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    for (const o of meta.objects) {
      expect(o.count, o.object).toBe(o.totalSize);
      expect(o.count, o.object).toBe((r.org.dataset[o.object] ?? []).length);
    }
    expect(meta.objects.length).toBe(OBJECT_SPECS.length);
    // More users than jsforce's default maxFetch: fetched through Bulk API 2.0.
    expect(res.counts.User).toBeGreaterThan(20_000);
    expect(meta.objects.find((o) => o.object === 'User')!.api).toBe('bulk');
    withDb(r.dataDir, (db) => {
      const stored = db.prepare('SELECT sobject, COUNT(*) AS n FROM snapshot_record WHERE snapshot_id = ? GROUP BY sobject').all(res.snapshotId) as {
        sobject: string;
        n: number;
      }[];
      for (const s of stored) expect(s.n, s.sobject).toBe(res.counts[s.sobject]);
    });
    const permissionRows = (res.counts.ObjectPermissions ?? 0) + (res.counts.FieldPermissions ?? 0);
    expect(permissionRows).toBeGreaterThan(100_000);
    tally('#7', { tests: 1, nothingLost: meta.objects.length * 2 + assertNothingLost(r.dataDir) });
  }, 600_000);
});
