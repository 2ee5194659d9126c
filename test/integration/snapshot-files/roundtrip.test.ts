/**
 * The offline hand-off end to end: collect the demo org in data directory A, export, import
 * into data directory B (which never saw the org), and get the same snapshot: same content
 * hash, same stored rows, and a byte-identical evaluation for the same scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashStored } from '../../support/snapshot-hash';
import { decodeHeader, ENCRYPTION_PARAMS_BYTES, FIXED_HEADER_BYTES } from '../../../electron/services/snapshot-files/format';

/** The file's header as the reader decodes it. */
const readFileHeader = (file: string) => decodeHeader(file, fs.readFileSync(file).subarray(0, FIXED_HEADER_BYTES + ENCRYPTION_PARAMS_BYTES));
import { integrityOf } from '../collect/helpers';
import { collectDemo, demoScope, scratchBackends, scratchDir, withDb, type Collected } from './helpers';

let a: Collected;
let files: string;
const scratch = scratchBackends();
const freshB = scratch.fresh;

beforeAll(async () => {
  a = await collectDemo();
  files = scratch.track(scratchDir());
  await a.rig.backend.call('scope.save', { orgAlias: 'demo', scope: demoScope(a.rig.org) });
}, 120_000);

afterAll(async () => {
  await scratch.cleanup();
  await a.rig.close();
});

