/**
 * #16 item 2: the Add-org screen says, before the first collection, when the auditing user would
 * see only its own rows (no Manage Users / Customize Application), and the org is still added.
 */
import { test, expect } from '@playwright/test';
import { buildGreenPath } from '../../electron/demo-org/dataset/greenpath';
import { serveApp, type ServedApp } from './support/server';
import { startDemoOrgProcess, type DemoOrgProcess } from './support/demo-org';
import { expectNoSeriousA11yViolations } from './support/axe';
import { AddOrgDialog, HomePage } from './pages/HomePage';

let app: ServedApp;
let org: DemoOrgProcess;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  // GreenPath with an auditor permission set that lacks what the visibility rules need.
  const data = buildGreenPath();
  const auditorSet = data.PermissionSet.find((ps) => ps.Name === 'Integration_Auditor')!;
  Object.assign(auditorSet, { PermissionsManageUsers: false, PermissionsCustomizeApplication: false, PermissionsMonitorLoginHistory: false });
  app = await serveApp();
  org = await startDemoOrgProcess({ data });
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), org?.stop()]);
});

test('adding an org whose auditing user lacks Manage Users and Customize Application warns before collecting', async ({ page }) => {
  const home = new HomePage(page);
  await home.open(app.url);
  await home.addOrg.click();
  const dialog = new AddOrgDialog(page);
  await dialog.chooseMethod('Access token (session ID)');
  await dialog.field('Alias').fill('partial');
  await dialog.field('Instance URL').fill(org.url);
  await dialog.field('Access token').fill(org.token);
  await dialog.submit();

  const warning = page.getByTestId('partial-visibility');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('LoginHistory: auditor@greenpath.example lacks Manage Users or Monitor Login History');
  await expect(warning).toContainText('OauthToken');
  await expect(warning).toContainText('UserLogin');
  await expect(warning).toContainText('iua auditor-permset');
  await expectNoSeriousA11yViolations(page, 'partial visibility warning');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/#\/orgs\/partial\/collect/);
});
