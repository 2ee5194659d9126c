/**
 * Cancelling a collection of a slow org (every request delayed by the demo org's fault
 * injector): the screen says it was cancelled and the org keeps exactly the snapshots it had.
 */
import { test, expect } from '@playwright/test';
import { serveApp, type ServedApp } from './support/server';
import { expectNoSeriousA11yViolations } from './support/axe';
import { GreenPathOrg } from './support/greenpath-org';
import { OrgWorkspace } from './pages/OrgPages';
import { CollectPage } from './pages/CollectPages';

let app: ServedApp;
let org: GreenPathOrg;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  app = await serveApp();
  org = new GreenPathOrg(app, 'slowpath');
});
test.afterAll(async () => {
  await Promise.all([app?.stop(), org?.stop()]);
});

test('cancel a slow collection: the screen says so and no snapshot is added', async ({ page, request }) => {
  test.setTimeout(180_000);
  await org.serve();
  await org.register(request);
  await org.collect(request);
  const before = await org.snapshots(request);
  expect(before).toHaveLength(1);

  // The same org, now answering every API request 1.5 s late: a collection takes minutes.
  await org.serve({ faults: { latencyMs: 1500 } });
  await page.goto(app.url);
  const collect = new CollectPage(page);
  await collect.open(app.origin, 'slowpath');
  await collect.start.click();
  await expect(collect.cancel).toBeVisible();
  // Cancel mid-run, once the collection has got as far as reading objects.
  await expect(collect.objects.getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 });
  await expectNoSeriousA11yViolations(page, 'collect running');
  await collect.cancel.click();

  await expect(collect.failed).toBeVisible({ timeout: 60_000 });
  await expect(collect.failed).toContainText('Collection cancelled: nothing was kept');
  await expect(collect.failed).toContainText('was cancelled; nothing of it was stored');
  await expect(collect.failed).toContainText('earlier snapshots are unchanged');
  await expect(collect.done).toHaveCount(0);
  await expect(collect.cancel).toHaveCount(0);
  await expect(collect.start).toBeEnabled();
  await expectNoSeriousA11yViolations(page, 'collect cancelled');

  // Nothing new stored: the same single snapshot, still current.
  expect(await org.snapshots(request)).toEqual(before);
  const ws = new OrgWorkspace(page);
  await expect(page.getByTestId('context-snapshot').locator('[title]')).toHaveAttribute('title', before[0].id);
  await ws.go('Snapshots');
  await expect(page.getByRole('table', { name: 'Snapshots' }).getByRole('row')).toHaveCount(2);
});
