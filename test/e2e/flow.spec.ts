/**
 * The whole review on the demo org, as a first-time auditor would do it:
 * Try the demo org → dashboard → Integration users → a user's provenance → a system's
 * checklist with an override → sign-off → export → verify. Axe checks every screen.
 */
import { test, expect } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot } from './support/screenshots';
import { HomePage } from './pages/HomePage';
import { ChecklistPage, DashboardPage, EvidencePage, OrgWorkspace, UserDetailPage, UsersPage } from './pages/OrgPages';

const app = servedAppForFile();

test('demo org: from one click to a signed-off, verified evidence pack', async ({ page }) => {
  test.setTimeout(180_000);
  const home = new HomePage(page);
  await home.open(app.url);
  await expectNoSeriousA11yViolations(page, 'home');
  await screenshot(page, 'home');

  const clicked = Date.now();
  await home.tryDemo.click();
  const dashboard = new DashboardPage(page);
  await dashboard.expectLoaded();
  const ws = new OrgWorkspace(page);
  await ws.go('Integration users');
  const users = new UsersPage(page);
  await expect(users.table).toBeVisible();
  await expect(users.row('j.alvarez@greenpath.example')).toBeVisible();
  // A benchmark figure for the report, not an assertion (no timing assertions in tests).
  test.info().annotations.push({ type: 'demo-to-users-table-ms', description: String(Date.now() - clicked) });
  console.log(`Try the demo org → Integration users table: ${Date.now() - clicked} ms`);

  await ws.go('Dashboard');
  await dashboard.expectLoaded();
  await expect(dashboard.risks.filter({ hasText: 'j.alvarez@' })).toHaveText("j.alvarez@… is a person's account used by Workday: if this person leaves, the integration stops.");
  await expect(ws.contextBar).toContainText('collected');
  await expect(page.getByTestId('findings-chart')).toBeVisible();
  await page.getByRole('button', { name: 'Show as table' }).click();
  await expect(page.getByRole('table', { name: 'Findings by check' })).toContainText('IU-12');
  await expectNoSeriousA11yViolations(page, 'dashboard');
  await page.getByRole('button', { name: 'Show as chart' }).click();
  await screenshot(page, 'dashboard');

  await ws.go('Integration users');
  await expect(users.table).toHaveAttribute('aria-rowcount', /\d+/);
  const total = Number(await users.table.getAttribute('aria-rowcount'));
  await users.search.fill('alvarez');
  await expect(users.table).toHaveAttribute('aria-rowcount', '2');
  await users.search.fill('');
  await expect(users.table).toHaveAttribute('aria-rowcount', String(total));
  await page.getByLabel('Classification').selectOption({ label: 'Person used as integration' });
  await expect(users.row('j.alvarez@greenpath.example')).toBeVisible();
  await expect(users.row('ehr.integration@greenpath.example')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'integration users');
  await screenshot(page, 'integration-users');

  await users.openUser('j.alvarez@greenpath.example');
  await expect(page.getByRole('heading', { level: 1, name: 'j.alvarez@greenpath.example' })).toBeVisible();
  await expect(page.getByTestId('classification-reasons')).toContainText('Workday');
  // The user's open findings, each linking to its checklist step.
  await expect(page.getByTestId('user-open-findings').getByRole('link', { name: /IU-12 Not a person's account/ })).toBeVisible();
  await expect(page.getByTestId('user-open-findings').getByRole('link', { name: /IU-01 Dedicated identity/ })).toBeVisible();
  const detail = new UserDetailPage(page);
  await detail.showGrantOf(/^Read on Account: /);
  await expect(detail.provenance.getByRole('heading')).toHaveText('Who grants Read on Account');
  await expect(detail.provenance.getByTestId('provenance-source').first()).toContainText(/Profile|Permission set/);
  await page.getByRole('button', { name: /^ModifyAllData/ }).click();
  await expect(detail.provenance.getByRole('heading')).toHaveText('Who grants ModifyAllData');
  await expectNoSeriousA11yViolations(page, 'user detail');
  await screenshot(page, 'user-provenance');
  await page.getByRole('tab', { name: /^Logins/ }).click();
  await expect(page.getByTestId('login-timeline')).toBeVisible();
  // Records in words, as the pack shows them: headers in words, dates in UTC.
  const logins = page.getByRole('table', { name: 'Logins' });
  await expect(logins.getByRole('columnheader', { name: 'Login time (UTC)' })).toBeVisible();
  await expect(logins.getByRole('columnheader', { name: 'Source IP' })).toBeVisible();
  await expect(logins.getByRole('cell', { name: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'user logins');

  await ws.go('Systems & checklists');
  await expect(page.getByRole('table', { name: 'Declared systems' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'systems');
  await screenshot(page, 'systems');
  await page.getByRole('link', { name: 'Checklist for Billing' }).click();
  const checklist = new ChecklistPage(page);
  await expect(checklist.step).toBeVisible();
  // Step to the first failing check and override one result with a justification.
  await page.getByRole('navigation', { name: 'Checks' }).getByRole('button').filter({ hasText: 'Fail' }).first().click();
  const failing = checklist.step
    .getByTestId('check-result')
    .filter({ has: page.getByText('Fail', { exact: true }) })
    .first();
  await expect(failing).toBeVisible();
  await checklist.override(failing, 'Pass', 'Accepted by the system owner: the extra access is needed for the 2025 migration (ticket SEC-1234).', 'Ada Auditor');
  const overridden = checklist.step.getByTestId('override-note').first();
  await expect(overridden).toHaveText('overridden from Fail by Ada Auditor');
  await expect(checklist.step).toContainText('ticket SEC-1234');
  await expectNoSeriousA11yViolations(page, 'checklist');
  await screenshot(page, 'checklist');
  // Open results (fail, warning, manual) block the sign-off until decided: the checklist lists them.
  const pending = page.getByTestId('pending-decisions');
  await expect(pending).toContainText('IU-13');
  await pending.getByRole('button', { name: /^Decide IU-13/ }).click();
  const manual = checklist.step.getByTestId('check-result').first();
  await checklist.override(manual, 'Pass', 'Both setup changes in the period match approved change tickets CHG-88 and CHG-91.', 'Ada Auditor');
  await expect(pending).not.toContainText('IU-13');
  await checklist.planRemediationForAllPending('Ada Auditor');
  await checklist.markReviewed();
  await checklist.signOff('Ada Auditor', 'Compliance lead');
  await expect(checklist.review.getByTestId('signoff')).toContainText('Signed off by Ada Auditor (Compliance lead)');
  await expect(checklist.review.getByTestId('review-state')).toHaveText('signed off');

  await ws.go('Evidence');
  const evidence = new EvidencePage(page);
  await expectNoSeriousA11yViolations(page, 'evidence');
  const pack = await evidence.exportPack();
  expect(pack.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(pack.path).toMatch(/\.xlsx$/);
  const verified = await evidence.verify();
  await expect(verified).toContainText('Intact');
  await screenshot(page, 'evidence');
});

test('systems: a template, field-level errors that keep the entries, save; a broken scope file is refused by path', async ({ page, request }) => {
  // Runs on its own too: start the demo org unless the first test already did.
  const headers = { 'x-iua-token': app.token };
  const orgs = await (await request.post(`${app.origin}/api/orgs.list`, { headers, data: {} })).json();
  if (!orgs.value.orgs.some((o: { alias: string }) => o.alias === 'greenpath-demo'))
    expect((await (await request.post(`${app.origin}/api/demo.start`, { headers, data: {} })).json()).ok).toBe(true);
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath-demo/systems`);
  await page.getByLabel('Template', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'New system from template' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New system' })).toBeVisible();
  const name = page.getByLabel(/^\*? ?Name$/);
  await expect(name).not.toHaveValue('');
  await name.fill('Epic EHR');
  await page.getByLabel('Owner', { exact: true }).fill('Dana Whitfield');
  await page.getByLabel('Allowed IP ranges (one CIDR per line)').fill('10.0.0.0/99');
  await page.getByRole('button', { name: 'Save system' }).click();
  // In a sentence on the field (scopeDraft draftErrors).
  await expect(name).toHaveAccessibleDescription(/^Duplicate system name "Epic EHR"/);
  await expect(page.getByLabel('Allowed IP ranges (one CIDR per line)')).toHaveAccessibleDescription(/CIDR/);
  await expect(page.getByLabel('Owner', { exact: true })).toHaveValue('Dana Whitfield');
  await expectNoSeriousA11yViolations(page, 'system editor');
  await screenshot(page, 'system-editor');
  await name.fill('Second EHR feed');
  await page.getByLabel('Allowed IP ranges (one CIDR per line)').fill('10.0.0.0/8');
  // SLDS draws the box over the input: click the label, as a person would.
  await page.locator('label', { hasText: 'ehr.integration@greenpath.example' }).click();
  await expect(page.getByRole('checkbox', { name: 'ehr.integration@greenpath.example (Integration)' })).toBeChecked();
  await page.getByRole('button', { name: 'Save system' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Systems' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Declared systems' }).getByRole('rowheader', { name: /^Second EHR feed/ })).toBeVisible();

  await page.getByLabel('Import a scope file (YAML or JSON)').setInputFiles({
    name: 'broken.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('version: 1\nsystems:\n  - name: X\n    owner: o\n    purpose: p\n    users: []\n    objects:\n      Account: [read, fly]\n'),
  });
  const errors = page.getByTestId('scope-import-errors');
  await expect(errors).toContainText('The current scope was kept');
  await expect(errors).toContainText('Account');
  await expect(page.getByRole('table', { name: 'Declared systems' }).getByRole('rowheader', { name: /^Second EHR feed/ })).toBeVisible();
});
