/**
 * Usage results in the review (issue #18): US-01..US-03 take decisions like the snapshot's own
 * checks, block a sign-off while open, and are frozen with the usage window they were signed
 * on, so a later pull (the history grows every day) never changes what a signed-off system
 * shows. Real store, real HTTP against the demo org, GreenPath's declared scope.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';
import { parseScopeText } from '../../../shared/audit/scope';
import type { AuditView } from '../../../shared/contract';
import type { CheckResult, SystemResult } from '../../../shared/audit/types';
import { addByToken, integrityOf, rig, type Rig } from '../collect/helpers';
import { tempDir } from '../../support/tmp';
import { isoUtc } from '../../../shared/audit/evidence-words';

let r: Rig;
let tomorrow: DemoOrg;

const SCOPE = fs.readFileSync(path.join(__dirname, '../../../electron/demo-org/greenpath-scope.yaml'), 'utf8');
const NEEDS_DECISION = ['fail', 'warn', 'manual', 'error'];
const WHY = 'Checked with the system owner; the grant is used by the month-end job';

const view = () => r.backend.call('audit.evaluate', { orgAlias: 'gp' }) as Promise<AuditView>;
const system = (v: AuditView, name: string): SystemResult => v.evaluation.systems.find((s) => s.name === name)!;
const usage = (s: SystemResult): CheckResult[] => s.checks.filter((c) => /^US-/.test(c.id));
const hash = (s: SystemResult) => crypto.createHash('sha256').update(JSON.stringify(s)).digest('hex');

async function decide(name: string, c: CheckResult, kind: 'exception' | 'remediation' = 'exception'): Promise<void> {
  await r.backend.call('review.attest', {
    orgAlias: 'gp',
    system: name,
    checkId: c.id,
    userId: c.userId,
    kind,
    ...(kind === 'remediation' ? { owner: 'Billing admin', dueDate: '2099-01-31' } : {}),
    justification: WHY,
    reviewer: 'Ada Auditor',
  });
}

beforeAll(async () => {
  r = await rig({ token: 'usage-review-token' });
  await addByToken(r, 'gp');
  await r.backend.call('collect.start', { alias: 'gp' });
  const parsed = parseScopeText(SCOPE, { fileName: 'greenpath-scope.yaml', format: 'yaml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await r.backend.call('scope.save', { orgAlias: 'gp', scope: parsed.scope });
  await r.backend.call('usage.pull', { alias: 'gp' });
}, 120_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await tomorrow?.close();
  await r.close();
});

describe('usage results in the review', () => {
  it('are part of each system’s results, with the usage window they read', async () => {
    const v = await view();
    const billing = system(v, 'Billing');
    expect(usage(billing).map((c) => c.id)).toEqual(['US-01', 'US-02', 'US-03']);
    expect(billing.usageWindow?.end).toBeTruthy();
    const rep = await r.backend.call('usage.report', { orgAlias: 'gp' });
    expect(billing.usageWindow).toEqual({ start: rep.report.windowStart, end: rep.report.windowEnd });
    // The same results usage.report gives (before any decision).
    expect(usage(billing)).toEqual(rep.report.systems.find((s) => s.name === 'Billing')!.checks);
    expect(usage(billing).find((c) => c.id === 'US-01')!.status).toBe('warn');
  });

  it('take an auditor decision like any check, the computed status kept beside it', async () => {
    const us01 = usage(system(await view(), 'Billing')).find((c) => c.id === 'US-01')!;
    await decide('Billing', us01, 'remediation');
    const after = usage(system(await view(), 'Billing')).find((c) => c.id === 'US-01')!;
    expect(after.computedStatus).toBe('warn');
    expect(after.status).toBe('warn');
    expect(after.override).toMatchObject({ kind: 'remediation', owner: 'Billing admin', reviewer: 'Ada Auditor' });
    const override = await r.backend.dispatch('review.attest', {
      orgAlias: 'gp',
      system: 'Billing',
      checkId: 'US-01',
      userId: us01.userId,
      kind: 'override',
      status: 'pass',
      justification: WHY,
      reviewer: 'Ada Auditor',
    });
    expect(override.ok).toBe(true);
    expect(usage(system(await view(), 'Billing')).find((c) => c.id === 'US-01')!.status).toBe('pass');
    // A usage result belongs to a system: without one the call is refused in words.
    const orphan = await r.backend.dispatch('review.attest', { orgAlias: 'gp', system: '', checkId: 'US-02', kind: 'exception', justification: WHY, reviewer: 'Ada Auditor' });
    expect(orphan.ok).toBe(false);
    if (!orphan.ok) expect(JSON.stringify(orphan.error)).toMatch(/a system is required for IU and US checks/);
  });

  it('block a sign-off while open, named in the refusal', async () => {
    const lab = system(await view(), 'Lab Results');
    // Decide every snapshot result, leave the usage ones open.
    for (const c of lab.checks.filter((x) => NEEDS_DECISION.includes(x.status) && !/^US-/.test(x.id))) await decide('Lab Results', c);
    const open = usage(lab).filter((c) => NEEDS_DECISION.includes(c.status));
    expect(open.map((c) => `${c.id} ${c.status}`)).toContain('US-02 fail');
    const refused = await r.backend.dispatch('review.signoff', { orgAlias: 'gp', system: 'Lab Results', reviewer: 'Bea Approver', role: 'Auditor', statement: 'Reviewed.' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.message).toMatch(/US-02 \(lab\.integration@greenpath\.example\): fail/);
      expect(refused.error.message).not.toMatch(/IU-\d\d/);
    }
  });

  it('are frozen with the sign-off: the hash covers them, and a later pull changes nothing signed', async () => {
    const lab = system(await view(), 'Lab Results');
    for (const c of usage(lab).filter((x) => NEEDS_DECISION.includes(x.status))) await decide('Lab Results', c);
    await r.backend.call('review.signoff', { orgAlias: 'gp', system: 'Lab Results', reviewer: 'Bea Approver', role: 'Auditor', statement: 'Reviewed.' });
    const signedView = await view();
    const signed = system(signedView, 'Lab Results');
    const review = signedView.reviews.find((x) => x.system === 'Lab Results')!;
    expect(review.signed?.evaluationHash).toBe(hash(signed));
    expect(usage(signed).map((c) => c.id)).toEqual(['US-01', 'US-02', 'US-03']);
    expect(review.signed?.matches).toBe(true);
    expect(signedView.evaluation.systems.find((s) => s.name === 'Lab Results')!.checks.find((c) => c.id === 'US-02')!.override?.kind).toBe('exception');
    const signedWindow = signed.usageWindow!;
    // The statement lists the accepted usage exception.
    expect(review.signOff?.statement).toMatch(/US-02 \(lab\.integration@greenpath\.example\) fail: Checked with the system owner/);

    // A day later: a new log file joins the same org's history and the current window moves on.
    tomorrow = await startDemoOrg({ token: 'usage-review-token-2', now: () => Date.now() + 86_400_000 });
    await r.backend.call('orgs.add', { alias: 'gp-tomorrow', method: 'access_token', instanceUrl: tomorrow.url, accessToken: tomorrow.accessToken });
    await r.backend.call('collect.start', { alias: 'gp-tomorrow' });
    const pulled = await r.backend.call('usage.pull', { alias: 'gp-tomorrow' });
    expect(pulled.filesAdded).toBe(1);
    const later = await view();
    const laterLab = system(later, 'Lab Results');
    expect(laterLab).toEqual(signed);
    const laterReview = later.reviews.find((x) => x.system === 'Lab Results')!;
    expect(laterReview.signed).toMatchObject({ matches: true, differences: [] });
    // An unsigned system reads the current window, which now ends at the later pull.
    const billing = system(later, 'Billing');
    expect(billing.usageWindow!.end > signedWindow.end).toBe(true);
    // Signed off: no new decision on its usage results either.
    const again = await r.backend.dispatch('review.attest', {
      orgAlias: 'gp',
      system: 'Lab Results',
      checkId: 'US-01',
      userId: signed.checks[0].userId,
      kind: 'exception',
      justification: WHY,
      reviewer: 'Ada Auditor',
    });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/signed off/);

    // The pack shows the signed usage results with the window they were signed on.
    const out = tempDir('iua-usage-review-pack-');
    const pack = await r.backend.call('evidence.export', { orgAlias: 'gp', format: 'xlsx', outPath: path.join(out, 'pack.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(pack.path);
    const sheetRows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][])
        .filter(Boolean)
        .map((x) => Array.from(x.slice(1), (c) => (c == null ? '' : typeof c === 'object' && 'text' in c ? String(c.text) : String(c))));
    const labUsage = sheetRows('Checklist').filter((x) => x[0] === 'Lab Results' && /^US-/.test(x[2]));
    expect(labUsage.map((x) => x[2])).toEqual(['US-01', 'US-02', 'US-03']);
    for (const x of labUsage) expect(x[12]).toBe(`Usage evidence (Usage sheet) of ${isoUtc(signedWindow.start)} to ${isoUtc(signedWindow.end)}`);
    expect(labUsage.find((x) => x[2] === 'US-02')![6]).toMatch(/^Accepted exception: Checked with the system owner/);
    const billingUsage = sheetRows('Checklist').find((x) => x[0] === 'Billing' && x[2] === 'US-01')!;
    expect(billingUsage[12]).toBe(`Usage evidence (Usage sheet) of ${isoUtc(billing.usageWindow!.start)} to ${isoUtc(billing.usageWindow!.end)}`);
    const usageSheet = sheetRows('Usage');
    expect(usageSheet.map((x) => x[0])).toContain(
      `Lab Results: rows and results of the usage window ${isoUtc(signedWindow.start)} to ${isoUtc(signedWindow.end)}, on which it was signed off`,
    );
    // Summary counts them with the system's own results: one row per system.
    const summary = sheetRows('Summary');
    const labRow = summary.find((x) => x[0] === 'Lab Results')!;
    expect(labRow.slice(5, 11).reduce((a, b) => a + Number(b), 0)).toBe(signed.checks.length);
    expect(summary.some((x) => /usage checks/.test(x[0]))).toBe(false);
  }, 120_000);
});
