/**
 * Shared set-up for snapshot-file tests: one demo-org collection (reused through the collector
 * test rig), exported once, and a fingerprint of a data directory that must not change when
 * an import is refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ScopeFile } from '../../../shared/audit/scope';
import { scopeTemplate } from '../../../shared/audit/templates';
import type { DemoOrg } from '../../../electron/demo-org/index';
import type { Backend } from '../../../electron/services/backend';
import { addByToken, backendFor, rig, withDb, type Rig } from '../collect/helpers';
import { tempDir } from '../../support/tmp';

export { backendFor, withDb };

/** A scope over the demo org's users built from the shipped templates (the same in A and B). */
export function demoScope(org: DemoOrg): ScopeFile {
  const users = (org.dataset.User ?? []).filter((u) => u.IsActive === true).map((u) => String(u.Username));
  const middleware = scopeTemplate('middleware')!;
  const ehr = scopeTemplate('ehr')!;
  middleware.users = users.slice(0, 2);
  ehr.users = users.slice(2, 4);
  return { version: 1, systems: [middleware, ehr] };
}

export interface Collected {
  rig: Rig;
  snapshotId: string;
  contentHash: string;
}

/** Collects the demo org into a fresh data directory (alias "demo"). */
export async function collectDemo(): Promise<Collected> {
  const r = await rig();
  await addByToken(r);
  const res = await r.backend.call('collect.start', { alias: 'demo', full: true });
  return { rig: r, snapshotId: res.snapshotId, contentHash: res.contentHash };
}

/** Everything an import could change: orgs, snapshots and the row count of every table. */
export async function fingerprint(backend: Backend, dataDir: string): Promise<string> {
  const orgs = await backend.call('orgs.list', {});
  const snaps = await backend.call('snapshots.list', {});
  const counts = withDb(dataDir, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
  });
  return JSON.stringify({ orgs, snaps, counts });
}

/** SHA-256 of every file in the data directory except the lock and logs. */
export function dirHash(dataDir: string): string {
  const h = crypto.createHash('sha256');
  for (const name of fs.readdirSync(dataDir).sort()) {
    const file = path.join(dataDir, name);
    if (!fs.statSync(file).isFile()) continue;
    h.update(name);
    h.update(fs.readFileSync(file));
  }
  return h.digest('hex');
}

export function scratchDir(): string {
  return tempDir('iua-snapfile-');
}

/** Fresh data directories with a back end each, all closed and removed by `cleanup()`. */
export function scratchBackends(): { fresh(): { dir: string; backend: Backend }; track(dir: string): string; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  const backends: Backend[] = [];
  return {
    fresh() {
      const dir = scratchDir();
      const backend = backendFor(dir);
      dirs.push(dir);
      backends.push(backend);
      return { dir, backend };
    },
    track(dir) {
      dirs.push(dir);
      return dir;
    },
    async cleanup() {
      for (const b of backends) await b.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}
