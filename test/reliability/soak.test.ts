/**
 * Long-run soak: 200 consecutive collections of a mid-size simulated org (--scale 300) with
 * random latency and 2% random 503s. Every collection succeeds (the retries absorb the 503s);
 * every snapshot's stored counts equal totalSize and the org's real counts; the database grows
 * by the same amount per snapshot (linear, not superlinear); memory (RSS) and open file
 * handles stay flat. IUA_SOAK_COLLECTIONS overrides the count (e.g. for a quick local run).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDb } from '../../electron/services/context';
import { reportAs, tally } from './support/report';
import { addByToken, assertNothingLost, integrityOf, rig, seeded, withDb, type Rig } from './support/rig';

reportAs('soak.test.ts');

const N = Number(process.env.IUA_SOAK_COLLECTIONS ?? 200);
let r: Rig;

beforeAll(async () => {
  r = await rig({ scale: 300, seed: 9, faults: { failRate: 0.02, seed: 13 } });
  await addByToken(r);
}, 120_000);
afterAll(async () => {
  await r?.close();
});

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

describe('soak', () => {
  it(`${N} consecutive collections under random latency and 2% 503s stay correct, linear and flat`, async () => {
    const rnd = seeded(77);
    const db = requireDb(r.backend.ctx);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const bytes: number[] = [];
    const rss: number[] = [];
    const fds: number[] = [];
    const hashes = new Set<string>();
    const expected = new Map<string, number>();
    let failedRequests = 0;
    for (let i = 0; i < N; i++) {
      // Mostly no latency (speed); now and then a slow org.
      r.org.setFaults({ failRate: 0.02, seed: 1000 + i, latencyMs: rnd() < 0.1 ? Math.floor(rnd() * 15) : 0 });
      const before = r.org.journal.length;
      // All of the history: a look-back window would move with the clock and change the counts.
      const res = await r.backend.call('collect.start', { alias: 'demo', lookbackDays: 3650 });
      failedRequests += r.org.journal.slice(before).filter((e) => e.status === 503).length;
      hashes.add(res.contentHash);
      if (i === 0) for (const [o, n] of Object.entries(res.counts)) expected.set(o, n);
      else expect(res.counts).toEqual(Object.fromEntries(expected));
      bytes.push((db.pragma('page_count', { simple: true }) as number) * pageSize);
      rss.push(process.memoryUsage().rss);
      fds.push(openFds());
    }
    // The same org every time: one content hash, and 2% of requests failed without a failed collection.
    expect(hashes.size).toBe(1);
    expect(failedRequests).toBeGreaterThan(0);

    // Every snapshot's counts equal totalSize, and the org's real count.
    let checks = withDb(r.dataDir, (rdb) => {
      const rows = rdb.prepare('SELECT snapshot_id, sobject, count, total_size FROM snapshot_object').all() as {
        snapshot_id: string;
        sobject: string;
        count: number;
        total_size: number;
      }[];
      expect(new Set(rows.map((x) => x.snapshot_id)).size).toBe(N);
      for (const x of rows) {
        expect(x.count, `${x.snapshot_id} ${x.sobject}`).toBe(x.total_size);
        expect(x.count).toBe(expected.get(x.sobject));
      }
      return rows.length * 2;
    });

    // Linear growth: the last quarter adds no more per snapshot than the first quarter (plus slack for page rounding).
    const q = Math.max(2, Math.floor(N / 4));
    const perEarly = (bytes[q] - bytes[0]) / q;
    const perLate = (bytes[N - 1] - bytes[N - 1 - q]) / q;
    process.stdout.write(
      `soak: ${N} collections, ${failedRequests} 503s absorbed; db +${Math.round(perEarly / 1024)} KB/snapshot early, +${Math.round(perLate / 1024)} KB late; RSS ${Math.round(rss[0] / 1048576)}→${Math.round(rss[N - 1] / 1048576)} MB; fds ${fds[0]}→${fds[N - 1]}\n`,
    );
    expect(perEarly).toBeGreaterThan(0);
    expect(perLate).toBeLessThanOrEqual(perEarly * 1.25 + 64 * 1024);
    // Flat memory: the last quarter's mean RSS is within 25% (+64 MB) of the second quarter's (after warm-up).
    expect(mean(rss.slice(N - q))).toBeLessThanOrEqual(mean(rss.slice(q, 2 * q)) * 1.25 + 64 * 1024 * 1024);
    // Flat file handles: none leaked per collection.
    expect(fds[N - 1]).toBeLessThanOrEqual(fds[0] + 3);
    expect(integrityOf(r.dataDir)).toBe('ok');
    checks += assertNothingLost(r.dataDir) + 4;
    tally('soak', { tests: 1, faults: failedRequests, nothingLost: checks });
  }, 3_600_000);
});
