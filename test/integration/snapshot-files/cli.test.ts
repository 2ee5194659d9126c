/**
 * The offline hand-off as the client's admin and the auditor type it: `iua collect --out`,
 * `iua snapshot import|list|delete|export`, each in a real subprocess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addByToken, integrityOf, PASSPHRASE, rig, runCliAsync, withDb, type Rig } from '../collect/helpers';
import { backendFor, demoScope, scratchDir } from './helpers';

const ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE, IUA_SNAPSHOT_PASSPHRASE: undefined };
const FILE_PASSPHRASE = 'hand-off passphrase 42';

let r: Rig;
let files: string;
const dirs: string[] = [];

function dir(): string {
  const d = scratchDir();
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  r = await rig();
  await addByToken(r);
  files = scratchDir();
}, 60_000);

afterAll(async () => {
  await r.close();
  for (const d of [...dirs, files]) fs.rmSync(d, { recursive: true, force: true });
});

describe('iua snapshot (subprocess)', () => {
  it('collects and exports an encrypted file in one go, and imports it elsewhere as an offline org', async () => {
    const file = path.join(files, 'client.iuasnap');
    const refused = await runCliAsync(['collect', 'demo', '--out', file, '--encrypt', '--data-dir', r.dataDir], ENV);
    // No passphrase in the environment and no terminal: refused before collecting anything.
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/IUA_SNAPSHOT_PASSPHRASE/);
    expect((await r.backend.call('snapshots.list', { alias: 'demo' })).snapshots).toHaveLength(0);

    const collected = await runCliAsync(['collect', 'demo', '--out', file, '--encrypt', '--json', '--data-dir', r.dataDir], { ...ENV, IUA_SNAPSHOT_PASSPHRASE: FILE_PASSPHRASE });
    expect(collected.stderr).toBe('');
    expect(collected.status).toBe(0);
    const json = JSON.parse(collected.stdout) as { snapshotId: string; contentHash: string; file: { path: string; encrypted: boolean; snapshotId: string } };
    expect(json.file).toMatchObject({ path: file, encrypted: true, snapshotId: json.snapshotId });
    expect(fs.readFileSync(file).includes(Buffer.from(r.org.accessToken))).toBe(false);

    // The passphrase is never an argument.
    const asArg = await runCliAsync(['snapshot', 'import', file, '--passphrase', FILE_PASSPHRASE, '--data-dir', dir()], ENV);
    expect(asArg.status).not.toBe(0);
    expect(asArg.stderr).toMatch(/unknown option '--passphrase'/);

    const auditor = dir();
    const noPass = await runCliAsync(['snapshot', 'import', file, '--data-dir', auditor], ENV);
    expect(noPass.status).toBe(1);
    expect(noPass.stderr).toMatch(/encrypted .*IUA_SNAPSHOT_PASSPHRASE/);

    const dry = await runCliAsync(['snapshot', 'import', file, '--dry-run', '--data-dir', auditor], { ...ENV, IUA_SNAPSHOT_PASSPHRASE: FILE_PASSPHRASE });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/Would import into "demo" \(new offline org\) as its current snapshot/);

    const imported = await runCliAsync(['snapshot', 'import', file, '--data-dir', auditor], { ...ENV, IUA_SNAPSHOT_PASSPHRASE: FILE_PASSPHRASE });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain(`Imported snapshot ${json.snapshotId} into "demo" (added as an offline org)`);
    expect(imported.stdout).toContain(`Content hash: ${json.contentHash}`);

    const list = await runCliAsync(['snapshot', 'list', 'demo', '--data-dir', auditor], ENV);
    expect(list.stdout).toMatch(new RegExp(`\\*\\s+${json.snapshotId}`));
    const b = backendFor(auditor);
    try {
      expect((await b.call('orgs.list', {})).orgs[0]).toMatchObject({ alias: 'demo', status: 'offline', currentSnapshotId: json.snapshotId });
      const again = await b.dispatch('snapshots.import', { path: file, passphrase: FILE_PASSPHRASE });
      expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    } finally {
      await b.close();
    }
    expect(integrityOf(auditor)).toBe('ok');
  }, 300_000);

  it('names the alias of a known org, and refuses deleting a signed-off snapshot unless forced', async () => {
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    const second = await r.backend.call('collect.start', { alias: 'demo' });
    const older = path.join(files, 'older.iuasnap');
    const newer = path.join(files, 'newer.iuasnap');
    const exp1 = await runCliAsync(['snapshot', 'export', 'demo', '--snapshot', first.snapshotId, '--out', older, '--data-dir', r.dataDir], ENV);
    expect(exp1.status).toBe(0);
    expect(exp1.stdout).toMatch(new RegExp(`^Wrote ${older.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes\\): snapshot ${first.snapshotId} of demo`));
    await r.backend.call('snapshots.export', { orgAlias: 'demo', outPath: newer });

    const auditor = dir();
    const b = backendFor(auditor);
    await b.call('snapshots.import', { path: newer, alias: 'client' });
    const clash = await runCliAsync(['snapshot', 'import', older, '--data-dir', auditor], ENV);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/registered here as "client".*--alias client/);
    const intoClient = await runCliAsync(['snapshot', 'import', older, '--alias', 'client', '--data-dir', auditor], ENV);
    expect(intoClient.status).toBe(0);
    expect(intoClient.stdout).toMatch(/older than the current snapshot, which stays current/);

    // Sign off a system on the current (newer) snapshot, through the real review calls.
    await b.call('scope.save', { orgAlias: 'client', scope: demoScope(r.org) });
    await b.call('review.setState', { orgAlias: 'client', system: 'Middleware', state: 'in review' });
    const view = await b.call('audit.evaluate', { orgAlias: 'client' });
    for (const c of view.evaluation.systems.find((s) => s.name === 'Middleware')!.checks.filter((x) => ['fail', 'warn', 'manual', 'error'].includes(x.status))) {
      await b.call('review.attest', {
        orgAlias: 'client',
        system: 'Middleware',
        checkId: c.id,
        userId: c.userId,
        status: 'pass',
        justification: 'Checked with the owner.',
        reviewer: 'Dana Auditor',
      });
    }
    await b.call('review.signoff', { orgAlias: 'client', system: 'Middleware', reviewer: 'Dana Auditor', role: 'External auditor', statement: 'Reviewed.' });

    const refused = await runCliAsync(['snapshot', 'delete', 'client', second.snapshotId, '--data-dir', auditor], ENV);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/signed off for "Middleware" \(by Dana Auditor\).*--force/);
    withDb(auditor, (db) => expect(db.prepare('SELECT COUNT(*) FROM snapshot').pluck().get()).toBe(2));

    const forced = await runCliAsync(['snapshot', 'delete', 'client', second.snapshotId, '--force', '--data-dir', auditor], ENV);
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(`Deleted snapshot ${second.snapshotId} of client.`);
    expect(forced.stdout).toMatch(/Also deleted 1 sign-off\(s\): Middleware \(by Dana Auditor/);
    expect(forced.stdout).toContain(`Current snapshot of client: ${first.snapshotId}.`);
    withDb(auditor, (db) => {
      expect(db.prepare('SELECT COUNT(*) FROM signoff').pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM snapshot_record WHERE snapshot_id = ?').pluck().get(second.snapshotId)).toBe(0);
    });
    // The back end caches loaded snapshots: after a delete it must not serve the deleted one.
    expect((await b.call('audit.evaluate', { orgAlias: 'client' })).snapshot.id).toBe(first.snapshotId);
    expect(await b.call('snapshots.delete', { orgAlias: 'client', id: first.snapshotId, force: false })).toEqual({
      snapshotId: first.snapshotId,
      orgAlias: 'client',
      signOffsDeleted: [],
      currentSnapshotId: null,
    });
    expect(await b.dispatch('snapshots.delete', { orgAlias: 'client', id: first.snapshotId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await b.close();
    expect(integrityOf(auditor)).toBe('ok');
  }, 300_000);
});
