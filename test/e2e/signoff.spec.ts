/**
 * A sign-off stays what was signed (issue #19): Billing on the demo org is decided and signed
 * off in the window, then its declared scope is widened (View All Data declared); the signed
 * checklist and a re-exported pack still show what was signed, with the divergence said in a
 * banner and in the pack. Then the org is collected again and the unchanged decisions are
 * carried forward to the new snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type APIRequestContext } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot } from './support/screenshots';
import { ChecklistPage } from './pages/OrgPages';

const app = servedAppForFile();
const ORG = 'greenpath-demo';

function api(request: APIRequestContext) {
  return async <T = unknown>(name: string, data: unknown): Promise<T> => {
    const res = await (await request.post(`${app.origin}/api/${name}`, { headers: { 'x-iua-token': app.token }, data })).json();
    expect(res.ok, `${name}: ${JSON.stringify(res.error)}`).toBe(true);
    return res.value as T;
  };
}

interface Result {
  id: string;
  userId: string | null;
  username: string | null;
  status: string;
  override?: { kind?: string };
}
interface View {
  snapshot: { id: string };
  evaluation: { systems: { name: string; checks: Result[] }[] };
}

test.describe.configure({ mode: 'serial' });

test('signs off Billing; after its scope changes, the signed view and a re-exported pack still show what was signed, with the divergence', async ({ page, request }) => {
  test.setTimeout(240_000);
  const call = api(request);
  await call('demo.start', {});
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}/systems/Billing/checklist`);
  const checklist = new ChecklistPage(page);
  await expect(checklist.step).toBeVisible();

  // The checklist opens on the first result that needs a decision.
  const before = await call<View>('audit.evaluate', { orgAlias: ORG });
  const billing = before.evaluation.systems.find((s) => s.name === 'Billing')!;
  const open = billing.checks.filter((c) => ['fail', 'warn', 'manual', 'error'].includes(c.status));
  expect(open.map((c) => c.id)).toContain('IU-05');
  await expect(checklist.step.locator('#step-heading')).toHaveText(new RegExp(`^${open[0].id} `));

  // IU-05 (View All Data, not declared): accept it as an exception, in the form.
  await checklist.openCheck('IU-05');
  const iu05 = checklist.step.getByTestId('check-result').first();
  // How to fix it: the check's advice, and the concrete change for the failing row.
  await expect(checklist.step.getByTestId('check-remediation')).toContainText('Remove the high-risk permission');
  await expect(iu05.getByTestId('evidence-fix').first()).toHaveText(
    'remove View All Data (ViewAllData) from permission set Legacy_Migration_Access, or unassign it from billing.integration@greenpath.example',
  );
  // Evidence in words (#19 item 6): headers and cells as the pack shows them, never raw JSON.
  await iu05.locator('summary', { hasText: /^Evidence: / }).click();
  const evidence = iu05.getByRole('table', { name: /^Evidence for / });
  await expect(evidence.getByRole('columnheader', { name: 'Granted by' })).toBeVisible();
  await expect(evidence.getByRole('cell', { name: /View All Data \(ViewAllData\)/ }).first()).toBeVisible();
  expect(await evidence.innerText()).not.toMatch(/[[{]"|"[\]}]/);
  await iu05.getByRole('button', { name: 'Decide' }).click();
  const form = iu05.getByRole('form', { name: 'Decision' });
  // Nothing is preselected; a one-word justification is refused on the field.
  await expect(form.getByLabel('Decision')).toHaveValue('');
  await form.getByLabel('Decision').selectOption({ label: 'Change the status' });
  await expect(form.getByLabel('New status')).toHaveValue('');
  await form.getByLabel('Justification').fill('fine');
  await form.getByLabel('Reviewer').fill('Ada Auditor');
  await form.getByRole('button', { name: 'Save decision' }).click();
  await expect(form.getByLabel('New status')).toHaveAccessibleDescription('Choose the status the result should have.');
  await expect(form.getByLabel('Justification')).toHaveAccessibleDescription(/at least 20 characters \(now 4\)/);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await checklist.decide(iu05, {
    kind: 'Accept as an exception',
    expires: '2099-06-30',
    justification: 'Legacy migration finishes in Q2; the owner accepts the risk until then (RISK-12).',
    reviewer: 'Ada Auditor',
  });
  await expect(iu05.getByTestId('override-note')).toHaveText('accepted as an exception by Ada Auditor until 2099-06-30');
  await expect(page.getByRole('navigation', { name: 'Checks' }).getByRole('button', { name: /^IU-05 / })).toContainText('decided');
  await expectNoSeriousA11yViolations(page, 'checklist with an accepted exception');

  // "Next open item" walks to what is left; the rest gets planned remediation.
  await page.getByRole('button', { name: 'Next open item' }).click();
  await expect(checklist.step.locator('#step-heading')).not.toHaveText(/^IU-05 /);
  await checklist.planRemediationForAllPending('Ada Auditor');
  await checklist.markReviewed();
  await checklist.review.getByRole('button', { name: 'Sign off' }).click();
  await expect(checklist.review.getByTestId('signoff-exceptions')).toContainText('IU-05 (billing.integration@greenpath.example) fail: Legacy migration finishes in Q2');
  await screenshot(page, 'signoff-form');
  await checklist.signOff('Ada Auditor', 'Compliance lead');
  await expect(checklist.review.getByTestId('review-state')).toHaveText('signed off');
  await expect(checklist.review.getByTestId('signoff')).toContainText('Accepted exceptions (1):');
  // Its usage results are steps of the same checklist, decided and signed with the rest.
  await expect(page.getByRole('navigation', { name: 'Checks' }).getByRole('button', { name: /^US-01 Granted access is used/ })).toContainText('decided');
  // Nothing that cannot act after a sign-off is shown.
  await expect(checklist.step.getByRole('button', { name: /^(Decide|Change decision|Add note)$/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next open item' })).toHaveCount(0);
  await expect(page.getByTestId('signoff-divergence')).toHaveCount(0);

  // Declare View All Data for Billing after the sign-off.
  const { scope } = await call<{ scope: { systems: { name: string; systemPermissions?: Record<string, string> }[] } }>('scope.get', { orgAlias: ORG });
  const declared = scope.systems.find((s) => s.name === 'Billing')!;
  declared.systemPermissions = { ...(declared.systemPermissions ?? {}), ViewAllData: 'Needed for the legacy migration' };
  await call('scope.save', { orgAlias: ORG, scope, author: 'Bob Admin' });

  // The signed view still shows what was signed, and says how results now differ.
  await page.reload();
  await checklist.openCheck('IU-05');
  await expect(checklist.step.getByTestId('check-result').first().getByText('Fail', { exact: true })).toBeVisible();
  const banner = page.getByTestId('signoff-divergence');
  await expect(banner).toContainText('Current results differ from what was signed');
  await expect(banner).toContainText('IU-05 (billing.integration@greenpath.example): fail when signed, pass now');
  await expect(banner).toContainText('declared scope changed since sign-off: Billing: systemPermissions.ViewAllData added');
  await expectNoSeriousA11yViolations(page, 'signed-off checklist with divergence');
  await screenshot(page, 'signoff-divergence');

  // A re-exported pack: the signed results, the scope version and hash, and what differs.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iua-e2e-pack-')), 'pack.json');
  await call('evidence.export', { orgAlias: ORG, format: 'json', outPath: out, systems: ['Billing'] });
  const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { sheets: { name: string; rows: unknown[][] }[] };
  const rows = (n: string) => doc.sheets.find((s) => s.name === n)!.rows;
  expect(rows('Checklist').find((r) => r[0] === 'Billing' && r[2] === 'IU-05')![5]).toBe('fail');
  const cover = rows('Cover');
  const signed = cover.find((r) => r[1] === 'Billing' && r[2] === 'signed off')!;
  expect(Number(signed[7])).toBeGreaterThanOrEqual(1);
  expect(signed[8]).toMatch(/^[0-9a-f]{64}$/);
  expect(String(signed[9])).toMatch(/^differ from what was signed \(this pack shows the signed results\)/);
  const lines = cover.map((r) => r.join(' | '));
  expect(lines).toContain(' | Billing | IU-05 (billing.integration@greenpath.example): fail when signed, pass now');
  // Findings grouped by root cause: the one permission set behind IU-05, IU-06 and IU-08.
  const plan = rows('Remediation Plan');
  expect(plan[0]).toEqual(['Root cause (granted by)', 'Grant', 'Change', 'Integration users', 'Results it closes', 'Owner', 'Due', 'Status']);
  const legacy = plan.filter((r) => r[0] === 'permission set Legacy_Migration_Access');
  expect(legacy).toHaveLength(1);
  expect(legacy[0][4]).toBe(
    'Billing IU-05 (billing.integration@greenpath.example); Billing IU-06 (billing.integration@greenpath.example); Billing IU-08 (billing.integration@greenpath.example)',
  );

  // The scope history shows both versions with their authors.
  await page.goto(`${app.origin}/#/orgs/${ORG}/systems`);
  const history = page.getByTestId('scope-history');
  await expect(history.getByRole('row').nth(1)).toContainText('Bob Admin');
  await expect(history.getByRole('row').nth(1)).toContainText('Billing: systemPermissions.ViewAllData added: Needed for the legacy migration');
  await expectNoSeriousA11yViolations(page, 'systems with scope history');
  await screenshot(page, 'scope-history');
});

test('collecting again offers to carry forward the unchanged decisions, and keeps the earlier sign-off visible', async ({ page, request }) => {
  test.setTimeout(240_000);
  const call = api(request);
  const first = await call<View>('audit.evaluate', { orgAlias: ORG });
  const decided = first.evaluation.systems.find((s) => s.name === 'Billing')!.checks.filter((c) => c.override);
  expect(decided.length).toBeGreaterThan(0);
  const again = await call<{ snapshotId: string }>('demo.start', {});
  expect(again.snapshotId).not.toBe(first.snapshot.id);

  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}/systems`);
  const offer = page.getByTestId('carry-forward-offer');
  await expect(offer).toContainText(first.snapshot.id);
  await expectNoSeriousA11yViolations(page, 'carry-forward offer');
  await screenshot(page, 'carry-forward');
  await offer.getByRole('button', { name: 'Carry forward unchanged decisions' }).click();
  const result = page.getByTestId('carry-forward-result');
  await expect(result).toContainText(/[1-9]\d* decision\(s\) carried forward from snapshot/);

  const now = await call<View>('audit.evaluate', { orgAlias: ORG });
  const billing = now.evaluation.systems.find((s) => s.name === 'Billing')!;
  const iu05 = billing.checks.find((c) => c.id === 'IU-05')!;
  expect(iu05.override).toMatchObject({ kind: 'exception' });

  await page.goto(`${app.origin}/#/orgs/${ORG}/systems/Billing/checklist?check=IU-05`);
  const checklist = new ChecklistPage(page);
  await expect(checklist.review.getByTestId('review-state')).toHaveText('in review');
  await expect(checklist.step.getByTestId('carried-forward').first()).toContainText(`Carried forward from snapshot ${first.snapshot.id}: decided by Ada Auditor`);
  await checklist.review.getByTestId('earlier-signoffs').locator('summary').click();
  await expect(checklist.review.getByTestId('earlier-signoffs')).toContainText(`Snapshot ${first.snapshot.id}`);
  await expect(checklist.review.getByTestId('earlier-signoffs')).toContainText('signed off by Ada Auditor (Compliance lead)');
  await expectNoSeriousA11yViolations(page, 'checklist after carry-forward');
});
