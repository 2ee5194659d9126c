/**
 * Usage evidence end to end over real HTTP (issue #18): `usage.pull` against the demo org,
 * twice on one day (the second adds nothing), again on a later simulated day (one new log
 * file), the US checks telling GreenPath's three usage stories, and `usage.remediate` writing a
 * DX folder whose permission set grants exactly the chosen basis.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';
import { parseScopeText } from '../../../shared/audit/scope';
import type { UsageView } from '../../../shared/contract/usage';
import { addByToken, integrityOf, rig, withDb, type Rig } from '../collect/helpers';
import { child, objectGrants, parseXml } from '../../support/permission-set-xml';
import { tempDir } from '../../support/tmp';
import { isoUtc } from '../../../shared/audit/evidence-words';
import ExcelJS from 'exceljs';
import { verifyPack } from '../../../electron/services/evidence/verify';

let r: Rig;
let later: DemoOrg;

const SCOPE = fs.readFileSync(path.join(__dirname, '../../../electron/demo-org/greenpath-scope.yaml'), 'utf8');

function tableCounts(dataDir: string): Record<string, number> {
  return withDb(dataDir, (db) =>
    Object.fromEntries(['usage_log_file', 'usage_api', 'usage_write', 'usage_write_scan'].map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n])),
  );
}

const check = (v: UsageView, system: string, id: string) => v.report.systems.find((s) => s.name === system)!.checks.find((c) => c.id === id)!;

beforeAll(async () => {
  r = await rig({ token: 'usage-token' });
  await addByToken(r, 'gp');
  await r.backend.call('collect.start', { alias: 'gp' });
  const parsed = parseScopeText(SCOPE, { fileName: 'greenpath-scope.yaml', format: 'yaml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await r.backend.call('scope.save', { orgAlias: 'gp', scope: parsed.scope });
}, 120_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await later?.close();
  await r.close();
});

describe('usage pull', () => {
  it('reports no usage evidence as manual before any pull, never pass', async () => {
    const v = await r.backend.call('usage.report', { orgAlias: 'gp' });
    for (const s of v.report.systems) {
      const us01 = s.checks.filter((c) => c.id === 'US-01');
      expect(
        us01.every((c) => c.status === 'manual' || c.status === 'error'),
        s.name,
      ).toBe(true);
    }
  });

  it('fetches the day’s log file and counts writes, then adds nothing the second time that day', async () => {
    const first = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(first.gaps).toEqual([]);
    expect(first.filesAdded).toBe(1);
    expect(first.rowsAdded).toBeGreaterThan(50);
    expect(first.objectsCounted).toBeGreaterThanOrEqual(8);
    // Minimum: 1 EventLogFile query + 1 global describe (Event Log Objects, once a day, as no Event
    // Monitoring file exists) + 1 download + 1 visibility query (does the auditing user see every
    // record?) + 2 aggregates per object (users fit in one chunk).
    expect(first.apiCalls).toBe(4 + 2 * first.objectsCounted);
    // GreenPath has no Event Monitoring: detected, and said in words.
    expect(first.sources).toMatchObject({ logFileTypes: ['ApiTotalUsage'], eventMonitoring: false, eventLogObjects: [] });
    expect(first.sources.notes.join('\n')).toMatch(/Event Monitoring log files: no API, RestApi, BulkApi, BulkApi2 event log file/);
    const before = tableCounts(r.dataDir);
    const journalBefore = r.org.journal.length;
    const second = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(second.filesAdded).toBe(0);
    expect(second.rowsAdded).toBe(0);
    expect(second.objectsCounted).toBe(0);
    expect(tableCounts(r.dataDir)).toEqual(before);
    // Only the log file list was asked for: no download, no aggregate again.
    expect(second.apiCalls).toBe(1);
    expect(r.org.journal.slice(journalBefore).every((j) => j.method === 'GET')).toBe(true);
  });

  it('tells the three stories: MuleSoft uses its grants, Billing holds unused Contact edit, Lab writes Tasks its scope forgot', async () => {
    const v = await r.backend.call('usage.report', { orgAlias: 'gp' });
    expect(v.history.logFiles).toBe(1);
    const muleUser = v.report.systems.find((s) => s.name === 'MuleSoft')!.users[0];
    // Its connected app and its External Client App (GreenPath holds a token for each).
    expect(muleUser.tokens.map((t) => t.app).sort()).toEqual(['MuleSoft Anypoint Flows', 'MuleSoft Anypoint Platform']);
    for (const t of muleUser.tokens) expect(t.useCount, t.app).toBeGreaterThan(0);
    const mule = check(v, 'MuleSoft', 'US-01');
    expect(mule.status, mule.summary).not.toBe('warn');
    expect(check(v, 'MuleSoft', 'US-02').status).not.toBe('fail');
    const billing = check(v, 'Billing', 'US-01');
    expect(billing.status).toBe('warn');
    expect(billing.evidence.map((e) => e.id)).toContain('Contact.edit');
    expect(billing.evidence.some((e) => String(e.sobject) === 'Invoice__c')).toBe(false);
    const lab = check(v, 'Lab Results', 'US-02');
    expect(lab.status).toBe('fail');
    expect(lab.evidence.map((e) => e.id)).toContain('Task.create');
    const labRow = v.report.systems.find((s) => s.name === 'Lab Results')!.users[0].rows.find((x) => x.sobject === 'Task')!;
    expect(labRow.created).toBeGreaterThan(0);
    expect(labRow.declared).toEqual([]);
    expect(labRow.granted.create?.[0].name).toBe('Lab_Results_Integration');
    // Declared and granted line up everywhere in GreenPath.
    for (const s of v.report.systems) for (const c of s.checks.filter((x) => x.id === 'US-03')) expect(c.status, `${s.name}: ${c.summary}`).toBe('pass');
  });

  it('adds the next day’s file on a later simulated day, keeping the first', async () => {
    later = await startDemoOrg({ token: 'usage-token-2', now: () => Date.now() + 86_400_000 });
    await r.backend.call('orgs.add', { alias: 'gp-tomorrow', method: 'access_token', instanceUrl: later.url, accessToken: later.accessToken });
    await r.backend.call('collect.start', { alias: 'gp-tomorrow' });
    const next = await r.backend.call('usage.pull', { alias: 'gp-tomorrow' });
    expect(next.filesAdded).toBe(1);
    expect(tableCounts(r.dataDir).usage_log_file).toBe(2);
  }, 60_000);
});

describe('the evidence pack', () => {
  it('carries a Usage sheet with the stories and the US checks, covered by verify', async () => {
    const out = tempDir('iua-usage-pack-');
    const pack = await r.backend.call('evidence.export', { orgAlias: 'gp', format: 'xlsx', outPath: path.join(out, 'pack.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(pack.path);
    const ws = wb.getWorksheet('Usage')!;
    const rows = (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => Array.from(r.slice(1), (c) => (c == null ? '' : String(c))));
    const billingContact = rows.find((r) => r[0] === 'Billing' && r[2] === 'Contact')!;
    expect(billingContact[3]).toMatch(/^Read, Edit/);
    expect(billingContact[6]).toBe('');
    expect(billingContact[14]).toBe('yes');
    expect(rows.some((r) => r[0] === 'Lab Results' && r[2] === 'US-02' && r[3] === 'fail')).toBe(true);
    // The pack says which API source it holds and that the org has no Event Monitoring.
    expect(rows.some((r) => /API event history holds \d+ of \d+ days \(ApiTotalUsage \d+ days?\)/.test(r[0]))).toBe(true);
    expect(rows.some((r) => r[0].startsWith('Not seen at the last pull: Event Monitoring log files (NOT_AVAILABLE)'))).toBe(true);
    // The same US results in the Checklist (with the catalog's title and citations) and in Summary's counts.
    const sheetRows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][])
        .filter(Boolean)
        .map((r) => Array.from(r.slice(1), (c) => (c == null ? '' : typeof c === 'object' && 'text' in c ? String(c.text) : String(c))));
    const checklist = sheetRows('Checklist');
    const us = (system: string, id: string) => checklist.filter((r) => r[0] === system && r[2] === id);
    for (const system of ['Billing', 'Lab Results', 'MuleSoft']) for (const id of ['US-01', 'US-02', 'US-03']) expect(us(system, id).length).toBeGreaterThan(0);
    const billingUs01 = us('Billing', 'US-01')[0];
    expect(billingUs01[3]).toBe('Granted access is used');
    expect(billingUs01[4]).toBe('warn');
    expect(billingUs01[9]).toMatch(/Contact/);
    expect(billingUs01[10]).toMatch(/; per object: Usage sheet$/);
    expect(billingUs01[11]).toContain('HIPAA 164.502(b)');
    const rep = (await r.backend.call('usage.report', { orgAlias: 'gp' })).report;
    expect(billingUs01[12]).toBe(`Usage evidence (Usage sheet) of ${isoUtc(rep.windowStart)} to ${isoUtc(rep.windowEnd)}`);
    expect(us('Lab Results', 'US-02')[0][4]).toBe('fail');
    expect(us('Lab Results', 'US-02')[0][9]).toMatch(/Task/);
    const summary = sheetRows('Summary');
    const statusCounts = (r: string[]) => r.slice(5, 11).map(Number);
    // Billing's row counts its usage results with its own (they are signed off together).
    const billingCounts = statusCounts(summary.find((r) => r[0] === 'Billing')!);
    const billingResults = checklist.filter((r) => r[0] === 'Billing');
    expect(billingResults.filter((r) => /^US-/.test(r[2]))).toHaveLength(3);
    expect(billingCounts).toEqual(['pass', 'fail', 'warn', 'n/a', 'manual', 'error'].map((st) => billingResults.filter((r) => r[4] === st).length));
    const statusRows = checklist.slice(1).filter((r) => r[2] !== '');
    expect(statusCounts(summary.find((r) => r[0] === 'All results')!).reduce((a, b) => a + b, 0)).toBe(statusRows.length);
    expect(await verifyPack(pack.path, pack.digest)).toMatchObject({ intact: true });
    const row = rows.indexOf(billingContact) + 1;
    ws.getCell(`G${row}`).value = 'edit';
    const tampered = path.join(out, 'tampered.xlsx');
    await wb.xlsx.writeFile(tampered);
    const v = await verifyPack(tampered, pack.digest);
    expect(v.intact).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ sheet: 'Usage', cell: `G${row}` })]);
  }, 60_000);
});

describe('usage.remediate', () => {
  it('writes a DX folder whose permission set grants exactly declared AND used, within today’s grants', async () => {
    const out = path.join(tempDir('iua-remediate-'), 'billing');
    const res = await r.backend.call('usage.remediate', { orgAlias: 'gp', system: 'Billing', out, basis: 'both' });
    expect(res.files).toEqual(['REMEDIATION.md', 'package.xml', path.join('permissionsets', 'Billing_Least_Privilege.permissionset-meta.xml')]);
    const xml = fs.readFileSync(path.join(out, 'permissionsets', 'Billing_Least_Privilege.permissionset-meta.xml'), 'utf8');
    const ps = parseXml(xml);
    expect(ps.name).toBe('PermissionSet');
    expect(objectGrants(ps)).toEqual({ Account: 'RE', Invoice__c: 'RCE', Order: 'R' });
    expect(child(ps, 'license')).toBe('Salesforce API Integration');
    expect(ps.children.filter((c) => c.name === 'userPermissions').map((u) => child(u, 'name'))).toEqual(['ApiEnabled']);
    const md = fs.readFileSync(path.join(out, 'REMEDIATION.md'), 'utf8');
    expect(md).toContain('| permissionSet | Legacy_Migration_Access |');
    expect(md).not.toContain('ApiUserOnly');
    expect(md).toMatch(/Billing_Integration \| 0PS\w+ \| .*Contact edit/);
    expect(md).toContain('sf project deploy start');
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('700');

    const declared = await r.backend.call('usage.remediate', { orgAlias: 'gp', system: 'Billing', out: path.join(path.dirname(out), 'declared'), basis: 'declared' });
    expect(Object.fromEntries(declared.plan.permissionSet.objects.map((o) => [o.object, o.allowEdit]))).toMatchObject({ Contact: true, Account: true });
    const used = await r.backend.call('usage.remediate', { orgAlias: 'gp', system: 'Lab Results', out: path.join(path.dirname(out), 'lab-used'), basis: 'used' });
    expect(used.plan.permissionSet.objects.find((o) => o.object === 'Task')).toMatchObject({ allowCreate: true, allowRead: true, allowEdit: false });
  });

  it('refuses a non-empty folder and leaves it untouched', async () => {
    const dir = tempDir('iua-remediate-busy-');
    fs.writeFileSync(path.join(dir, 'mine.txt'), 'keep me');
    await expect(r.backend.call('usage.remediate', { orgAlias: 'gp', system: 'Billing', out: dir })).rejects.toThrow(/not empty/);
    expect(fs.readdirSync(dir)).toEqual(['mine.txt']);
  });

  it('refuses a relative folder (it would resolve against wherever the back end started) and writes nothing', async () => {
    const cwdBefore = fs.readdirSync(process.cwd());
    await expect(r.backend.call('usage.remediate', { orgAlias: 'gp', system: 'Billing', out: 'relative-permset' })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'out', message: expect.stringMatching(/absolute path/) }],
    });
    expect(fs.readdirSync(process.cwd())).toEqual(cwdBefore);
  });
});