describe('snapshot files: export and import', () => {
  it('imports into an empty data directory as an offline org that evaluates byte for byte the same', async () => {
    const out = path.join(files, 'demo.iuasnap');
    const exported = await a.rig.backend.call('snapshots.export', { orgAlias: 'demo', outPath: out });
    expect(exported.snapshotId).toBe(a.snapshotId);
    expect(exported.contentHash).toBe(a.contentHash);
    expect(exported.encrypted).toBe(false);
    expect(fs.statSync(out).size).toBe(exported.bytes);
    expect(readFileHeader(out).contentHash).toBe(a.contentHash);
    // No temporary file is left beside it.
    expect(fs.readdirSync(files)).toEqual(['demo.iuasnap']);

    // Never carries credentials: neither the access token nor the refresh token.
    const bytes = fs.readFileSync(out);
    expect(bytes.includes(Buffer.from(a.rig.org.accessToken))).toBe(false);

    const b = freshB();
    const preview = await b.backend.call('snapshots.preview', { path: out });
    expect(preview.snapshot.id).toBe(a.snapshotId);
    expect(preview.snapshot.orgId).toBe(a.rig.org.orgId);
    expect(preview.snapshot.recordCount).toBeGreaterThan(100);
    expect(preview.plan).toEqual({ alias: 'demo', createsOrg: true, becomesCurrent: true, problem: null });
    // Preview wrote nothing.
    expect((await b.backend.call('orgs.list', {})).orgs).toEqual([]);

    const imported = await b.backend.call('snapshots.import', { path: out });
    expect(imported).toMatchObject({ snapshotId: a.snapshotId, orgAlias: 'demo', orgCreated: true, current: true, contentHash: a.contentHash });

    const org = (await b.backend.call('orgs.list', {})).orgs[0];
    expect(org).toMatchObject({ alias: 'demo', orgId: a.rig.org.orgId, status: 'offline', currentSnapshotId: a.snapshotId });
    withDb(b.dir, (db) => expect(hashStored(db, a.snapshotId)).toBe(a.contentHash));
    const metaA = await a.rig.backend.call('snapshots.get', { id: a.snapshotId });
    const metaB = await b.backend.call('snapshots.get', { id: a.snapshotId });
    expect(metaB).toEqual(metaA);

    await b.backend.call('scope.save', { orgAlias: 'demo', scope: demoScope(a.rig.org) });
    const evalA = await a.rig.backend.call('audit.evaluate', { orgAlias: 'demo' });
    const evalB = await b.backend.call('audit.evaluate', { orgAlias: 'demo' });
    expect(evalB.evaluation.systems.length).toBeGreaterThan(0);
    expect(JSON.stringify(evalB)).toBe(JSON.stringify(evalA));
    expect(integrityOf(b.dir)).toBe('ok');
  });

  it('round-trips an encrypted file, whose bytes show neither records nor the token', async () => {
    const out = path.join(files, 'demo-encrypted.iuasnap');
    const passphrase = 'tr0ub4dor & 3 — ünïcode';
    const exported = await a.rig.backend.call('snapshots.export', { orgAlias: 'demo', outPath: out, passphrase });
    expect(exported.encrypted).toBe(true);
    const bytes = fs.readFileSync(out);
    expect(bytes.includes(Buffer.from(a.rig.org.accessToken))).toBe(false);
    expect(bytes.includes(Buffer.from(a.rig.org.orgId))).toBe(false);
    expect(readFileHeader(out).params).not.toBeNull();

    // More than one 64 KiB chunk, so chunk order matters: with the first chunk dropped, the
    // second one sits at index 0 and fails authentication.
    const header = readFileHeader(out);
    const sealed = 64 * 1024 + 16;
    expect(bytes.length - header.bodyOffset).toBeGreaterThan(sealed);
    const swappedFile = path.join(files, 'dropped-chunk.iuasnap');
    fs.writeFileSync(swappedFile, Buffer.concat([bytes.subarray(0, header.bodyOffset), bytes.subarray(header.bodyOffset + sealed)]));

    const b = freshB();
    const reordered = await b.backend.dispatch('snapshots.import', { path: swappedFile, passphrase });
    expect(reordered).toMatchObject({ ok: false, error: { code: 'bad_file' } });
    if (!reordered.ok) expect(reordered.error.message).toMatch(/encrypted chunk 0 failed authentication/);
    expect((await b.backend.call('orgs.list', {})).orgs).toEqual([]);
    const noPass = await b.backend.dispatch('snapshots.preview', { path: out });
    expect(noPass).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'passphrase', message: 'required' }] } });
    // NFC and NFD spellings of the passphrase are the same passphrase.
    const imported = await b.backend.call('snapshots.import', { path: out, passphrase: passphrase.normalize('NFD') });
    expect(imported.contentHash).toBe(a.contentHash);
    withDb(b.dir, (db) => expect(hashStored(db, a.snapshotId)).toBe(a.contentHash));
  });

  it('keeps the current snapshot when the imported one is older, and names the alias of a known org', async () => {
    const out = path.join(files, 'old.iuasnap');
    await a.rig.backend.call('snapshots.export', { orgAlias: 'demo', outPath: out });
    // A second, newer collection in A; importing the first one back elsewhere must not make it current.
    const second = await a.rig.backend.call('collect.start', { alias: 'demo' });
    const newer = path.join(files, 'new.iuasnap');
    await a.rig.backend.call('snapshots.export', { orgAlias: 'demo', outPath: newer, snapshotId: second.snapshotId });

    const b = freshB();
    const first = await b.backend.call('snapshots.import', { path: newer, alias: 'client' });
    expect(first).toMatchObject({ orgAlias: 'client', orgCreated: true, current: true });

    // Same org under another alias: refused without an explicit alias, naming the one to use.
    const refused = await b.backend.dispatch('snapshots.import', { path: out });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toContain('registered here as "client"');
    const preview = await b.backend.call('snapshots.preview', { path: out });
    expect(preview.plan.problem).toContain('--alias client');

    const older = await b.backend.call('snapshots.import', { path: out, alias: 'client' });
    expect(older).toMatchObject({ orgAlias: 'client', orgCreated: false, current: false });
    const org = (await b.backend.call('orgs.list', {})).orgs.find((o) => o.alias === 'client')!;
    expect(org.currentSnapshotId).toBe(second.snapshotId);
    expect((await b.backend.call('snapshots.list', { alias: 'client' })).snapshots.map((s) => s.id).sort()).toEqual([a.snapshotId, second.snapshotId].sort());
  });
});
