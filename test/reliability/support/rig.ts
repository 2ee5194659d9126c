/**
 * The collector test rig (test/integration/collect/helpers.ts), with every demo org it starts
 * watched by the read-only audit of the reliability report, plus what several scenarios share:
 * a seeded random source, table row counts and the "nothing lost" invariants of a data directory.
 */
import { expect } from 'vitest';
import { startDemoOrg, type DemoOrg, type DemoOrgOptions } from '../../../electron/demo-org/index';
import type { BackendOptions } from '../../../electron/services/backend';
import { hashStored } from '../../support/snapshot-hash';
import { rig as collectRig, withDb, type Rig } from '../../integration/collect/helpers';
import { watchOrg } from './report';

export { addByToken, backendFor, filesUnder, integrityOf, PASSPHRASE, runCliAsync, withDb, type Rig } from '../../integration/collect/helpers';

export const CLI_ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: 'correct horse battery staple' };

export async function rig(orgOptions: DemoOrgOptions = {}, extra: Partial<BackendOptions> = {}): Promise<Rig> {
  const r = await collectRig(orgOptions, extra);
  watchOrg(r.org);
  return r;
}

export async function startOrg(options: DemoOrgOptions = {}): Promise<DemoOrg> {
  return watchOrg(await startDemoOrg(options));
}

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Row count of every table: the fingerprint of "no side effect". */
export function tableCounts(dataDir: string): Record<string, number> {
  return withDb(dataDir, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
  });
}

export function currentSnapshot(dataDir: string, alias: string): string | null {
  return withDb(dataDir, (db) => (db.prepare('SELECT current_snapshot_id FROM org WHERE alias = ?').pluck().get(alias) as string | null | undefined) ?? null);
}

/**
 * The "nothing lost" invariants of a data directory, each counted as one check: every stored
 * snapshot recomputes to its recorded content hash (so none is half-written), stored rows
 * match the recorded counts, no row belongs to a snapshot that does not exist, and the
 * expected snapshots are all still there with their hashes. Returns the number of checks.
 */
export function assertNothingLost(dataDir: string, expected: Record<string, string> = {}): number {
  let checks = 0;
  withDb(dataDir, (db) => {
    const snaps = db.prepare('SELECT id, content_hash, record_count FROM snapshot').all() as { id: string; content_hash: string; record_count: number }[];
    const orphans = db.prepare('SELECT COUNT(*) FROM snapshot_record WHERE snapshot_id NOT IN (SELECT id FROM snapshot)').pluck().get() as number;
    expect(orphans, 'rows of a snapshot that does not exist').toBe(0);
    checks++;
    for (const s of snaps) {
      expect(hashStored(db, s.id), `snapshot ${s.id} recomputes to its hash`).toBe(s.content_hash);
      const rows = db.prepare('SELECT COUNT(*) FROM snapshot_record WHERE snapshot_id = ?').pluck().get(s.id) as number;
      expect(rows, `snapshot ${s.id} row count`).toBe(s.record_count);
      const objects = db.prepare('SELECT COALESCE(SUM(count), 0) FROM snapshot_object WHERE snapshot_id = ?').pluck().get(s.id) as number;
      expect(objects, `snapshot ${s.id} object counts`).toBe(s.record_count);
      checks += 3;
    }
    for (const [id, hash] of Object.entries(expected)) {
      const stored = snaps.find((s) => s.id === id);
      expect(stored?.content_hash, `snapshot ${id} still there`).toBe(hash);
      checks++;
    }
    const dangling = db.prepare('SELECT COUNT(*) FROM org WHERE current_snapshot_id IS NOT NULL AND current_snapshot_id NOT IN (SELECT id FROM snapshot)').pluck().get() as number;
    expect(dangling, 'current snapshot pointers to nothing').toBe(0);
    checks++;
  });
  return checks;
}
