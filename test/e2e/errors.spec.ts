import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveApp } from './support/server';
import { startDemoOrgProcess } from './support/demo-org';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot } from './support/screenshots';
import { AddOrgDialog } from './pages/HomePage';

test('a damaged database gets a recovery screen that says the file was not touched', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iua-e2e-damaged-'));
  const garbage = Buffer.from('this is not a SQLite database \u0000\u0001\u0002 garbage bytes '.repeat(200));
  const file = path.join(dataDir, 'iua.sqlite');
  fs.writeFileSync(file, garbage);
  const app = await serveApp({ dataDir });
  try {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'The database could not be opened' })).toBeVisible();
    await expect(page.getByTestId('recovery-untouched')).toContainText('The file was not touched');
    await expect(page.getByTestId('recovery-path')).toContainText('iua.sqlite');
    await expectNoSeriousA11yViolations(page, 'recovery');
    await screenshot(page, 'recovery');
  } finally {
    await app.stop();
  }
  expect(fs.readFileSync(file).equals(garbage)).toBe(true);
});

test('expired credentials during a collection: the failure is explained and reconnecting keeps the org’s details', async ({ page, request }) => {
  // The session works for the first calls, then Salesforce says it expired (INVALID_SESSION_ID).
  const org = await startDemoOrgProcess({ faults: { rules: [{ object: 'PermissionSet', status: 401, errorCode: 'INVALID_SESSION_ID' }] } });
  const app = await serveApp();
  try {
    const added = await request.post(`${app.origin}/api/orgs.add`, {
      headers: { 'x-iua-token': app.token },
      data: { alias: 'expiring', method: 'access_token', instanceUrl: org.url, accessToken: org.token },
    });
    expect((await added.json()).ok).toBe(true);
    await page.goto(app.url);
    await page.goto(`${app.origin}/#/orgs/expiring/collect`);
    await page.getByRole('button', { name: 'Collect now' }).click();
    const failed = page.getByTestId('collect-failed');
    await expect(failed).toBeVisible({ timeout: 60_000 });
    await expect(failed).toContainText('Collection failed: the org needs you to sign in again');
    await expect(failed).toContainText('No partial snapshot was stored');
    await expectNoSeriousA11yViolations(page, 'collection failed');
    await screenshot(page, 'collect-failed');
    await failed.getByRole('button', { name: 'Reconnect expiring' }).click();
    const dialog = new AddOrgDialog(page);
    await expect(dialog.dialog).toBeVisible();
    await expect(dialog.field('Alias')).toHaveValue('expiring');
    await expect(dialog.field('Instance URL')).toHaveValue(org.url);
    await page.keyboard.press('Escape');
    await expect(dialog.dialog).toBeHidden();
  } finally {
    await Promise.all([app.stop(), org.stop()]);
  }
});
