/**
 * #8 hostile values in org data, end to end: a demo org whose login applications, user
 * names and permission set labels hold formula text, tab/CR prefixes, quotes, backslashes,
 * emoji and a 40,000-character string is collected, evaluated and exported. No sheet of the
 * pack holds a formula (`<f>` in the raw XML), every value reads back exactly (stored rows,
 * and the pack's cells with long text joined from its continuation rows), and SOQL built from
 * each value with the collector's builder selects exactly the row holding it in the simulator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGreenPath, type Dataset } from '../../electron/demo-org/index';
import { parseSoql } from '../../electron/demo-org/soql/engine';
import { parseScopeText } from '../../shared/audit/scope';
import { loadSnapshot } from '../../electron/services/snapshots/repository';
import { soqlString } from '../../electron/services/salesforce/soql';
import { openPackZip } from '../../electron/services/evidence/zip-guard';
import { readSheetRows, readWorkbook } from '../../electron/services/evidence/xlsx-reader';
import { unzipAll } from '../integration/evidence/helpers';
import { reportAs, tally } from './support/report';
import { addByToken, integrityOf, rig, withDb, type Rig } from './support/rig';
import { ROOT } from '../support/tmp';

reportAs('hostile-values.test.ts');

const LONG = `${'0123456789'.repeat(3_999)}END🙂${'x'.repeat(5)}`; // 40,000 characters
export const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  '@SUM(A1:A9)',
  '+1',
  '-1',
  '=1+2',
  '\tTAB prefixed',
  '\rCR prefixed',
  "O'Brien\\",
  "quote \" and 'single' and \\' escaped",
  'line1\r\nline2',
  'emoji 🧪 and 漢字 and 👩‍👩‍👧',
  'bell\u0007 and nul\u0000 and del\u007f',
  '_x0041_ looks like an XML escape',
  '<f>1+1</f> & <script>',
  '%_ like wildcards %',
  '  padded  ',
  LONG,
];

let r: Rig;
let dataset: Dataset;
const EHR = 'ehr.integration@greenpath.example';

function sfTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

beforeAll(async () => {
  dataset = buildGreenPath();
  const ehr = dataset.User.find((u) => u.Username === EHR)!;
  const template = dataset.LoginHistory.find((l) => l.UserId === ehr.Id) ?? dataset.LoginHistory[0];
  const now = Date.now();
  HOSTILE.forEach((app, i) => {
    const suffix = String(i).padStart(4, '0');
    dataset.LoginHistory.push({ ...template, Id: `0YaHs00000H${suffix}AAA`, UserId: ehr.Id, LoginTime: sfTime(now - (i + 1) * 3_600_000), Application: app, Status: 'Success' });
  });
  // User names and permission set labels too: every text the collector stores.
  const users = dataset.User.filter((u) => u.IsActive === true).slice(0, HOSTILE.length);
  users.forEach((u, i) => (u.Name = HOSTILE[i]));
  const sets = dataset.PermissionSet.slice(0, HOSTILE.length);
  sets.forEach((p, i) => (p.Label = HOSTILE[i]));
  expect(Math.min(users.length, sets.length)).toBe(HOSTILE.length);
  r = await rig({ data: dataset });
  await addByToken(r);
}, 120_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await r.close();
});

function columnIndex(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Every cell text of every sheet, with text split over continuation rows joined again. */
async function packTexts(file: string): Promise<Set<string>> {
  const zip = await openPackZip(file);
  const texts = new Set<string>();
  try {
    const wb = await readWorkbook(zip, file);
    for (const sheet of wb.sheets) {
      const rows = new Map<number, Map<number, string>>();
      await readSheetRows(zip, sheet.path, wb.sharedStrings, (row, cells) => rows.set(row, new Map(cells.map((c) => [c.col, c.text]))));
      for (const [, cells] of [...rows].sort(([a], [b]) => a - b)) {
        const marker = [...cells.values()].map((t) => /^↳ continued: row (\d+), columns? ([A-Z, ]+) \(part/.exec(t)).find(Boolean);
        if (!marker) continue;
        const target = rows.get(Number(marker[1]))!;
        for (const letters of marker[2].split(', ')) {
          const col = columnIndex(letters.trim());
          target.set(col, (target.get(col) ?? '') + (cells.get(col) ?? ''));
        }
      }
      for (const cells of rows.values()) for (const t of cells.values()) texts.add(t);
    }
  } finally {
    zip.close();
  }
  return texts;
}

describe('hostile values in org data', () => {
  it('are collected, evaluated and exported as exact plain text, never as formulas', async () => {
    const res = await r.backend.call('collect.start', { alias: 'demo', full: true, lookbackDays: 3650 });
    // Stored exactly as the org holds them.
    withDb(r.dataDir, (db) => {
      const snap = loadSnapshot(db, res.snapshotId);
      const apps = new Set(snap.records.LoginHistory.map((l) => l.Application));
      for (const v of HOSTILE) expect(apps.has(v), JSON.stringify(v.slice(0, 40))).toBe(true);
      const names = new Set(snap.records.User.map((u) => u.Name));
      const labels = new Set(snap.records.PermissionSet.map((p) => p.Label));
      for (const v of HOSTILE) {
        expect(names.has(v)).toBe(true);
        expect(labels.has(v)).toBe(true);
      }
    });

    const scope = parseScopeText(fs.readFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), 'utf8'), { fileName: 'greenpath-scope.yaml', format: 'yaml' });
    if (!scope.ok) throw new Error(JSON.stringify(scope.errors));
    await r.backend.call('scope.save', { orgAlias: 'demo', scope: scope.scope });
    const evaluation = await r.backend.call('audit.evaluate', { orgAlias: 'demo' });
    expect(JSON.stringify(evaluation).length).toBeGreaterThan(0);

    const out = path.join(r.dataDir, 'hostile.xlsx');
    const pack = await r.backend.call('evidence.export', { orgAlias: 'demo', format: 'xlsx', outPath: out });
    const entries = await unzipAll(pack.path);
    let sheets = 0;
    for (const [name, bytes] of entries) {
      if (!/^xl\/worksheets\/.*\.xml$/.test(name)) continue;
      sheets++;
      expect(bytes.toString('utf8'), name).not.toMatch(/<f[\s>/]/);
    }
    expect(sheets).toBeGreaterThanOrEqual(11);
    const texts = await packTexts(pack.path);
    // Every hostile login application of the scoped EHR user is in the pack, character for character.
    for (const v of HOSTILE) expect(texts.has(v), `pack cell ${JSON.stringify(v.slice(0, 40))}`).toBe(true);
    const verified = await r.backend.call('evidence.verify', { path: pack.path, digest: pack.digest });
    expect(verified.intact).toBe(true);
    tally('#8', { tests: 1, hostile: HOSTILE.length * 3, nothingLost: HOSTILE.length * 4 + sheets });
  }, 300_000);

  it('SOQL built from each value selects exactly the row that holds it', async () => {
    let tried = 0;
    for (const v of HOSTILE) {
      const soql = `SELECT Id, Application FROM LoginHistory WHERE Application = ${soqlString(v)}`;
      // The simulator's parser reads the literal back: decoded with SOQL's escapes, it is the value.
      const where = parseSoql(soql).where!.left as { value: string };
      const decoded = where.value.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
      expect(decoded === v).toBe(true);
      tried++;
      if (soql.length > 8_000) continue; // a URL that long is refused by any HTTP server before SOQL is read
      const res = await fetch(`${r.org.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${r.org.accessToken}` } });
      expect(res.status, v).toBe(200);
      const body = (await res.json()) as { totalSize: number; records: { Application: string }[] };
      // SOQL compares text case-insensitively; each hostile value differs from every other row's.
      const expected = dataset.LoginHistory.filter((l) => String(l.Application).toLowerCase() === v.toLowerCase());
      expect(body.totalSize, JSON.stringify(v)).toBe(expected.length);
      expect(body.records.map((x) => x.Application)).toEqual(expected.map(() => v));
      tried++;
    }
    tally('#8', { tests: 1, hostile: tried });
  }, 120_000);
});
