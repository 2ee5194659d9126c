/**
 * Data safety and hostile input (issue #20): what an export may touch, what a spreadsheet
 * program does with org text, and which files the app leaves readable by others. Each test
 * failed before its fix. Scenario ids s1…s14 are the items (docs/security.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from '../unit/audit/fixtures';
import { call, setup, type Env } from '../integration/evidence/helpers';
import { reportAs, tally } from './support/report';

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
