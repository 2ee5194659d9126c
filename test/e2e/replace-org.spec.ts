/**
 * An alias that already names another org (#20 item 6), in the window: the Add org dialog
 * refuses in words, offers Replace, and after it says where the earlier org's snapshots went;
 * both orgs are then listed, each with its own snapshot.
 */
import { test, expect } from '@playwright/test';
import { serveApp, type ServedApp } from './support/server';
import { GreenPathOrg } from './support/greenpath-org';
import { buildGreenPath } from '../../electron/demo-org/dataset/greenpath';
import { AddOrgDialog } from './pages/HomePage';

let app: ServedApp;
let first: GreenPathOrg;
let second: GreenPathOrg;
let firstOrgId = '';

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  app = await serveApp();
  first = new GreenPathOrg(app, 'prod');
  await first.serve();
  await first.register(request);
  await first.collect(request);
  firstOrgId = buildGreenPath().Organization![0].Id as string;
  // Another org: same shape, its own org id and name.
  const other = buildGreenPath();
  other.Organization![0].Id = '00DHs0000000002AAA';
  other.Organization![0].Name = 'Second Org';
  second = new GreenPathOrg(app, 'prod');
  await second.serve({ data: other });
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), first?.stop(), second?.stop()]);
});

test('Add org onto an alias of another org: refused in words, then Replace keeps the earlier org under its own alias', async ({ page, request }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Add org' }).click();
  const dialog = new AddOrgDialog(page);
  await dialog.field('Alias').fill('prod');
  await dialog.chooseMethod('Access token (session ID)');
  await dialog.field('Instance URL').fill(second.url);
  await dialog.field(/Access token/).fill(second.token);
  await dialog.submit();

  const refusal = dialog.dialog.getByRole('alert');
  await expect(refusal).toContainText('but these credentials sign in to Second Org (00DHs0000000002AAA)');
  await expect(refusal).toContainText('Nothing was changed.');
  const before = await first.snapshots(request);
  expect(before).toHaveLength(1);

  await refusal.getByRole('button', { name: 'Replace' }).click();
  const notice = page.getByTestId('add-org-notice');
  await expect(notice).toContainText(`kept under the alias "prod-${firstOrgId}"`);
  await page.getByRole('button', { name: 'Continue' }).click();

  const orgs = await first.call<{ orgs: { alias: string; orgId: string }[] }>(request, 'orgs.list', {});
  expect(orgs.orgs.map((o) => [o.alias, o.orgId]).sort()).toEqual(
    [
      ['prod', '00DHs0000000002AAA'],
      [`prod-${firstOrgId}`, firstOrgId],
    ].sort(),
  );
  const kept = await first.call<{ snapshots: { id: string }[] }>(request, 'snapshots.list', { alias: `prod-${firstOrgId}` });
  expect(kept.snapshots.map((s) => s.id)).toEqual(before.map((s) => s.id));
});
