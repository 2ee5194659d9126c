/**
 * #18 disk full during a collection. The data directory sits on a small tmpfs (mounted here
 * when the sandbox allows; else the database's page budget is capped with max_page_count, the
 * same SQLITE_FULL the writer would see). Once the disk is full the collection fails cleanly —
 * an error that says the disk is full, not a crash — the previous snapshot stays current and
 * whole, integrity_check is ok, the org is not stuck "busy", and once space is freed the next
 * collection in the same app succeeds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { requireDb } from '../../electron/services/context';
import { startDemoOrg, type DemoOrg } from '../../electron/demo-org/index';
import type { Backend } from '../../electron/services/backend';
import { tempDir } from '../support/tmp';
import { reportAs, tally, watchOrg } from './support/report';
import { assertNothingLost, backendFor, currentSnapshot, integrityOf } from './support/rig';

reportAs('disk-full.test.ts');

let mountPoint: string;
let mounted = false;
let dataDir: string;
let org: DemoOrg;
let backend: Backend;

beforeAll(async () => {
  mountPoint = tempDir('iua-diskfull-');
  // IUA_DISKFULL_INJECT=1 exercises the fallback where mounting is allowed too.
  const m =
    process.env.IUA_DISKFULL_INJECT === '1'
      ? { status: 1, stderr: 'IUA_DISKFULL_INJECT=1', error: undefined }
      : spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  mounted = m.status === 0;
  if (!mounted) process.stdout.write(`disk-full: tmpfs not available (${(m.stderr || m.error?.message || '').trim()}); capping max_page_count instead\n`);
  dataDir = path.join(mountPoint, 'data');
  org = watchOrg(await startDemoOrg({ scale: 300, seed: 4 }));
  backend = backendFor(dataDir);
  await backend.call('orgs.add', { alias: 'demo', method: 'access_token', instanceUrl: org.url, accessToken: org.accessToken });
}, 120_000);

afterAll(async () => {
  await backend?.close();
  await org?.close();
  if (mounted) spawnSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('the collection succeeded on a full disk');
}

describe('disk full during a collection', () => {
  it('fails cleanly, keeps the previous snapshot current, and recovers when space is freed', async () => {
    const first = await backend.call('collect.start', { alias: 'demo', full: true });
    // A restart: closing checkpoints and removes the WAL, so the next write must find new space.
    await backend.close();
    backend = backendFor(dataDir);
    const filler = path.join(mountPoint, 'filler');
    let restore: () => void;
    if (mounted) {
      // Leave far less room than a snapshot needs: the store transaction runs out mid-way.
      const leave = 256 * 1024;
      const size = Math.max(0, freeBytes(mountPoint) - leave);
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(1024 * 1024);
      for (let written = 0; written < size;) {
        const n = Math.min(chunk.length, size - written);
        written += fs.writeSync(fd, chunk, 0, n);
      }
      fs.closeSync(fd);
      restore = () => fs.rmSync(filler);
    } else {
      const db = requireDb(backend.ctx);
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + 16}`);
      restore = () => db.pragma('max_page_count = 4294967294');
    }

    const err = await failure(backend.call('collect.start', { alias: 'demo', full: true }));
    // Not a crash report: the reason, and that nothing was stored.
    expect(err.code).not.toBe('internal');
    expect(err.code).toBe('disk_full');
    expect(err.message).toMatch(/disk .* is full/i);
    expect(err.message).toMatch(/nothing was stored/);
    expect(currentSnapshot(dataDir, 'demo')).toBe(first.snapshotId);
    expect(integrityOf(dataDir)).toBe('ok');
    let checks = assertNothingLost(dataDir, { [first.snapshotId]: first.contentHash }) + 2;

    restore();
    // The same app collects again: the failed run left no lock or half-state behind.
    const next = await backend.call('collect.start', { alias: 'demo', full: true });
    expect(next.contentHash).toBe(first.contentHash);
    expect(currentSnapshot(dataDir, 'demo')).toBe(next.snapshotId);
    checks += assertNothingLost(dataDir, { [first.snapshotId]: first.contentHash, [next.snapshotId]: next.contentHash }) + 1;
    expect(integrityOf(dataDir)).toBe('ok');
    tally('#18', { tests: 1, faults: 1, nothingLost: checks });
  }, 300_000);
});
