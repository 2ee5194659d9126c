import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { verifyPack } from '../../../electron/services/evidence/verify';
import { call, setup, sheetXml, unzipAll, VISIBLE_SHEETS, type Env } from './helpers';

let env: Env;
type Out = { path: string; digest: string; rows: number };

beforeEach(async () => {
  const { o, mulePs } = healthyOrg();
  // An undeclared sensitive field and an unjustified high-risk permission, so the sheets have findings.
  o.fieldPerm(mulePs, 'Contact.SSN__c', { Read: true });
  const ps2 = o.permSet('Mule_Extra', { ViewSetup: true });
  const mule = o.records.User.find((u) => u.Username === 'mule@acme.test')!.Id;
  o.assign(mule, ps2);
  o.audit('Permission set Mule_Extra: assigned to mule@acme.test', 5);
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
});
afterEach(() => env.backend.close());

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);

describe('the evidence pack', () => {
  it('writes every sheet in order with its columns, statuses and findings', async () => {
    const r = await call<Out>(env.backend, 'evidence.export', { orgAlias: 'acme' });
    expect(r.path).toBe(path.join(env.dataDir, 'exports', 'acme-snap-1.xlsx'));
    expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(path.dirname(r.path))).toEqual(['acme-snap-1.xlsx']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...VISIBLE_SHEETS, 'Checkpoints']);
    expect(wb.getWorksheet('Checkpoints')!.state).toBe('veryHidden');
    expect(wb.creator).toBe('Integration User Auditor 0.1.0');
    expect(wb.title).toContain('Test Org');

    const checklist = wb.getWorksheet('Checklist')!;
    expect(headers(checklist)).toEqual([
      'System',
      'Integration user',
      'Check',
      'Title',
      'Computed status',
      'Auditor status',
      'Justification',
      'Reviewer',
      'Decided (UTC)',
      'Evidence summary',
      'Evidence rows',
      'Framework citations',
      'Review notes',
      'Auditor notes',
    ]);
    const view = await call<{ evaluation: { systems: { checks: { id: string; status: string }[] }[]; orgChecks: unknown[] } }>(env.backend, 'audit.evaluate', { orgAlias: 'acme' });
    const checks = view.evaluation.systems[0].checks;
    const rows = checklist.getSheetValues().slice(2) as unknown[][];
    // Each system's usage checks (US-01..US-03, the same report usage.report gives) end its results.
    const usage = await call<{ report: { systems: { name: string; checks: { id: string; status: string }[] }[] } }>(env.backend, 'usage.report', { orgAlias: 'acme' });
    const usageChecks = usage.report.systems.find((s) => s.name === 'MuleSoft')!.checks;
    expect(usageChecks.map((c) => c.id)).toEqual(['US-01', 'US-02', 'US-03']);
    expect(checks.slice(-3)).toEqual(usageChecks);
    expect(rows).toHaveLength(checks.length + view.evaluation.orgChecks.length);
    const iu07 = rows.find((x) => x[3] === 'IU-07')!;
    expect(iu07[5]).toBe('fail');
    expect(iu07[1]).toBe('MuleSoft');
    expect(String(iu07[12])).toContain('HIPAA 164.502(b)');
    expect(rows.map((x) => x[5])).toEqual([...checks.map((c) => c.status), ...(view.evaluation.orgChecks as { status: string }[]).map((c) => c.status)]);

    const ea = wb.getWorksheet('Effective Access')!;
    expect(headers(ea)).toEqual([
      'Integration user',
      'Systems',
      'Object',
      'Read',
      'Create',
      'Edit',
      'Delete',
      'View All',
      'Modify All',
      'Declared',
      'Beyond declared scope',
      'Granted by',
    ]);
    const account = (ea.getSheetValues() as unknown[][]).find((x) => x?.[3] === 'Account')!;
    expect(account.slice(1)).toEqual([
      'mule@acme.test',
      'MuleSoft',
      'Account',
      'yes',
      'no',
      'yes',
      'no',
      'no',
      'no',
      'Read, Edit',
      undefined,
      'permission set MuleSoft_Access: Read, Edit',
    ]);

    const sf = wb.getWorksheet('Sensitive Fields')!.getSheetValues() as unknown[][];
    // The field's label beside its API name, when FieldDefinition has one.
    const ssn = sf.find((x) => typeof x?.[3] === 'string' && x[3].endsWith('Contact.SSN__c'))!;
    expect(ssn.slice(1, 9)).toEqual([
      'mule@acme.test',
      'MuleSoft',
      expect.stringMatching(/^(Contact\.SSN__c|Contact: .+ \(Contact\.SSN__c\))$/),
      'HIPAA, PII',
      'yes',
      'no',
      'not declared',
      'Read',
    ]);

    const sp = wb.getWorksheet('System Permissions')!.getSheetValues() as unknown[][];
    expect(sp.find((x) => x?.[3] === 'View Setup (ViewSetup)')!.slice(1)).toEqual([
      'mule@acme.test',
      'MuleSoft',
      'View Setup (ViewSetup)',
      'High risk',
      'permission set Mule_Extra',
      undefined,
      'fail',
    ]);

    const changes = wb.getWorksheet('Changes')!.getSheetValues() as unknown[][];
    expect(changes[2][6]).toBe('Permission set Mule_Extra: assigned to mule@acme.test');

    const logins = wb.getWorksheet('Logins')!.getSheetValues() as unknown[][];
    expect(logins[2].slice(1, 4)).toEqual(['mule@acme.test', 'summary', 2]);
    expect(logins.filter((x) => x?.[2] === 'login')).toHaveLength(2);

    const drift = wb.getWorksheet('Drift')!.getSheetValues() as unknown[][];
    expect(String(drift[2][1])).toMatch(/^No comparison was requested/);

    const coverage = wb.getWorksheet('Coverage')!.getSheetValues() as unknown[][];
    expect(coverage.find((x) => x?.[1] === 'User')!.slice(1, 5)).toEqual(['User', 3, 3, 'yes']);

    const cover = wb.getWorksheet('Cover')!;
    expect(cover.getCell('A2').value).toBe('Pack digest');
    expect(cover.getCell('B2').value).toBe(r.digest);
    expect(cover.getCell('B4').value).toBe('00D000000000001AAA');

    const manifest = wb.getWorksheet('Manifest')!;
    expect(manifest.getCell('B1').value).toBe(r.digest);
    const mrows = manifest.getSheetValues() as unknown[][];
    const table = mrows.findIndex((x) => x?.[1] === 'Sheet' && x?.[2] === 'SHA-256');
    expect(mrows.slice(table + 1, table + VISIBLE_SHEETS.length + 1).map((x) => x[1])).toEqual([...VISIBLE_SHEETS.filter((n) => n !== 'Manifest'), 'Checkpoints']);
    expect(mrows.find((x) => x?.[1] === 'Object' && x?.[2] === 'Query (SOQL)')).toBeTruthy();
    expect(mrows.find((x) => x?.[1] === 'Snapshot content hash')![2]).toMatch(/^[0-9a-f]{64}$/);

    // Summary links to the first Checklist row of its system.
    const summary = wb.getWorksheet('Summary')!;
    const link = summary.getCell('L2').value as { text: string; hyperlink: string };
    expect(link.hyperlink).toBe("#'Checklist'!A2");
    expect(summary.getRow(2).values).toEqual(expect.arrayContaining(['MuleSoft', 'not started']));

    expect(await verifyPack(r.path)).toEqual({ intact: true, digest: r.digest, problems: [] });
    expect(await verifyPack(r.path, r.digest)).toMatchObject({ intact: true });
  });

  it('is formatted for an auditor: frozen bold headers, autofilter, landscape fit-to-width, no formulas', async () => {
    const r = await call<Out>(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'pack.xlsx') });
    const { order, xml, workbook, core } = await sheetXml(r.path);
    expect(order).toEqual([...VISIBLE_SHEETS, 'Checkpoints']);
    expect(workbook).toMatch(/name="Checkpoints" state="veryHidden"/);
    const checklist = xml.get('Checklist')!;
    expect(checklist).toMatch(/<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    expect(checklist).toMatch(/<autoFilter ref="A1:N\d+"\/>/);
    expect(checklist).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/);
    expect(checklist).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
    // Status colours: one conditional format per status column.
    expect(checklist).toMatch(/<conditionalFormatting sqref="E2:E\d+">.*<formula>&quot;fail&quot;<\/formula>/);
    for (const [, x] of xml) expect(x).not.toMatch(/<f[ >]/);
    expect(core).toMatch(/<dc:creator>Integration User Auditor 0\.1\.0<\/dc:creator>/);
    expect(core).toMatch(/<dcterms:created[^>]*>\d{4}-\d\d-\d\dT/);
  });

  it('includes only the chosen systems, and the drift since an earlier snapshot', async () => {
    const { o, mulePs } = healthyOrg();
    o.objectPerm(mulePs, 'Case', { Read: true, Edit: true });
    const { requireDb } = await import('../../../electron/services/context');
    const { storeSnapshot } = await import('../../support/store-snapshot');
    storeSnapshot(requireDb(env.backend.ctx), 'acme', o.snapshot(), 'snap-2');
    const r = await call<Out>(env.backend, 'evidence.export', { orgAlias: 'acme', since: 'snap-1', systems: ['mulesoft'], outPath: path.join(env.out, 'drift.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.path);
    const drift = wb.getWorksheet('Drift')!.getSheetValues() as unknown[][];
    expect(String(drift[2][1])).toContain('Compared snapshot snap-1');
    const gained = drift.find((x) => x?.[1] === 'permission gained' && x?.[4] === 'Case' && x?.[5] === 'Edit');
    expect(gained?.[8]).toBe('permission set MuleSoft_Access');
    expect(drift.some((x) => x?.[1] === 'check status changed' && x?.[4] === 'IU-06')).toBe(true);
    expect(wb.getWorksheet('Cover')!.getCell('B10').value).toBe('snap-1');
    const unknown = await env.backend.dispatch('evidence.export', { orgAlias: 'acme', systems: ['Nope'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('writes the same tables as JSON and CSV', async () => {
    const j = await call<Out>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'json', outPath: path.join(env.out, 'pack.json') });
    const doc = JSON.parse(fs.readFileSync(j.path, 'utf8')) as { digest: string; tabOrder: string[]; sheets: { name: string; rows: unknown[][] }[] };
    expect(doc.digest).toBe(j.digest);
    expect(doc.tabOrder).toEqual([...VISIBLE_SHEETS, 'Checkpoints']);
    const ea = doc.sheets.find((s) => s.name === 'Effective Access')!;
    expect(ea.rows[0][0]).toBe('Integration user');
    expect(ea.rows.some((r) => r[2] === 'Account' && r[3] === 'yes')).toBe(true);
    expect(doc.sheets.find((s) => s.name === 'Manifest')!.rows[0]).toEqual(['Pack digest', j.digest]);

    const c = await call<Out>(env.backend, 'evidence.export', { orgAlias: 'acme', format: 'csv', outPath: path.join(env.out, 'pack.zip') });
    const entries = await unzipAll(c.path);
    expect([...entries.keys()].sort()).toEqual([...VISIBLE_SHEETS, 'Checkpoints'].map((n) => `${n}.csv`).sort());
    const csv = entries.get('Manifest.csv')!.toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(`"Pack digest","${c.digest}"`);
  });
});
