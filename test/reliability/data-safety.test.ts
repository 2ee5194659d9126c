/**
 * Data safety and hostile input (issue #20): what an export may touch, what a spreadsheet
 * program does with org text, and which files the app leaves readable by others. Each test
 * failed before its fix. Scenario ids s1…s14 are the issue's items (docs/security.md).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from '../unit/audit/fixtures';
import { buildGreenPath, startDemoOrg, type DemoOrg } from '../../electron/demo-org/index';
import { createBackend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/secrets/memory-store';
import { PassphraseFileSecretStore } from '../../electron/services/secrets/passphrase-file-store';
import { AppError, HTTP_MAX_BODY_BYTES, STAGE_MAX_BYTES } from '../../shared/contract';
import { MAX_EVENT_STREAMS, startWebServer, type WebServer } from '../../electron/web/server';
import { requireDb } from '../../electron/services/context';
import { verifyPack } from '../../electron/services/evidence/verify';
import { runCli } from '../support/cli';
import { backendFor } from '../integration/snapshot-files/helpers';
import { storeSynthetic, syntheticSnapshot } from '../integration/snapshot-files/craft';
import { storeSnapshot } from '../support/store-snapshot';
import { tempDir } from '../support/tmp';
import { call, setup, type Env } from '../integration/evidence/helpers';
import { reportAs, tally, watchOrg } from './support/report';

reportAs('data-safety.test.ts');

const FORMULAS = ['=HYPERLINK("http://evil.example","click")', '@SUM(A1)', '+1+cmd|/C calc!A0', '-2+3', '\tTAB=1', '\rCR=1', "'=already quoted"];

let env: Env;
beforeAll(async () => {
  const { o, mule } = healthyOrg();
  FORMULAS.forEach((app, i) => o.login(mule, 'Remote Access 2.0', 3 + i, { app }));
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem({ name: FORMULAS[0], owner: FORMULAS[1], purpose: FORMULAS[2] })));
}, 60_000);
afterAll(async () => {
  await env.backend.close();
  fs.rmSync(env.dataDir, { recursive: true, force: true });
});

/** Every file under a directory with its bytes, so "unchanged" can be checked exactly. */
function snapshotOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, file), e.isFile() ? fs.readFileSync(file).toString('base64') : 'dir');
  }
  return out;
}

