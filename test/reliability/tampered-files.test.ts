/**
 * #11 a tampered evidence pack or snapshot file (one byte or one cell changed): the verifier
 * reports a mismatch and names what differs. #12 hostile import files (decompression bomb,
 * path traversal entries, wrong schema, wrong hash, truncated): rejected with a clear error,
 * within bounded memory, with the data directory unchanged.
 * Fuller per-format suites: test/integration/evidence/verify.test.ts and
 * test/integration/snapshot-files/hostile.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import type { Backend } from '../../electron/services/backend';
import { requireDb } from '../../electron/services/context';
import { verifyPack } from '../../electron/services/evidence/verify';
import { encodeHeader, ENCRYPTION_NONE, FIXED_HEADER_BYTES } from '../../electron/services/snapshot-files/format';
import { healthyOrg, muleSystem, scopeOf } from '../unit/audit/fixtures';
import { call, setup, type Env } from '../integration/evidence/helpers';
import { backendFor, dirHash, fingerprint, scratchDir } from '../integration/snapshot-files/helpers';
import { craft, partsOf, storeSynthetic, syntheticSnapshot } from '../integration/snapshot-files/craft';
import { reportAs, tally } from './support/report';
import { seeded } from './support/rig';

reportAs('tampered-files.test.ts');

let env: Env;
let pack: { path: string; digest: string };
let files: string;
let snap: string;
let target: { dir: string; backend: Backend };
const SOURCE_ID = '20250301T100005Z-0c0c0c0c';

beforeAll(async () => {
  env = await setup('acme', [['snap-1', healthyOrg().o.snapshot()]], scopeOf(muleSystem()));
  pack = await call(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'pack.xlsx') });
  files = scratchDir();
  const sourceDir = scratchDir();
  const source = backendFor(sourceDir);
  storeSynthetic(requireDb(source.ctx), SOURCE_ID);
  snap = path.join(files, 'good.iuasnap');
  await source.call('snapshots.export', { orgAlias: 'acme', outPath: snap });
  await source.close();
  fs.rmSync(sourceDir, { recursive: true, force: true });
  // The importing side already holds data, so "unchanged" means something.
  const dir = scratchDir();
  target = { dir, backend: backendFor(dir) };
  storeSynthetic(requireDb(target.backend.ctx), '20250101T000000Z-0d0d0d0d', 'acme', syntheticSnapshot(undefined, '2025-01-01T00:00:00.000Z'));
}, 120_000);

afterAll(async () => {
  await env.backend.close();
  await target.backend.close();
  for (const d of [env.dataDir, files, target.dir]) fs.rmSync(d, { recursive: true, force: true });
});

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Preview and import must both refuse, leaving the importing data directory as it was. */
async function refusedImport(file: string, message: RegExp): Promise<void> {
  const before = await fingerprint(target.backend, target.dir);
  const bytes = dirHash(target.dir);
  for (const name of ['snapshots.preview', 'snapshots.import'] as const) {
    const r = await target.backend.dispatch(name, { path: file });
    expect(r.ok, `${name} accepted ${path.basename(file)}`).toBe(false);
    if (!r.ok) {
      expect(['bad_file', 'validation']).toContain(r.error.code);
      expect(r.error.message).toMatch(message);
    }
  }
  expect(await fingerprint(target.backend, target.dir)).toBe(before);
  expect(dirHash(target.dir)).toBe(bytes);
}

