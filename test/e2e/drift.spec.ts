/**
 * Two snapshots of the same org with a real change in between (MuleSoft gains the
 * Legacy_Migration_Access set, i.e. View All Data): the Drift screen shows it for that
 * integration user, and the snapshot picker bases the screens on the older one, by deep link.
 */
import { test, expect } from '@playwright/test';
import { serveApp, type ServedApp } from './support/server';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot } from './support/screenshots';
import { GreenPathOrg, MULESOFT, greenPathWithMuleSoftEscalated } from './support/greenpath-org';
import { buildGreenPath } from '../../electron/demo-org/dataset/greenpath';
import { ChecklistPage, DashboardPage, OrgWorkspace, UsersPage } from './pages/OrgPages';
import { DriftPage, SnapshotPicker } from './pages/DriftPages';

let app: ServedApp;
let org: GreenPathOrg;
let older = '';
let newer = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  app = await serveApp();
  org = new GreenPathOrg(app, 'greenpath');
  const base = buildGreenPath();
  await org.serve({ data: base });
  await org.register(request);
  await org.collect(request);
  await org.serve({ data: greenPathWithMuleSoftEscalated(base) });
  await org.collect(request);
  const list = await org.snapshots(request);
  expect(list).toHaveLength(2);
  [newer, older] = list.map((s) => s.id);
  expect(list[0].current).toBe(true);
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), org?.stop()]);
});

test('drift: the two picked snapshots are compared and MuleSoft’s new View All Data is shown, with its source', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath/drift`);
  const drift = new DriftPage(page);
  await drift.expectLoaded();
  // Two collections a minute apart still read differently in the pickers.
  const labels = (await drift.from.locator('option').allTextContents()).slice(1);
  expect(labels).toHaveLength(2);
  expect(labels[0]).not.toBe(labels[1]);
  expect(labels[0]).toContain('(current)');
  await drift.compare(older, newer);
  await expect(drift.from).toHaveValue(older);
  await expect(drift.to).toHaveValue(newer);
  await expect(drift.result).toBeVisible();

  // Nobody was added, removed or reclassified: only MuleSoft's access changed.
  await expect(drift.section(/^Integration users added/)).toContainText('None.');
  await expect(drift.section(/^Integration users removed/)).toContainText('None.');
  await expect(drift.section(/^Classification changes/)).toContainText('None.');
  const gained = drift.rowsWith(drift.permissions, MULESOFT, 'gained', /^ViewAllData/);
  await expect(gained).toHaveCount(1);
  await expect(gained.getByRole('cell').last()).toHaveText(/Legacy_Migration_Access/);
  await expect(drift.rowsWith(drift.permissions, 'lost')).toHaveCount(0);
  const users = new Set((await drift.permissions.getByRole('row').allTextContents()).slice(1).map((t) => t.split('@')[0]));
  expect([...users]).toEqual(['mulesoft_integration']);
  // IU-05 (no high-risk system permissions) went from pass to fail for MuleSoft.
  const iu05 = drift.rowsWith(drift.checks, 'IU-05', MULESOFT);
  await expect(iu05.getByRole('cell')).toHaveText(['MuleSoft', 'IU-05', MULESOFT, 'pass', 'fail']);
  await expectNoSeriousA11yViolations(page, 'drift');
  await screenshot(page, 'drift');

  // Compared the other way round, the same grant reads as lost.
  await drift.compare(newer, older);
  await expect(drift.rowsWith(drift.permissions, MULESOFT, 'lost', /^ViewAllData/)).toHaveCount(1);
  await expect(drift.rowsWith(drift.permissions, 'gained')).toHaveCount(0);
  await expect(iu05.getByRole('cell')).toHaveText(['MuleSoft', 'IU-05', MULESOFT, 'fail', 'pass']);

  // The same snapshot twice is not a comparison.
  await drift.compare(older, older);
  await expect(page.getByText('Choose two different snapshots.')).toBeVisible();
  await expect(drift.result).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'drift same snapshot');
});

test('snapshot picker: the older snapshot is named on every screen, its data is shown, and the deep link survives a reload', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath`);
  const dashboard = new DashboardPage(page);
  await dashboard.expectLoaded();
  const picker = new SnapshotPicker(page);
  await expect(picker.shown.locator('[title]')).toHaveAttribute('title', newer);
  await expect(picker.shown).toContainText('· current');

  await picker.choose(older);
  await expect(page).toHaveURL(new RegExp(`\\?snapshot=${older}$`));
  await expect(picker.shown.locator('[title]')).toHaveAttribute('title', older);
  await expect(picker.shown).toContainText(/collected (just now|\d+ minutes? ago) \(.+\) · older snapshot/);
  await expect(picker.select).toHaveValue(older);
  await expectNoSeriousA11yViolations(page, 'dashboard on an older snapshot');

  // Links keep the choice: the MuleSoft checklist is based on the older snapshot, where IU-05 passed.
  const ws = new OrgWorkspace(page);
  await ws.go('Systems & checklists');
  await expect(page).toHaveURL(new RegExp(`systems\\?snapshot=${older}$`));
  await page.getByRole('link', { name: 'Checklist for MuleSoft' }).click();
  const checklist = new ChecklistPage(page);
  await checklist.openCheck('IU-05');
  await expect(page).toHaveURL(new RegExp(`snapshot=${older}`));
  await expect(picker.shown).toContainText('older snapshot');
  const result = checklist.step.getByTestId('check-result').first();
  await expect(result.getByText('Pass', { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /^IU-05 / })).toBeVisible();
  await expect(picker.shown.locator('[title]')).toHaveAttribute('title', older);
  await expect(picker.shown).toContainText('older snapshot');
  await expect(checklist.step.getByTestId('check-result').first().getByText('Pass', { exact: true })).toBeVisible();

  // Back to the current snapshot: the link loses ?snapshot= and IU-05 fails for MuleSoft.
  await picker.choose(newer);
  await expect(page).not.toHaveURL(/snapshot=/);
  await expect(picker.shown).toContainText('· current');
  await expect(checklist.step.getByTestId('check-result').first().getByText('Fail', { exact: true })).toBeVisible();

  // Integration users on the older snapshot, by deep link.
  await page.goto(`${app.origin}/#/orgs/greenpath/users?snapshot=${older}`);
  const users = new UsersPage(page);
  await expect(users.row(MULESOFT)).toBeVisible();
  await expect(picker.shown.locator('[title]')).toHaveAttribute('title', older);
  await expectNoSeriousA11yViolations(page, 'integration users on an older snapshot');
});
