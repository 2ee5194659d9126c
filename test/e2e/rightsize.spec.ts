/**
 * The Right-size view on the demo org (issue #18): pull usage, see Billing's unused Contact
 * edit as something the least-privilege set would remove, write the remediation folder from
 * the button, and see usage columns in the user's access view.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type APIRequestContext } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { expectNoSeriousA11yViolations } from './support/axe';

const app = servedAppForFile();

async function ensureDemo(request: APIRequestContext) {
  const headers = { 'x-iua-token': app.token };
  const orgs = await (await request.post(`${app.origin}/api/orgs.list`, { headers, data: {} })).json();
  if (!orgs.value.orgs.some((o: { alias: string }) => o.alias === 'greenpath-demo')) {
    expect((await (await request.post(`${app.origin}/api/demo.start`, { headers, data: {} })).json()).ok).toBe(true);
  }
}

test('right-size Billing: pull usage, see the unused Contact edit, write the remediation folder', async ({ page, request }) => {
  test.setTimeout(180_000);
  await ensureDemo(request);
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath-demo/systems`);
  await page.getByRole('link', { name: 'Right-size Billing' }).click();
  await expect(page.getByRole('heading', { name: 'Right-size: Billing' })).toBeVisible();
  await expect(page.getByTestId('usage-check-US-01')).toContainText('Manual');
  await page.getByRole('button', { name: 'Pull usage now' }).click();
  await expect(page.getByText('Usage pulled')).toBeVisible({ timeout: 60_000 });
  // The demo org has no Event Monitoring: the pull found that out itself and says so.
  await expect(page.getByText(/Event Monitoring log files: no API, RestApi, BulkApi, BulkApi2 event log file/)).toBeVisible();
  await expect(page.getByTestId('usage-coverage')).toContainText('ApiTotalUsage 1 day');
  await expect(page.getByTestId('usage-check-US-01')).toContainText('Contact edit');
  await expect(page.getByTestId('usage-row-Contact')).toContainText('edit (declared, no use seen in the window)');
  await expectNoSeriousA11yViolations(page, 'right-size view');

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iua-e2e-rightsize-')), 'billing');
  await page.getByLabel('Folder to write (new or empty)').fill(out);
  await page.getByRole('button', { name: 'Write remediation folder' }).click();
  await expect(page.getByTestId('remediation-result')).toContainText('Billing_Least_Privilege');
  const xml = fs.readFileSync(path.join(out, 'permissionsets', 'Billing_Least_Privilege.permissionset-meta.xml'), 'utf8');
  expect(xml).toContain('<object>Invoice__c</object>');
  expect(xml).not.toContain('<object>Contact</object>');

  await page.goto(`${app.origin}/#/orgs/greenpath-demo/users`);
  await page.getByRole('link', { name: 'billing.integration@greenpath.example' }).click();
  await expect(page.getByRole('columnheader', { name: 'Used' })).toBeVisible();
});