describe('#11 tampered evidence packs and snapshot files', () => {
  it('a pack with one cell changed in its XML (one byte) is a mismatch naming the sheet and cell', async () => {
    const entries = unzipSync(fs.readFileSync(pack.path));
    const sheetName = Object.keys(entries).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) && /<v>\d+<\/v>/.test(Buffer.from(entries[n]).toString('utf8')))!;
    const xml = Buffer.from(entries[sheetName]).toString('utf8');
    const m = /<c r="([A-Z]+\d+)"[^>]*><v>(\d+)<\/v>/.exec(xml)!;
    const at = xml.indexOf(`<v>${m[2]}</v>`, m.index) + 3;
    const edited = Buffer.from(xml);
    edited[at] = edited[at] === 0x39 ? 0x38 : edited[at] + 1; // one digit, one byte
    entries[sheetName] = new Uint8Array(edited);
    const file = write('one-byte.xlsx', zipSync(entries));
    const r = await verifyPack(file, pack.digest);
    expect(r.intact).toBe(false);
    expect(r.problems.some((p) => p.cell === m[1] && p.sheet !== null)).toBe(true);
    tally('#11', { tests: 1, faults: 1, nothingLost: 1 });
  });

  it('a pack with one raw byte flipped never verifies as intact if any value changed', async () => {
    const bytes = fs.readFileSync(pack.path);
    const rnd = seeded(11);
    let n = 0;
    for (let i = 0; i < 20; i++) {
      const b = Buffer.from(bytes);
      const at = Math.floor(rnd() * b.length);
      b[at] ^= 1 << Math.floor(rnd() * 8);
      const file = write(`flip-${i}.xlsx`, b);
      let result: Awaited<ReturnType<typeof verifyPack>> | AppError;
      try {
        result = await verifyPack(file, pack.digest);
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        result = err as AppError;
      }
      // A flip outside the values (zip timestamps, page setup, styles, link targets) leaves every
      // value as it was; then it may verify. A flip that changes any value must not.
      if (!(result instanceof AppError) && result.intact) {
        const same = await sameValues(file);
        expect(same, `flip at ${at} changed values yet verified`).toBe(true);
      } else n++;
    }
    expect(n).toBeGreaterThan(10);
    tally('#11', { tests: 1, faults: 20, nothingLost: 20 });
  });

  it('a snapshot file with one byte flipped is refused, naming what is wrong, and nothing is imported', async () => {
    const bytes = fs.readFileSync(snap);
    const rnd = seeded(12);
    const positions = [0, 8, 12, 44, FIXED_HEADER_BYTES - 1, ...Array.from({ length: 15 }, () => Math.floor(rnd() * bytes.length))];
    for (const [i, at] of positions.entries()) {
      const b = Buffer.from(bytes);
      b[at] ^= 0x20;
      await refusedImport(write(`flip-${i}.iuasnap`, b), /magic|format version|hash|truncated|corrupt|cannot be imported|compression|encryption|header/i);
    }
    // One record changed (re-compressed with a correct payload hash): the content hash names it.
    const parts = partsOf(requireDb(target.backend.ctx), '20250101T000000Z-0d0d0d0d');
    const i = parts.lines.findIndex((l) => l.includes('user2@acme.example'));
    parts.lines[i] = parts.lines[i].replace('user2@acme.example', 'user9@acme.example');
    parts.metadata.snapshot.id = SOURCE_ID.replace('0c0c0c0c', '0e0e0e0e');
    const file = path.join(files, 'record-changed.iuasnap');
    await craft(file, parts);
    await refusedImport(file, /content hash does not match its records/);
    tally('#11', { tests: 1, faults: positions.length + 1, nothingLost: (positions.length + 1) * 2 });
  });
});

/**
 * The values the verifier protects: every sheet's cell data, the shared strings and the list of
 * sheets. Page setup, styles, link targets and document properties are not evidence values by
 * design (electron/services/evidence/canonical.ts: "hyperlink cells count by their text").
 */
function valuesOf(bytes: Uint8Array): Map<string, string> | null {
  const part = (n: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) || n === 'xl/sharedStrings.xml' || n === 'xl/workbook.xml';
  let entries: ReturnType<typeof unzipSync>;
  try {
    entries = unzipSync(bytes, { filter: (f) => part(f.name) });
  } catch {
    return null;
  }
  const out = new Map<string, string>();
  for (const [name, data] of Object.entries(entries)) {
    const xml = Buffer.from(data).toString('utf8');
    const values = name === 'xl/workbook.xml' ? /<sheets>[\s\S]*<\/sheets>/.exec(xml) : name.startsWith('xl/worksheets/') ? /<sheetData[\s\S]*<\/sheetData>/.exec(xml) : [xml];
    out.set(name, values?.[0] ?? '');
  }
  return out;
}

async function sameValues(file: string): Promise<boolean> {
  const a = valuesOf(fs.readFileSync(pack.path))!;
  const b = valuesOf(fs.readFileSync(file));
  return b !== null && [...a].every(([k, v]) => b.get(k) === v);
}