/** RFC 4180 fields of a CSV text. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (text[q + 1] === '"') {
          field += text.slice(i, q + 1);
          i = q + 2;
        } else {
          field += text.slice(i, q);
          i = q + 1;
          break;
        }
      }
    } else {
      const m = /[,\r]/.exec(text.slice(i));
      const end = m ? i + m.index : text.length;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

describe('s1 CSV export never deletes or replaces what exists', () => {
  it('refuses an existing folder or file as the target, touching nothing, and writes a real .zip', async () => {
    // The data directory itself, with the database in it, was once removed by `--format csv --out <data dir>`.
    const before = snapshotOf(env.dataDir);
    const folder = path.join(env.out, 'keep');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'precious.txt'), 'mine');
    const file = path.join(env.out, 'existing.zip');
    fs.writeFileSync(file, 'not ours');
    let tried = 0;
    for (const target of [env.dataDir, folder, file]) {
      for (const format of ['csv', 'xlsx', 'json'] as const) {
        tried++;
        const r = await env.backend.dispatch('evidence.export', { orgAlias: 'acme', format, outPath: target });
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('validation');
          expect(r.error.message).toMatch(/is a folder|already exists/);
        }
      }
    }
    expect(fs.readFileSync(path.join(folder, 'precious.txt'), 'utf8')).toBe('mine');
    expect(fs.readFileSync(file, 'utf8')).toBe('not ours');
    const after = snapshotOf(env.dataDir);
    for (const [name, bytes] of before) if (!name.startsWith('out') && !name.includes('iua.sqlite')) expect(after.get(name), name).toBe(bytes);
    expect(fs.existsSync(path.join(env.dataDir, 'iua.sqlite'))).toBe(true);
    expect(fs.readdirSync(env.out).filter((n) => n.endsWith('.partial'))).toEqual([]);

    // "CSV (zip)" is a zip of one CSV per sheet; the default name never replaces an earlier export.
    const a = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'csv' });
    const b = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'csv' });
    expect(a.path).toMatch(/\.zip$/);
    expect(b.path).not.toBe(a.path);
    expect(fs.readFileSync(a.path).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(Object.keys(unzipSync(fs.readFileSync(b.path)))).toContain('Manifest.csv');
    tally('s1', { tests: 1, hostile: tried, nothingLost: tried + 2 });
  });
});

describe('s2 CSV formula injection', () => {
  it('neutralises text a spreadsheet would run, and keeps the exact text recoverable', async () => {
    const out = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'csv', outPath: path.join(env.out, 'formulas.zip') });
    const json = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'json', outPath: path.join(env.out, 'formulas.json') });
    const entries = unzipSync(fs.readFileSync(out.path));
    const tables = JSON.parse(fs.readFileSync(json.path, 'utf8')) as { sheets: { name: string; rows: (string | number | null)[][] }[] };
    const recovered = new Set<string>();
    let cells = 0;
    for (const sheet of tables.sheets) {
      const text = new TextDecoder().decode(entries[`${sheet.name}.csv`]);
      const rows = parseCsv(text);
      // The Review Log is the activity log up to each export: the JSON pack, written second,
      // also lists the CSV export (its last row).
      if (sheet.name === 'Review Log') {
        expect(String(sheet.rows.at(-1)?.[2]), sheet.name).toBe('export');
        sheet.rows = sheet.rows.slice(0, -1);
      }
      expect(rows.length, sheet.name).toBe(sheet.rows.length);
      rows.forEach((r, i) =>
        r.forEach((field, j) => {
          const exact = sheet.rows[i][j];
          if (typeof exact !== 'string') return;
          cells++;
          // What a spreadsheet would see never starts a formula…
          expect(field, `${sheet.name} row ${i + 1}`).not.toMatch(/^[=+\-@\t\r]/);
          // …and removing one leading ' gives back the exact value (the export time, and with it
          // the digest and the hashes of Cover, Manifest and Checkpoints, differ per export).
          const back = field.startsWith("'") ? field.slice(1) : field;
          if (!['Cover', 'Manifest', 'Checkpoints'].includes(sheet.name)) expect(back).toBe(exact);
          recovered.add(back);
        }),
      );
    }
    for (const f of FORMULAS) expect(recovered, f).toContain(f);
    expect(cells).toBeGreaterThan(100);
    tally('s2', { tests: 1, hostile: FORMULAS.length });
  });
});

describe('s3 s4 s5 verify cannot be crashed, slowed or fooled by a crafted pack', () => {
  let pack: { path: string; digest: string };
  let parts: Record<string, Uint8Array>;
  const text = (name: string) => new TextDecoder().decode(parts[name]);
  const bytes = (s: string) => new TextEncoder().encode(s);
  /** The pack with some parts replaced, zipped like a spreadsheet program would (deflate). */
  const craft = (name: string, changes: Record<string, string | Uint8Array>): string => {
    const next = { ...parts };
    for (const [k, v] of Object.entries(changes)) next[k] = typeof v === 'string' ? bytes(v) : v;
    const file = path.join(env.out, name);
    fs.writeFileSync(file, zipSync(next, { level: 1 }));
    return file;
  };
  const partOf = (sheet: string): string => {
    const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="(rId\\d+)"`).exec(text('xl/workbook.xml'))![1];
    return `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(text('xl/_rels/workbook.xml.rels'))![1]}`;
  };
  /** Numbers no deflate can squeeze past the zip-bomb ratio: the part stays "inside every zip-guard limit". */
  const noise = (n: number) => Array.from({ length: n }, (_, i) => (i * 2654435761) % 1000003).join(' ');
  async function refused(file: string, why: RegExp): Promise<void> {
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const r = await env.backend.dispatch('evidence.verify', { path: file });
    expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_file'); // `iua verify` exits 2 for bad_file
      expect(r.error.message).toMatch(why);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
  }

  beforeAll(async () => {
    pack = await call(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'pack.xlsx') });
    parts = unzipSync(fs.readFileSync(pack.path));
  });

  it('s5 a second sheet with a name Excel treats as the same (or the same part) makes it not a pack', async () => {
    const logins = partOf('Logins');
    const original = text(logins);
    const tampered = original.replace(/<v>\d+<\/v>/, '<v>0</v>');
    expect(tampered).not.toBe(original);
    const wb = text('xl/workbook.xml');
    const rels = text('xl/_rels/workbook.xml.rels');
    const addRel = rels.replace(
      '</Relationships>',
      '<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet999.xml"/></Relationships>',
    );
    const cases: [string, string, Record<string, string>][] = [];
    for (const name of ['Logins', 'LOGINS', 'logins']) {
      cases.push([
        `dup-${name}.xlsx`,
        name,
        {
          [logins]: tampered,
          'xl/worksheets/sheet999.xml': original,
          'xl/_rels/workbook.xml.rels': addRel,
          'xl/workbook.xml': wb.replace('</sheets>', `<sheet name="${name}" sheetId="999" state="veryHidden" r:id="rId999"/></sheets>`),
        },
      ]);
    }
    // The same part under a second name.
    const rid = new RegExp('<sheet [^>]*name="Logins"[^>]*r:id="(rId\\d+)"').exec(wb)![1];
    cases.push(['same-part.xlsx', 'Logins 2', { 'xl/workbook.xml': wb.replace('</sheets>', `<sheet name="Logins 2" sheetId="998" state="veryHidden" r:id="${rid}"/></sheets>`) }]);
    for (const [file, , changes] of cases) await refused(craft(file, changes), /two sheets/);
    const direct = await verifyPack(pack.path, pack.digest);
    expect(direct.intact).toBe(true);
    tally('s5', { tests: 1, hostile: cases.length });
  });

  it('s4 hundreds of sheet entries are refused at once, not read one by one', async () => {
    const wb = text('xl/workbook.xml');
    const rid = new RegExp('<sheet [^>]*name="Logins"[^>]*r:id="(rId\\d+)"').exec(wb)![1];
    const many = Array.from({ length: 300 }, (_, i) => `<sheet name="S${i}" sheetId="${1000 + i}" state="veryHidden" r:id="${rid}"/>`).join('');
    await refused(craft('many.xlsx', { 'xl/workbook.xml': wb.replace('</sheets>', `${many}</sheets>`) }), /more than 64 sheets|same part/);
    tally('s4', { tests: 1, hostile: 1 });
  });

  it('s3 a huge Manifest, a huge text node and shared-string expansion fail in seconds in bounded memory', async () => {
    const manifest = partOf('Manifest');
    const head = text(manifest).split('<sheetData>')[0];
    const rows = Array.from(
      { length: 400_000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 2654435761) % 1000003}</v></c><c r="B${i + 1}"><v>${(i * 40503) % 999983}</v></c></row>`,
    ).join('');
    const bigManifest = `${head}<sheetData>${rows}</sheetData></worksheet>`;
    expect(bigManifest.length).toBeGreaterThan(32 * 1024 * 1024);
    await refused(craft('big-manifest.xlsx', { [manifest]: bigManifest }), /Manifest sheet is \d+ bytes/);

    // A data sheet whose one text node is 40 MB: the parser would hold all of it.
    const logins = partOf('Logins');
    await refused(
      craft('long-text.xlsx', { [logins]: `${head}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${noise(5_000_000)}</t></is></c></row></sheetData></worksheet>` }),
      /without markup/,
    );

    // One 32,767-character shared string referenced 60 times a row: tiny XML, gigabytes of text.
    const shared = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${noise(6000).slice(0, 32_767)}</t></si></sst>`;
    const ref = (r: number, c: number) => `<c r="${String.fromCharCode(65 + (c % 26))}${c >= 26 ? '' : ''}${r}" t="s" s="${(r * 31 + c) % 997}"><v>0</v></c>`;
    const wide = Array.from({ length: 8_000 }, (_, r) => `<row r="${r + 1}">${Array.from({ length: 26 }, (_, c) => ref(r + 1, c)).join('')}</row>`).join('');
    await refused(craft('expansion.xlsx', { 'xl/sharedStrings.xml': shared, [logins]: `${head}<sheetData>${wide}</sheetData></worksheet>` }), /expand/);
    tally('s3', { tests: 1, hostile: 3 });
  }, 60_000);
});

describe('s7 audit data is readable by the user only', () => {
  it.skipIf(process.platform === 'win32')('creates the data directory 0700 and the database, exports and snapshot files 0600', async () => {
    const root = tempDir('iua-modes-');
    const dataDir = path.join(root, 'nested', 'data');
    const backend = createBackend({ dataDir, door: 'cli' });
    try {
      storeSnapshot(requireDb(backend.ctx), 'acme', healthyOrg().o.snapshot(), 'snap-1');
      await call(backend, 'scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()) });
      const made: string[] = [];
      for (const format of ['xlsx', 'json', 'csv'] as const) made.push((await call<{ path: string }>(backend, 'evidence.export', { orgAlias: 'acme', format })).path);
      made.push((await call<{ path: string }>(backend, 'snapshots.export', { orgAlias: 'acme', outPath: path.join(dataDir, 'exports', 'acme.iuasnap') })).path);
      const mode = (f: string) => fs.statSync(f).mode & 0o777;
      expect(mode(dataDir).toString(8)).toBe('700');
      expect(mode(path.join(dataDir, 'exports')).toString(8)).toBe('700');
      const files = ['iua.sqlite', 'iua.sqlite-wal', 'iua.sqlite-shm'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));
      expect(files.length).toBeGreaterThan(1);
      for (const f of [...files, ...made]) expect(`${path.basename(f)} ${mode(f).toString(8)}`).toBe(`${path.basename(f)} 600`);
      tally('s7', { tests: 1, nothingLost: files.length + made.length + 2 });
    } finally {
      await backend.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('s14 a mistyped --data-dir', () => {
  it('is refused by read-only commands and announced by the others', () => {
    const root = tempDir('iua-datadir-');
    try {
      const typo = path.join(root, 'dta');
      for (const args of [
        ['report', 'acme'],
        ['export', 'acme'],
      ]) {
        const r = runCli(['--data-dir', typo, ...args]);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toContain(`There is no data directory at ${typo}`);
        expect(fs.existsSync(typo)).toBe(false);
      }
      const list = runCli(['--data-dir', typo, 'orgs', 'list']);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stderr).toContain(`created a new, empty data directory at ${typo}`);
      tally('s14', { tests: 1, hostile: 2, nothingLost: 2 });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('s6 an alias names one org: orgs add --replace keeps the earlier org apart', () => {
  /** Every row of every table, so "nothing changed" and "moved, not altered" can be checked exactly. */
  const dump = (db: ReturnType<typeof requireDb>, rename?: [string, string]): Record<string, unknown[]> => {
    const out: Record<string, unknown[]> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]) {
      out[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).map((r) =>
        rename && (r.org_alias === rename[0] || (t === 'org' && r.alias === rename[0])) ? { ...r, ...(t === 'org' ? { alias: rename[1] } : { org_alias: rename[1] }) } : r,
      );
    }
    return out;
  };
  /** A snapshot of the demo org `org` (its org id), stored as a collection would. */
  const snapshotOf = (org: DemoOrg, id: string) => {
    const data = healthyOrg().o.snapshot(id);
    data.meta.orgId = org.orgId;
    data.meta.orgName = String(org.dataset.Organization![0].Name);
    return data;
  };

  it('refuses a different org id without --replace (nothing changes); with it, the earlier org keeps its snapshots, reviews and sign-offs under ALIAS-<org id>', async () => {
    const second = buildGreenPath();
    second.Organization![0].Id = '00DHs0000000002AAA';
    second.Organization![0].Name = 'Second Org';
    const a = watchOrg(await startDemoOrg());
    const b = watchOrg(await startDemoOrg({ data: second }));
    const root = tempDir('iua-alias-');
    const secrets = new MemorySecretStore();
    const backend = createBackend({ dataDir: root, door: 'cli', secretStore: secrets });
    const db = requireDb(backend.ctx);
    const add = (alias: string, org: DemoOrg, replace?: boolean) =>
      backend.dispatch('orgs.add', { alias, method: 'access_token', instanceUrl: org.url, accessToken: org.accessToken, ...(replace ? { replace } : {}) });
    try {
      expect(a.orgId).not.toBe(b.orgId);
      expect((await add('prod', a)).ok).toBe(true);
      storeSnapshot(db, 'prod', snapshotOf(a, 'snap-a1'), 'snap-a1');
      storeSnapshot(db, 'prod', snapshotOf(a, 'snap-a2'), 'snap-a2');
      expect((await add('prod', a)).ok).toBe(true); // its own credentials again: the same org, updated
      await call(backend, 'scope.save', { orgAlias: 'prod', scope: scopeOf(muleSystem()), author: 'Ada Auditor' });
      const v = await call<{ evaluation: { systems: { name: string; checks: { id: string; userId: string | null; status: string }[] }[] } }>(backend, 'audit.evaluate', {
        orgAlias: 'prod',
      });
      const open = v.evaluation.systems[0].checks.filter((c) => ['fail', 'warn', 'manual', 'error'].includes(c.status));
      for (const c of open)
        await call(backend, 'review.attest', {
          orgAlias: 'prod',
          system: 'MuleSoft',
          checkId: c.id,
          userId: c.userId,
          kind: 'exception',
          justification: 'Accepted by the integration owner, ticket INC-1',
          reviewer: 'Ada Auditor',
        });
      await call(backend, 'review.note', { orgAlias: 'prod', system: 'MuleSoft', checkId: 'IU-01', text: 'Checked with the owner', author: 'Ada Auditor' });
      const signed = await call<{ at: string }>(backend, 'review.signoff', {
        orgAlias: 'prod',
        system: 'MuleSoft',
        reviewer: 'Bo Lead',
        role: 'Compliance lead',
        statement: 'Minimum necessary.',
      });
      const before = dump(db);
      const usedSecret = await secrets.get('prod');

      // Without --replace: refused in words, and not one row (nor the stored credentials) changes.
      const refused = await add('prod', b);
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!refused.ok) {
        expect(refused.error.message).toContain(
          `The alias "prod" is org GreenPath Healthcare (${a.orgId}), with 2 snapshots, but these credentials sign in to Second Org (${b.orgId})`,
        );
        expect(refused.error.message).toMatch(/--replace/);
        expect(refused.error.message).toMatch(/Nothing was changed/);
      }
      expect(dump(db)).toEqual(before);
      expect(await secrets.get('prod')).toEqual(usedSecret);

      // With --replace: the alias names the new org; the earlier one keeps everything under prod-<its id>.
      const kept = `prod-${a.orgId}`;
      const replaced = await call<{ org: { orgId: string; currentSnapshotId: string | null }; notice: string }>(backend, 'orgs.add', {
        alias: 'prod',
        method: 'access_token',
        instanceUrl: b.url,
        accessToken: b.accessToken,
        replace: true,
      });
      expect(replaced.org).toMatchObject({ orgId: b.orgId, currentSnapshotId: null });
      expect(replaced.notice).toContain(
        `The earlier org GreenPath Healthcare (${a.orgId}) and its 2 snapshots, with their reviews, sign-offs, decisions, notes and scope, are kept under the alias "${kept}", with its connection.`,
      );
      const after = dump(db, [kept, 'prod']);
      for (const [table, rows] of Object.entries(before)) {
        if (table === 'org') continue;
        // Every earlier row is still there, unchanged but for its alias (new rows: the move's record and two activity entries).
        for (const row of rows) expect(after[table], table).toContainEqual(row);
      }
      expect(after.alias_move).toEqual([expect.objectContaining({ from_alias: 'prod', to_alias: kept, org_id: a.orgId, new_org_id: b.orgId, snapshots: 2, moving: 0 })]);
      const orgs = (await call<{ orgs: { alias: string; orgId: string; status: string; currentSnapshotId: string | null }[] }>(backend, 'orgs.list', {})).orgs;
      expect(orgs.find((o) => o.alias === 'prod')?.orgId).toBe(b.orgId);
      expect(orgs.find((o) => o.alias === kept)).toMatchObject({ orgId: a.orgId, status: 'ok', currentSnapshotId: 'snap-a2' });
      expect(await secrets.get(kept)).toEqual(usedSecret);
      expect(await secrets.get('prod')).not.toEqual(usedSecret);
      const moved = await call<{ snapshots: { id: string; orgId: string }[] }>(backend, 'snapshots.list', { alias: kept });
      expect(moved.snapshots.map((x) => x.id).sort()).toEqual(['snap-a1', 'snap-a2']);
      expect((await call<{ snapshots: unknown[] }>(backend, 'snapshots.list', { alias: 'prod' })).snapshots).toEqual([]);
      const review = await call<{ evaluation: { systems: { name: string }[] }; systems: { name: string; reviewState: string; signOff: { at: string } | null }[] }>(
        backend,
        'audit.evaluate',
        { orgAlias: kept },
      );
      expect(JSON.stringify(review)).toContain('signed off');
      expect(JSON.stringify(review)).toContain(signed.at);
      const log = await call<{ entries: { action: string; detail: string }[] }>(backend, 'review.activity', { orgAlias: 'prod' });
      expect(log.entries).toEqual([expect.objectContaining({ action: 'alias replaced', detail: expect.stringContaining(`kept under the alias "${kept}"`) })]);
      const fresh = await backend.dispatch('audit.evaluate', { orgAlias: 'prod' });
      expect(fresh).toMatchObject({ ok: false, error: { code: 'not_found' } });
      // Outside a move the triggers still refuse every update.
      expect(() => db.prepare('UPDATE snapshot SET org_alias = ? WHERE id = ?').run('prod', 'snap-a1')).toThrow(/immutable/);
      expect(() => db.prepare('UPDATE signoff SET org_alias = ?').run('prod')).toThrow(/immutable/);

      // Snapshot import, the same rule: the earlier org's file never joins "prod" (now the new org).
      const file = path.join(root, 'a3.iuasnap');
      const elsewhere = createBackend({ dataDir: path.join(root, 'elsewhere'), door: 'cli', secretStore: new MemorySecretStore() });
      storeSnapshot(requireDb(elsewhere.ctx), 'prod', snapshotOf(a, 'snap-a3'), 'snap-a3');
      await call(elsewhere, 'snapshots.export', { orgAlias: 'prod', outPath: file });
      await elsewhere.close();
      const imported = await backend.dispatch('snapshots.import', { path: file, alias: 'prod' });
      expect(imported).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!imported.ok)
        expect(imported.error.message).toContain(
          `The alias "prod" is org Second Org (${b.orgId}), with 0 snapshots, but this file is GreenPath Healthcare (${a.orgId}). It is registered here as "${kept}"`,
        );

      // A removed org's snapshots under an alias: the same rule, refused then moved with --replace.
      storeSnapshot(db, 'gone', healthyOrg().o.snapshot('snap-gone'), 'snap-gone');
      await call(backend, 'orgs.remove', { alias: 'gone' });
      const goneRefused = await add('gone', a);
      expect(goneRefused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!goneRefused.ok)
        expect(goneRefused.error.message).toContain('The alias "gone" holds 1 snapshot of org Test Org (00D000000000001AAA), which is no longer registered under it');
      expect((await add('gone', a, true)).ok).toBe(true);
      expect((await call<{ snapshots: { id: string }[] }>(backend, 'snapshots.list', { alias: 'gone-00D000000000001AAA' })).snapshots.map((x) => x.id)).toEqual(['snap-gone']);
      tally('s6', { tests: 1, hostile: 3, nothingLost: 4 });
    } finally {
      await backend.close();
      await a.close();
      await b.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('diff, an evidence pack "since" and carry-forward never compare snapshots of two different orgs, whatever alias holds them', async () => {
    const root = tempDir('iua-two-orgs-');
    const backend = createBackend({ dataDir: root, door: 'cli', secretStore: new MemorySecretStore() });
    try {
      // Data stored before the one-org rule: an alias re-pointed, with snapshots of both orgs under it.
      const first = healthyOrg().o.snapshot('snap-org1');
      const other = healthyOrg().o.snapshot('snap-org2');
      other.meta.orgId = '00D000000000002AAA';
      other.meta.orgName = 'Other Org';
      storeSnapshot(requireDb(backend.ctx), 'mixed', first, 'snap-org1');
      storeSnapshot(requireDb(backend.ctx), 'mixed', other, 'snap-org2');
      await call(backend, 'scope.save', { orgAlias: 'mixed', scope: scopeOf(muleSystem()) });
      const diff = await backend.dispatch('audit.diff', { orgAlias: 'mixed', from: 'snap-org1', to: 'snap-org2' });
      expect(diff).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!diff.ok)
        expect(diff.error.message).toBe(
          'Snapshot snap-org1 is of org Test Org (00D000000000001AAA) and snapshot snap-org2 of org Other Org (00D000000000002AAA): two different orgs are never compared. Choose two snapshots of the same org.',
        );
      const pack = await backend.dispatch('evidence.export', { orgAlias: 'mixed', snapshotId: 'snap-org2', since: 'snap-org1', outPath: path.join(root, 'since.xlsx') });
      expect(pack).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/two different orgs are never compared/) } });
      expect(fs.existsSync(path.join(root, 'since.xlsx'))).toBe(false);
      expect((await backend.dispatch('audit.diff', { orgAlias: 'mixed', from: 'snap-org1', to: 'snap-org1' })).ok).toBe(true);
      // Nor are decisions made on one org's snapshot carried to the other's.
      const db = requireDb(backend.ctx);
      db.prepare(
        "INSERT INTO override (org_alias, snapshot_id, system, check_id, user_id, status, justification, reviewer, at, kind) VALUES ('mixed', 'snap-org1', 'MuleSoft', 'IU-01', '', 'pass', 'Decided on the first org', 'Ada', '2025-01-01T00:00:00Z', 'override')",
      ).run();
      const carried = await backend.dispatch('review.carryForward', { orgAlias: 'mixed' });
      expect(carried).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/No earlier snapshot/) } });
      tally('s6', { tests: 1, hostile: 3, nothingLost: 1 });
    } finally {
      await backend.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('s10 predictable file errors are answered in words, never as internal', () => {
  it('a secrets file without kdf, or with a huge scrypt cost, and an export onto a folder', async () => {
    const root = tempDir('iua-secrets-file-');
    try {
      const store = new PassphraseFileSecretStore(root, 'correct horse battery staple');
      await store.set('acme', { accessToken: 'tok' });
      const good = fs.readFileSync(store.file, 'utf8');
      const envelope = JSON.parse(good) as { kdf: Record<string, unknown> };
      const variants: [string, unknown][] = [
        ['no kdf', { ...envelope, kdf: undefined }],
        ['N = 2^31', { ...envelope, kdf: { ...envelope.kdf, N: 2 ** 31 } }],
        ['r = 1e6', { ...envelope, kdf: { ...envelope.kdf, r: 1_000_000 } }],
        ['not an object', [1, 2, 3]],
      ];
      for (const [what, body] of variants) {
        const text = JSON.stringify(body);
        fs.writeFileSync(store.file, text);
        const fresh = new PassphraseFileSecretStore(root, 'correct horse battery staple');
        const started = Date.now();
        const err = await fresh.get('acme').then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, what).toBeInstanceOf(AppError);
        expect((err as AppError).code, what).toBe('bad_file');
        expect((err as AppError).message).toMatch(/damaged or was altered/);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(fs.readFileSync(store.file, 'utf8'), what).toBe(text);
      }
      const folder = path.join(env.out, 'a-folder');
      fs.mkdirSync(folder, { recursive: true });
      const r = await env.backend.dispatch('evidence.export', { orgAlias: 'acme', outPath: folder });
      expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
      tally('s10', { tests: 1, hostile: variants.length + 1, nothingLost: variants.length + 1 });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('s8 s9 s12 browser mode answers bad requests in words and bounds its event streams', () => {
  let server: WebServer;
  let root: string;
  beforeAll(async () => {
    root = tempDir('iua-web-');
    server = await startWebServer({ dataDir: root, staticDir: root, heartbeatMs: 100, streamLifetimeMs: 1_500 });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const api = (name: string, body: string | Uint8Array) =>
    fetch(`http://127.0.0.1:${server.port}/api/${name}`, { method: 'POST', headers: { 'x-iua-token': server.token, 'content-type': 'application/json' }, body });

  it('s8 a body over the limit gets 413 with the message, and the largest upload the window allows fits', async () => {
    const over = await api('snapshots.stage', new Uint8Array(HTTP_MAX_BODY_BYTES + 1024));
    expect(over.status).toBe(413);
    const answer = (await over.json()) as { ok: boolean; error: { message: string } };
    expect(answer.error.message).toMatch(/iua snapshot import FILE/);
    // A file of exactly the window's limit, as base64 in JSON, reaches the back end (which answers in words).
    const base64 = 'A'.repeat(Math.ceil(STAGE_MAX_BYTES / 3) * 4);
    const body = JSON.stringify({ fileName: 'big.iuasnap', base64 });
    expect(body.length).toBeLessThanOrEqual(HTTP_MAX_BODY_BYTES);
    const fits = await api('snapshots.stage', body);
    expect(fits.status).toBe(200);
    tally('s8', { tests: 1, hostile: 1 });
  }, 60_000);

  it('s9 bad percent-encoding in a call name is a 400, not a 500', async () => {
    const r = await api('%E0%A4%A', '{}');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/percent-encoding/);
    tally('s9', { tests: 1, hostile: 1 });
  });

  it('s12 at most MAX_EVENT_STREAMS streams, with heartbeats, closed after their lifetime', async () => {
    const opened: { closed: boolean; text: string }[] = [];
    const requests: http.ClientRequest[] = [];
    await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<void>((resolve) => {
            const state = { closed: false, text: '' };
            opened.push(state);
            const req = http.get(`http://127.0.0.1:${server.port}/events?token=${server.token}`, (res) => {
              res.setEncoding('utf8');
              res.on('data', (d: string) => (state.text += d));
              res.on('close', () => (state.closed = true));
              resolve();
            });
            requests.push(req);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 400));
    const open = opened.filter((s) => !s.closed);
    expect(open.length).toBeLessThanOrEqual(MAX_EVENT_STREAMS);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((s) => s.text.includes(': heartbeat'))).toBe(true);
    await new Promise((r) => setTimeout(r, 1_800));
    expect(opened.filter((s) => !s.closed)).toEqual([]);
    for (const r of requests) r.destroy();
    tally('s12', { tests: 1, hostile: 40 });
  });
});

