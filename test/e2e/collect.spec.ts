import { test, expect } from '@playwright/test';
import { serveApp, type ServedApp } from './support/server';
import { startDemoOrgProcess, type DemoOrgProcess } from './support/demo-org';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot } from './support/screenshots';
import { AddOrgDialog, HomePage } from './pages/HomePage';
import { OrgWorkspace } from './pages/OrgPages';

let app: ServedApp;
let org: DemoOrgProcess;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await serveApp();
  org = await startDemoOrgProcess();
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), org?.stop()]);
});

test('add an org by hand: field-level errors keep the entries, then collect with live progress per object', async ({ page }) => {
  const home = new HomePage(page);
  await home.open(app.url);
  await expect(page.getByTestId('no-orgs')).toBeVisible();
  await home.addOrg.click();
  const dialog = new AddOrgDialog(page);
  await expect(dialog.dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'add org dialog');
  await dialog.chooseMethod('Access token (session ID)');
  await expect(page.getByTestId('method-guidance')).toContainText('sf org auth show-access-token');
  await dialog.field('Alias').fill('green path!');
  await dialog.field('Instance URL').fill('ftp://example.com');
  await dialog.field('Access token').fill(org.token);
  await dialog.submit();
  await dialog.expectFieldError('Alias', /letters, digits/);
  await dialog.expectFieldError('Instance URL', /https:\/\//);
  // Nothing lost: the secret typed before the failure is still there.
  await expect(dialog.field('Access token')).toHaveValue(org.token);
  await screenshot(page, 'add-org');
  await dialog.field('Alias').fill('greenpath');
  await dialog.field('Instance URL').fill(org.url);
  await dialog.submit();

  await expect(page).toHaveURL(/#\/orgs\/greenpath\/collect/);
  await expect(page.getByRole('heading', { name: 'Collect greenpath' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'collect');
  // Options are checked in the form, in words; nothing is sent until they are valid.
  const lookback = page.getByLabel('Look back (days)');
  await lookback.fill('abc');
  await page.getByRole('button', { name: 'Collect now' }).click();
  await expect(lookback).toHaveAccessibleDescription('Look-back days must be a whole number from 1 to 3650, not “abc”; leave the field empty for the default.');
  await expect(page.getByRole('button', { name: 'Collect now' })).toBeEnabled();
  await lookback.fill('');
  await page.getByRole('button', { name: 'Collect now' }).click();
  const done = page.getByTestId('collect-done');
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(done).toContainText('Snapshot stored');
  await expect(done.getByTestId('no-gaps').or(done.getByTestId('coverage-gaps'))).toBeVisible();
  const objects = page.getByRole('table', { name: 'Objects collected' });
  await expect(objects.getByRole('row', { name: /^User \d/ })).toBeVisible();
  await expect(page.getByTestId('api-calls')).toContainText(/API calls by this run: \d+/);
  await screenshot(page, 'collect');
  await expectNoSeriousA11yViolations(page, 'collect done');

  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard: greenpath' })).toBeVisible();
  const ws = new OrgWorkspace(page);
  await expect(ws.contextBar).toContainText(/collected .*(just now|minute)/);
  await ws.go('Snapshots');
  await expect(page.getByRole('table', { name: 'Snapshots' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByLabel('Import a snapshot file (.iuasnap)')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'snapshots');
});
