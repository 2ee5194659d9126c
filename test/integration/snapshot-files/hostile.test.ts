/**
 * Every snapshot file is hostile until proven otherwise. Each case plants one problem and
 * checks that the import is refused with a message naming it, and that the data directory is
 * exactly as before (same orgs, snapshots, row counts and database bytes).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { encodeHeader, ENCRYPTION_NONE, PAYLOAD_HASH_OFFSET } from '../../../electron/services/snapshot-files/format';
import { importSnapshotFile } from '../../../electron/services/snapshot-files/import';
import { backendFor, dirHash, fingerprint, scratchDir } from './helpers';
import { canonicalRecordJson, craft, partsOf, storeSynthetic, syntheticSnapshot, type Parts } from './craft';

const SOURCE_ID = '20250301T100005Z-0a0a0a0a';
const OTHER_ID = '20250101T000000Z-0b0b0b0b';
const PASSPHRASE = 'a passphrase for the hand-off';

let dataDir: string;
let files: string;
let backend: Backend;
let good: string;
let encrypted: string;
let base: Parts;

beforeAll(async () => {
  // The source: a synthetic snapshot in its own data directory, exported with the real exporter.
  const sourceDir = scratchDir();
  const source = backendFor(sourceDir);
  storeSynthetic(requireDb(source.ctx), SOURCE_ID);
  files = scratchDir();
  good = path.join(files, 'good.iuasnap');
  encrypted = path.join(files, 'encrypted.iuasnap');
  await source.call('snapshots.export', { orgAlias: 'acme', outPath: good });
  await source.call('snapshots.export', { orgAlias: 'acme', outPath: encrypted, passphrase: PASSPHRASE });
  base = partsOf(requireDb(source.ctx), SOURCE_ID);
  await source.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });

  // The target already holds another snapshot of the same org, so "unchanged" means something.
  dataDir = scratchDir();
  backend = backendFor(dataDir);
  storeSynthetic(requireDb(backend.ctx), OTHER_ID, 'acme', syntheticSnapshot(undefined, '2025-01-01T00:00:00.000Z'));
});

afterAll(async () => {
  await backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(files, { recursive: true, force: true });
});

function variant(name: string, edit: (b: Buffer) => Buffer, from = good): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, edit(fs.readFileSync(from)));
  return file;
}

async function crafted(name: string, edit: (p: Parts) => void, opts: Parameters<typeof craft>[2] = {}): Promise<string> {
  const parts = structuredClone(base);
  edit(parts);
  const file = path.join(files, name);
  await craft(file, parts, opts);
  return file;
}

/** Import (and preview) must fail with this code and message, leaving the data directory as it was. */
async function refused(file: string, code: string, message: RegExp, input: { passphrase?: string; alias?: string } = {}): Promise<void> {
  const before = await fingerprint(backend, dataDir);
  const bytesBefore = dirHash(dataDir);
  // A valid file that cannot go into this data directory still previews, with the reason.
  const calls = code === 'conflict' ? (['snapshots.import'] as const) : (['snapshots.preview', 'snapshots.import'] as const);
  if (code === 'conflict') {
    const preview = await backend.call('snapshots.preview', { path: file, ...input });
    expect(preview.plan.problem).toMatch(message);
  }
  for (const call of calls) {
    const r = await backend.dispatch(call, { path: file, ...input });
    expect(r.ok, `${call} should refuse`).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
  }
  expect(await fingerprint(backend, dataDir)).toBe(before);
  expect(dirHash(dataDir)).toBe(bytesBefore);
}