describe('#12 hostile import files', () => {
  it('evidence verify refuses a bomb, traversal entries, an entry flood, a truncated file and a non-pack, in bounded memory', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['bomb.xlsx', zipSync({ 'xl/workbook.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }), /zip bomb/],
      ['traversal.xlsx', zipSync({ '../../../etc/cron.d/evil': new Uint8Array(4), 'xl/workbook.xml': new Uint8Array(4) }), /not a readable evidence pack/],
      ['absolute.xlsx', zipSync({ '/etc/passwd': new Uint8Array(4) }), /not a readable evidence pack/],
      ['flood.xlsx', zipSync(Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`f${i}.xml`, new Uint8Array(1)]))), /zip entries/],
      ['truncated.xlsx', fs.readFileSync(pack.path).subarray(0, 5_000), /not a readable evidence pack/],
      ['wrong-schema.xlsx', zipSync({ 'hello.txt': new TextEncoder().encode('hi') }), /no workbook inside/],
    ];
    global.gc?.();
    const rss = process.memoryUsage().rss;
    for (const [name, bytes, message] of cases) {
      const file = write(name, bytes);
      await expect(verifyPack(file), name).rejects.toThrow(message);
      // Nothing was extracted beside the file.
      expect(fs.readdirSync(files).filter((f) => !f.endsWith('.xlsx') && !f.endsWith('.iuasnap'))).toEqual([]);
    }
    // A digest that is not the recorded one (wrong hash) is a mismatch that says which.
    const wrongHash = await verifyPack(pack.path, 'e'.repeat(64));
    expect(wrongHash.intact).toBe(false);
    expect(wrongHash.problems[0].message).toMatch(/the pack digest is [0-9a-f]{64}, not the recorded e{64}/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
    tally('#12', { tests: 1, hostile: cases.length + 1, nothingLost: cases.length });
  });

  it('snapshot import refuses a bomb, a zip with traversal entries, a wrong schema, a wrong hash and a truncated file, in bounded memory, changing nothing', async () => {
    const good = fs.readFileSync(snap);
    // Gzip members of zeros concatenate: a few hundred KB that would inflate to 512 MiB.
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat([encodeHeader({ encryption: ENCRYPTION_NONE, contentHash: '0'.repeat(64), params: null }), ...Array(8).fill(member)]);
    const wrongHash = Buffer.from(good);
    wrongHash[44] ^= 0xff;
    const parts = partsOf(requireDb(target.backend.ctx), '20250101T000000Z-0d0d0d0d');
    parts.metadata.snapshot.id = SOURCE_ID.replace('0c0c0c0c', '0f0f0f0f');
    const ui = parts.lines.findIndex((l) => l.includes('user1@acme.example'));
    parts.lines[ui] = '{"Id":"005SYN000000001AAA","Profile":{"Name":"Admin"}}\n';
    const schema = path.join(files, 'wrong-schema.iuasnap');
    await craft(schema, parts, { rehash: true });
    const cases: [string, string, RegExp][] = [
      ['bomb', write('bomb.iuasnap', bomb), /decompression bomb/],
      [
        'zip with traversal entries',
        write('traversal.iuasnap', zipSync({ '../../evil.sh': new TextEncoder().encode('rm -rf /') })),
        /not an Integration User Auditor snapshot file/,
      ],
      ['wrong schema', schema, /not a scalar value/],
      ['wrong hash', write('wrong-hash.iuasnap', wrongHash), /payload hash does not match/],
      ['truncated', write('truncated.iuasnap', good.subarray(0, Math.floor(good.length / 2))), /truncated/],
      ['empty', write('empty.iuasnap', new Uint8Array(0)), /unknown magic|not an Integration User Auditor snapshot file/],
    ];
    global.gc?.();
    const rss = process.memoryUsage().rss;
    for (const [, file, message] of cases) await refusedImport(file, message);
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
    expect(fs.existsSync(path.join(files, '..', 'evil.sh'))).toBe(false);
    tally('#12', { tests: 1, hostile: cases.length, nothingLost: cases.length * 2 });
  }, 300_000);
});
