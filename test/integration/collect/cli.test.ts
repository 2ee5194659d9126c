import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { acquireDbLock } from '../../../electron/services/orgs/lock';
import { openRaw, DB_FILE } from '../../../electron/services/store/db';
import { addByToken, integrityOf, PASSPHRASE, rig, runCliAsync, type Rig } from './helpers';
import path from 'node:path';

let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

const ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE };

describe('iua orgs / collect (subprocess)', () => {
  it('adds an org, collects with the --json contract, lists it', async () => {
    r = await rig();
    const add = await runCliAsync(['orgs', 'add', 'demo', '--instance-url', r.org.url, '--access-token', r.org.accessToken, '--data-dir', r.dataDir], ENV);
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/^Added org demo: GreenPath/);
    const again = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'demo', '--instance-url', r.org.url, '--access-token', r.org.accessToken], ENV);
    expect(again.stdout).toMatch(/^Updated org demo/);

    const out = await runCliAsync(['collect', 'demo', '--json', '--data-dir', r.dataDir], ENV);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['apiCalls', 'contentHash', 'counts', 'gaps', 'snapshotId']);
    expect((json.counts as Record<string, number>).User).toBe(r.org.dataset.User.length);
    expect((json.counts as Record<string, number>).PermissionSet).toBe(r.org.dataset.PermissionSet.length);
    expect(json.gaps).toEqual([]);
    expect(json.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof json.apiCalls).toBe('number');

    const list = await runCliAsync(['orgs', 'list', '--json', '--data-dir', r.dataDir], ENV);
    const orgs = (JSON.parse(list.stdout) as { orgs: { alias: string; currentSnapshotId: string }[] }).orgs;
    expect(orgs).toHaveLength(1);
    expect(orgs[0].currentSnapshotId).toBe(json.snapshotId);

    const unknown = await runCliAsync(['collect', 'nope', '--data-dir', r.dataDir], ENV);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^iua: No org with alias "nope"/);
  }, 300_000);

  it('refuses a second collection of the same org, in one process and across processes', async () => {
    r = await rig({ faults: { latencyMs: 20 } });
    await addByToken(r);
    const first = r.backend.call('collect.start', { alias: 'demo' });
    let second: unknown;
    try {
      await r.backend.call('collect.start', { alias: 'demo' });
    } catch (err) {
      second = err;
    }
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe('busy');
    expect((second as AppError).message).toMatch(/already running/);
    await first;

    // Another process holds the lock (this test process plays it): the CLI is refused.
    const db = openRaw(path.join(r.dataDir, DB_FILE));
    const release = acquireDbLock(db, 'demo');
    try {
      const cli = await runCliAsync(['collect', 'demo', '--data-dir', r.dataDir], ENV);
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/^iua: A collection of demo is already running \(started .* by process \d+\)/);
    } finally {
      release();
      db.close();
    }
  }, 180_000);

  it('takes over a lock left by a killed process', async () => {
    r = await rig();
    await addByToken(r);
    const db = openRaw(path.join(r.dataDir, DB_FILE));
    try {
      db.prepare("INSERT INTO collection_lock (org_alias, pid, hostname, token, started_at) VALUES ('demo', 2147483646, ?, 'x', ?)").run(
        (await import('node:os')).hostname(),
        new Date().toISOString(),
      );
    } finally {
      db.close();
    }
    const res = await r.backend.call('collect.start', { alias: 'demo' });
    expect(res.counts.User).toBe(r.org.dataset.User.length);
  });

  it('cancellation stores nothing', async () => {
    r = await rig({ faults: { latencyMs: 30 } });
    await addByToken(r);
    const run = r.backend.call('collect.start', { alias: 'demo' });
    const off = r.backend.ctx.events.subscribe((name, p) => {
      if (name === 'collect.progress' && (p as { phase: string }).phase === 'fetch') void r!.backend.call('collect.cancel', { alias: 'demo' });
    });
    let err: unknown;
    try {
      await run;
    } catch (e) {
      err = e;
    }
    off();
    expect((err as AppError).code).toBe('cancelled');
    const { snapshots } = await r.backend.call('snapshots.list', {});
    expect(snapshots).toEqual([]);
    // And the lock is free again.
    const ok = await r.backend.call('collect.start', { alias: 'demo' });
    expect(ok.snapshotId).toBeTruthy();
  });
});