describe('a valid file (control)', () => {
  it('crafted files with a matching hash import, so each refusal below is about its one problem', async () => {
    const file = await crafted('control.iuasnap', () => undefined);
    const d = scratchDir();
    const b = backendFor(d);
    try {
      expect((await b.call('snapshots.preview', { path: file })).snapshot.id).toBe(SOURCE_ID);
      expect((await b.call('snapshots.preview', { path: good })).plan.problem).toBeNull();
    } finally {
      await b.close();
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('refused snapshot files', () => {
  it('a file that is not a snapshot file', async () => {
    await refused(
      variant('not-a-snapshot.iuasnap', () => Buffer.from('PK\x03\x04 this is a zip, not a snapshot')),
      'bad_file',
      /not an Integration User Auditor snapshot file/,
    );
    await refused(
      variant('empty.iuasnap', () => Buffer.alloc(0)),
      'bad_file',
      /unknown magic/,
    );
  });

  it('a newer or unknown format version', async () => {
    await refused(
      variant('v2.iuasnap', (b) => (b.writeUInt16BE(2, 8), b)),
      'bad_file',
      /format version 2 is newer than this app supports \(1\)/,
    );
    await refused(
      variant('v0.iuasnap', (b) => (b.writeUInt16BE(0, 8), b)),
      'bad_file',
      /unknown format version 0/,
    );
    await refused(
      variant('compression.iuasnap', (b) => (b.writeUInt8(9, 10), b)),
      'bad_file',
      /unknown compression method 9/,
    );
    await refused(
      variant('encryption.iuasnap', (b) => (b.writeUInt8(7, 11), b)),
      'bad_file',
      /unknown encryption method 7/,
    );
  });

  it('a wrong payload hash', async () => {
    await refused(
      variant('payload-hash.iuasnap', (b) => ((b[PAYLOAD_HASH_OFFSET] ^= 0xff), b)),
      'bad_file',
      /payload hash does not match/,
    );
  });

  it('a wrong content hash: a record altered after export', async () => {
    const file = await crafted('content-hash.iuasnap', (p) => {
      const i = p.lines.findIndex((l) => l.includes('user2@acme.example'));
      p.lines[i] = p.lines[i].replace('user2@acme.example', 'someone-else@acme.example');
    });
    await refused(file, 'bad_file', /content hash does not match its records/);
    await refused(
      variant('header-content-hash.iuasnap', (b) => ((b[12] ^= 0x01), b)),
      'bad_file',
      /content hash in the header differs/,
    );
  });

  it('truncated files', async () => {
    const size = fs.statSync(good).size;
    await refused(
      variant('half.iuasnap', (b) => b.subarray(0, Math.floor(size / 2))),
      'bad_file',
      /corrupted or truncated|truncated/,
    );
    await refused(
      variant('short.iuasnap', (b) => b.subarray(0, size - 9)),
      'bad_file',
      /truncated|payload hash/,
    );
    await refused(
      variant('header-only.iuasnap', (b) => b.subarray(0, 40)),
      'bad_file',
      /header incomplete/,
    );
  });

  it('corrupted bytes', async () => {
    const size = fs.statSync(good).size;
    await refused(
      variant('flipped.iuasnap', (b) => ((b[Math.floor(size * 0.6)] ^= 0x55), b)),
      'bad_file',
      /cannot be imported/,
    );
    await refused(
      variant('garbage-after.iuasnap', (b) => Buffer.concat([b, Buffer.from('trailing')])),
      'bad_file',
      /cannot be imported/,
    );
  });

  it('records that fail schema validation', async () => {
    const userLine = (p: Parts) => p.lines.findIndex((l) => l.includes('user1@acme.example'));
    const cases: [string, (p: Parts) => void, RegExp][] = [
      ['no-id', (p) => (p.lines[userLine(p)] = `${canonicalRecordJson({ Username: 'x@y' } as never)}\n`), /User record on line \d+ has no valid Id/],
      ['nested', (p) => (p.lines[userLine(p)] = `{"Id":"005SYN000000001AAA","Profile":{"Name":"Admin"}}\n`), /field Profile of the User record .* is not a scalar value/],
      ['array', (p) => (p.lines[userLine(p)] = '["005SYN000000001AAA"]\n'), /is not a JSON object/],
      ['not-json', (p) => (p.lines[userLine(p)] = '{"Id":\n'), /is not JSON/],
      ['spaces', (p) => (p.lines[userLine(p)] = p.lines[userLine(p)].replace(',', ', ')), /not in canonical form/],
      ['bad-field', (p) => (p.lines[userLine(p)] = '{"Id":"005SYN000000001AAA","__proto__":1}\n'), /invalid field name/],
      ['duplicate-id', (p) => (p.lines[userLine(p) + 1] = p.lines[userLine(p)]), /record 005SYN000000001AAA appears twice/],
      [
        'unknown-object',
        (p) => {
          p.metadata.snapshot.objects.push({ object: 'Account', count: 0, totalSize: 0, soql: 'SELECT Id FROM Account', api: 'rest', apiCalls: 1 });
        },
        /objects\.\d+\.object: not an object this app collects/,
      ],
      [
        'count-mismatch',
        (p) => {
          const u = p.metadata.snapshot.objects.find((o) => o.object === 'User')!;
          u.count = u.totalSize = 4;
          p.metadata.snapshot.recordCount += 1;
        },
        /should be \["object","User",4\]/,
      ],
      ['missing-records', (p) => p.lines.splice(p.lines.length - 1, 1), /ends early|more .* record/],
      ['extra-line', (p) => p.lines.push('{"Id":"zzz"}\n'), /unexpected data after the last object/],
      ['metadata', (p) => ((p.metadata.snapshot as { orgId?: string }).orgId = undefined), /metadata is invalid \(snapshot\.orgId/],
      ['canonical-version', (p) => (p.lines[0] = '["iua-snapshot",2]\n'), /canonical form version 2/],
    ];
    for (const [name, edit, message] of cases) {
      const file = await crafted(`${name}.iuasnap`, edit, { rehash: true });
      await refused(file, 'bad_file', message);
    }
    const notUtf8 = await crafted('not-utf8.iuasnap', () => undefined, { rawMetadataLine: Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]) });
    await refused(notUtf8, 'bad_file', /line 1 is not valid UTF-8/);
  });

  it('a snapshot id that is already in the data directory', async () => {
    const dup = await crafted('duplicate.iuasnap', (p) => (p.metadata.snapshot.id = OTHER_ID));
    await refused(dup, 'conflict', new RegExp(`Snapshot ${OTHER_ID} is already in this data directory`));
  });

  it('an alias that belongs to another org', async () => {
    const other = await crafted('other-org.iuasnap', (p) => (p.metadata.snapshot.orgId = '00DOTHERORG000001A'));
    await refused(other, 'conflict', /The alias "acme" is org Acme Health \(00DSYNTHETIC00001A\), with \d+ snapshots?, but this file is Acme Health \(00DOTHERORG000001A\)/);
  });

  it('a wrong passphrase, a missing one, and tampered or truncated encrypted data', async () => {
    await refused(encrypted, 'validation', /Wrong passphrase/, { passphrase: 'not the passphrase' });
    await refused(encrypted, 'validation', /encrypted: enter its passphrase/);
    const size = fs.statSync(encrypted).size;
    await refused(
      variant('enc-flip.iuasnap', (b) => ((b[size - 40] ^= 0x01), b), encrypted),
      'bad_file',
      /failed authentication/,
      { passphrase: PASSPHRASE },
    );
    await refused(
      variant('enc-cut.iuasnap', (b) => b.subarray(0, size - 20), encrypted),
      'bad_file',
      /failed authentication/,
      { passphrase: PASSPHRASE },
    );
    // The header is authenticated with every chunk: downgrading a parameter is caught too.
    await refused(
      variant('enc-header.iuasnap', (b) => ((b[12] ^= 0x01), b), encrypted),
      'bad_file',
      /failed authentication/,
      { passphrase: PASSPHRASE },
    );
  });
});

describe('decompression bombs', () => {
  /** A header and gzip members of zeros (members concatenate): a few hundred KB that inflate to `bytes`. */
  function bomb(file: string, bytes: number): void {
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const header = encodeHeader({ encryption: ENCRYPTION_NONE, contentHash: '0'.repeat(64), params: null });
    fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: bytes / (64 * 1024 * 1024) }, () => member)]));
  }

  it('aborts at the ratio bound after a few megabytes, with little memory', async () => {
    const file = path.join(files, 'bomb.iuasnap');
    bomb(file, 512 * 1024 * 1024);
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    await refused(file, 'bad_file', /decompresses more than 200:1 \(a decompression bomb\)/);
    // 512 MiB of output was never materialised: the inflater stopped at its first oversized step.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * 1024 * 1024);
  });

  it('aborts at the total size bound even at an ordinary ratio', async () => {
    await expect(importSnapshotFile(requireDb(backend.ctx), { path: good, limits: { maxPayloadBytes: 1024 } })).rejects.toThrow(/decompresses to more than 1024 bytes/);
    await expect(importSnapshotFile(requireDb(backend.ctx), { path: good, limits: { maxRecordLineBytes: 16 } })).rejects.toThrow(/longer than 16 bytes/);
  });
});
