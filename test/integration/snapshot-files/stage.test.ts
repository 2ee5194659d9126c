/**
 * snapshots.stage: the way a browser page (which cannot learn a file's path) hands a snapshot
 * file to the back end. Real back ends on real data directories: collect the demo org in A,
 * export, stage the bytes in B, preview and import by the staged path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_MAX_BYTES } from '../../../shared/contract';
import { incomingDir } from '../../../electron/services/snapshot-files/stage';
import { collectDemo, scratchBackends, scratchDir, type Collected } from './helpers';

let a: Collected;
let exported: string;
let base64: string;
const scratch = scratchBackends();
const freshB = scratch.fresh;

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  a = await collectDemo();
  const files = scratch.track(scratchDir());
  exported = path.join(files, 'demo.iuasnap');
  await a.rig.backend.call('snapshots.export', { orgAlias: 'demo', outPath: exported });
  base64 = fs.readFileSync(exported).toString('base64');
}, 120_000);

afterAll(async () => {
  await scratch.cleanup();
  await a.rig.close();
});

describe('snapshots.stage', () => {
  it('writes the bytes under incoming/ with mode 0600; preview by that path works; import deletes it', async () => {
    const b = freshB();
    const { path: staged } = await b.backend.call('snapshots.stage', { fileName: 'client handoff.iuasnap', base64 });
    expect(path.dirname(staged)).toBe(incomingDir(b.dir));
    expect(path.basename(staged)).toMatch(/^[0-9a-f]{32}\.iuasnap$/);
    expect(fs.statSync(staged).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(staged).equals(fs.readFileSync(exported))).toBe(true);

    const preview = await b.backend.call('snapshots.preview', { path: staged });
    expect(preview.snapshot.id).toBe(a.snapshotId);
    expect(preview.snapshot.orgId).toBe(a.rig.org.orgId);
    expect(preview.snapshot.orgName).toMatch(/GreenPath/);
    expect(preview.plan).toMatchObject({ alias: 'demo', createsOrg: true, problem: null });
    // Preview writes nothing: the staged file is still there for the import.
    expect(fs.existsSync(staged)).toBe(true);
    expect((await b.backend.call('orgs.list', {})).orgs).toEqual([]);

    const imported = await b.backend.call('snapshots.import', { path: staged });
    expect(imported.snapshotId).toBe(a.snapshotId);
    expect(imported.contentHash).toBe(a.contentHash);
    expect(fs.existsSync(staged)).toBe(false);
    expect(fs.readdirSync(incomingDir(b.dir))).toEqual([]);
  });

  it('keeps the staged file when the import is refused, and never deletes a file outside incoming/', async () => {
    const b = freshB();
    await b.backend.call('snapshots.import', { path: exported });
    // Importing from a path outside incoming/ leaves the user's file alone.
    expect(fs.existsSync(exported)).toBe(true);
    const { path: staged } = await b.backend.call('snapshots.stage', { fileName: 'again.iuasnap', base64 });
    const err = await refusal(b.backend.call('snapshots.import', { path: staged }));
    expect(err.message).toMatch(/already in this data directory/);
    expect(fs.existsSync(staged)).toBe(true);
  });

  it('refuses more than 48 MiB with a message that points to the CLI, and stages nothing', async () => {
    const b = freshB();
    const tooBig = 'A'.repeat(Math.ceil(STAGE_MAX_BYTES / 3) * 4 + 4);
    const err = await refusal(b.backend.call('snapshots.stage', { fileName: 'huge.iuasnap', base64: tooBig }));
    expect(err.code).toBe('validation');
    expect(err.message).toMatch(/48 MiB/);
    expect(err.message).toContain('iua snapshot import FILE');
    expect(fs.existsSync(incomingDir(b.dir))).toBe(false);
  });

  it('refuses bad base64 instead of staging different bytes', async () => {
    const b = freshB();
    for (const bad of ['not base64!!', 'QUJD=QUJD', 'QUJ']) {
      const err = await refusal(b.backend.call('snapshots.stage', { fileName: 'x.iuasnap', base64: bad }));
      expect(err.code).toBe('validation');
      expect(err.message).toMatch(/not valid base64/);
    }
    expect(fs.existsSync(incomingDir(b.dir))).toBe(false);
  });

  it('a staged file that is not a snapshot file is refused plainly by preview', async () => {
    const b = freshB();
    const { path: staged } = await b.backend.call('snapshots.stage', { fileName: 'notes.txt', base64: Buffer.from('hello, auditor').toString('base64') });
    const err = await refusal(b.backend.call('snapshots.preview', { path: staged }));
    expect(err.message.length).toBeGreaterThan(10);
    expect(err.message).not.toMatch(/undefined|TypeError/);
    expect((await b.backend.call('orgs.list', {})).orgs).toEqual([]);
  });

  it('removes staged files older than a day when a new one is staged, and keeps recent ones', async () => {
    const b = freshB();
    const first = (await b.backend.call('snapshots.stage', { fileName: 'old.iuasnap', base64 })).path;
    const recent = (await b.backend.call('snapshots.stage', { fileName: 'recent.iuasnap', base64 })).path;
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(first, twoDaysAgo, twoDaysAgo);
    // Something else that lives there (not a staged file) is left alone.
    const other = path.join(incomingDir(b.dir), 'README');
    fs.writeFileSync(other, 'x');
    fs.utimesSync(other, twoDaysAgo, twoDaysAgo);
    const third = (await b.backend.call('snapshots.stage', { fileName: 'new.iuasnap', base64 })).path;
    expect(fs.existsSync(first)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(third)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });
});