describe('s11 a snapshot file dated in the future', () => {
  it('is refused, so it can never pin "current" ahead of later snapshots', async () => {
    const dirs = [tempDir('iua-future-src-'), tempDir('iua-future-dst-')];
    const source = backendFor(dirs[0]);
    const target = backendFor(dirs[1]);
    try {
      storeSynthetic(requireDb(source.ctx), '20250301T100005Z-0a0a0a0a', 'acme');
      storeSynthetic(requireDb(source.ctx), '99991231T235959Z-0f0f0f0f', 'later', { ...syntheticSnapshot('00DSYN000000002AAA', '9999-12-31T23:59:59.000Z') });
      const files = { now: path.join(dirs[0], 'now.iuasnap'), future: path.join(dirs[0], 'future.iuasnap') };
      await source.call('snapshots.export', { orgAlias: 'acme', outPath: files.now });
      await source.call('snapshots.export', { orgAlias: 'later', outPath: files.future });
      const preview = await target.call('snapshots.preview', { path: files.future });
      expect(preview.plan.problem).toMatch(/in the future/);
      const refused = await target.dispatch('snapshots.import', { path: files.future });
      expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect((await target.call('snapshots.list', {})).snapshots).toEqual([]);
      // s6 too: a removed org's snapshots stay under its alias, and another org's file never joins them.
      storeSnapshot(requireDb(target.ctx), 'gone', healthyOrg().o.snapshot(), 'snap-gone');
      await target.call('orgs.remove', { alias: 'gone' });
      const joined = await target.dispatch('snapshots.import', { path: files.now, alias: 'gone' });
      expect(joined).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const ok = await target.dispatch('snapshots.import', { path: files.now });
      expect(ok.ok, JSON.stringify(ok)).toBe(true);
      tally('s11', { tests: 1, hostile: 1, nothingLost: 1 });
      tally('s6', { hostile: 1, nothingLost: 1 });
    } finally {
      await source.close();
      await target.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
