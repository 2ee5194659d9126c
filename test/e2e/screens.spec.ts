/**
 * Screens that fit, print and say things in words (issue #19 items 5, 8 and 9): at 1440×900
 * the Systems table and the Snapshots actions need no horizontal scrolling; the modal close
 * button is visible; the footer reads the app's version; the dashboard's findings chart is
 * labelled with check names and findings are grouped by root cause (downloadable as CSV); a
 * printed checklist is a per-system report without navigation; forms refuse bad numbers with
 * a sentence. Runs against the demo org in browser mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { expectNoSeriousA11yViolations } from './support/axe';
import { screenshot, screenshotOf } from './support/screenshots';
import { ChecklistPage } from './pages/OrgPages';

const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string };
const app = servedAppForFile();
const ORG = 'greenpath-demo';
const BILLING_USER = 'billing.integration@greenpath.example';

async function call<T = unknown>(request: APIRequestContext, name: string, data: unknown): Promise<T> {
  const res = await (await request.post(`${app.origin}/api/${name}`, { headers: { 'x-iua-token': app.token }, data })).json();
  expect(res.ok, `${name}: ${JSON.stringify(res.error)}`).toBe(true);
  return res.value as T;
}

/** Nothing scrolls sideways: the page, and each of `boxes` (the element itself or any scroll area inside it). */
async function expectNoHorizontalScroll(page: Page, boxes: Locator[]) {
  const doc = await page.locator('html').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(doc.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(doc.client);
  for (const box of boxes) {
    const widths = await box.evaluate((el) =>
      [el, ...el.querySelectorAll('*')]
        .filter((e) => e === el || ['auto', 'scroll'].includes(el.ownerDocument.defaultView!.getComputedStyle(e).overflowX))
        .map((e) => ({ what: `${e.tagName}.${e.className}`, scroll: e.scrollWidth, client: e.clientWidth })),
    );
    for (const w of widths) expect(w.scroll, `${w.what} scrolls sideways`).toBeLessThanOrEqual(w.client);
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000);
  await call(request, 'demo.start', {});
});

test('at 1440×900 the Systems table and the Snapshots actions fit; the modal close button shows; the footer says the version', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);
  await expect(page.getByTestId('app-footer')).toHaveText(`Version ${pkg.version}`);
  expect(pkg.version).toBe('0.1.0');

  await page.goto(`${app.origin}/#/orgs/${ORG}/systems`);
  const systems = page.getByRole('table', { name: 'Declared systems' });
  await expect(systems.getByRole('link', { name: 'Edit Billing' })).toBeVisible();
  await expectNoHorizontalScroll(page, [systems, page.getByRole('region', { name: 'Declared systems' })]);
  // Every action of every row is inside the window.
  for (const name of ['Checklist for Billing', 'Right-size Billing', 'Edit Billing', 'Edit Workday HR']) {
    const box = (await page.getByRole('link', { name }).boundingBox())!;
    expect(box.x + box.width, `${name} is cut off`).toBeLessThanOrEqual(1440);
  }
  await expect(page.getByTestId('app-footer')).toHaveText(`Version ${pkg.version}`);
  await screenshot(page, 'systems-fit');
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto(`${app.origin}/#/orgs/${ORG}/snapshots`);
  const snapshots = page.getByRole('table', { name: 'Snapshots' });
  const del = snapshots.getByRole('button', { name: /^Delete snapshot / }).first();
  await expect(del).toBeVisible();
  await expectNoHorizontalScroll(page, [snapshots.locator('xpath=..')]);
  // Export and Delete whole inside their cell (cells clip what overflows) and inside the table.
  const delBox = (await del.boundingBox())!;
  const cellBox = (await del.locator('xpath=ancestor::*[@role="cell"][1]').boundingBox())!;
  const tableBox = (await snapshots.locator('xpath=..').boundingBox())!;
  expect(delBox.x + delBox.width, 'Delete is cut off by its cell').toBeLessThanOrEqual(cellBox.x + cellBox.width);
  expect(delBox.x + delBox.width, 'Delete is outside the visible table').toBeLessThanOrEqual(tableBox.x + tableBox.width);
  await del.click({ trial: true });

  // The modal's close button: inside the window, drawn in a colour that differs from its background, and it closes.
  await snapshots
    .getByRole('button', { name: /^Export snapshot / })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Export snapshot file' });
  const close = dialog.getByRole('button', { name: 'Close' });
  await expect(close).toBeVisible();
  const closeBox = (await close.boundingBox())!;
  expect(closeBox.y).toBeGreaterThanOrEqual(0);
  expect(closeBox.x + closeBox.width).toBeLessThanOrEqual(1440);
  const colours = await close.evaluate((el) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el);
    return { text: style.color, background: style.backgroundColor };
  });
  expect(colours.text, 'the close icon is the colour of its background').not.toBe(colours.background);
  await expectNoSeriousA11yViolations(page, 'snapshot export dialog');
  await close.click();
  await expect(dialog).toBeHidden();
});

test('the dashboard labels findings with check names and groups them by root cause, downloadable as CSV', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}`);
  const chart = page.getByTestId('findings-chart');
  await expect(chart.locator('svg')).toBeVisible();
  const labels = await chart.locator('svg text').allTextContents();
  expect(labels).toContain('IU-05 No high-risk system permissions');
  expect(labels).toContain("ORG-02 No person's account runs an integration");
  expect(labels, 'an id alone as a label').not.toContain('IU-05');
  await screenshotOf(page.getByRole('region', { name: 'Findings by check and severity' }), 'findings-chart');

  // One permission set with View All Data: one fix, with the three results it closes.
  const roots = page.getByTestId('root-causes');
  const legacy = roots.getByTestId('root-cause').filter({ hasText: 'permission set Legacy_Migration_Access' });
  await expect(legacy).toHaveCount(1);
  await expect(legacy).toContainText(`remove View All Data (ViewAllData) from permission set Legacy_Migration_Access, or unassign it from ${BILLING_USER}`);
  for (const id of ['IU-05', 'IU-06', 'IU-08']) await expect(legacy.getByRole('listitem').filter({ hasText: `Billing ${id} (${BILLING_USER})` })).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, 'dashboard with root causes');
  await screenshotOf(roots, 'root-causes');

  const [download] = await Promise.all([page.waitForEvent('download'), roots.getByRole('button', { name: 'Download remediation plan (CSV)' }).click()]);
  expect(download.suggestedFilename()).toBe(`${ORG}-remediation-plan.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('"Root cause (granted by)","Grant","Change","Integration users","Results it closes","Owner","Due","Status"');
  const row = lines.find((l) => l.startsWith('"permission set Legacy_Migration_Access"'))!;
  expect(row).toContain(`"Billing IU-05 (${BILLING_USER}); Billing IU-06 (${BILLING_USER}); Billing IU-08 (${BILLING_USER})"`);
  expect(row.endsWith('"open"')).toBe(true);
});

test('a printed checklist is the system report: no navigation, every check with its result, decision and evidence', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}/systems/Billing/checklist?check=IU-05`);
  const checklist = new ChecklistPage(page);
  await expect(checklist.step).toBeVisible();
  await checklist.decide(checklist.step.getByTestId('check-result').first(), {
    kind: 'Plan remediation',
    owner: 'Marcus Lee',
    due: '2099-03-31',
    justification: 'Owner agreed to remove View All Data in the next change window.',
    reviewer: 'Ada Auditor',
  });
  const view = await call<{ evaluation: { systems: { name: string; checks: { id: string }[] }[] } }>(page.request, 'audit.evaluate', { orgAlias: ORG });
  const ids = [...new Set(view.evaluation.systems.find((s) => s.name === 'Billing')!.checks.map((c) => c.id))];
  expect(ids.length).toBeGreaterThan(10);

  // The system's own fixes by root cause, below the steps: the View All Data set once, IU-05 planned.
  const legacy = page.getByTestId('root-causes').getByTestId('root-cause').filter({ hasText: 'permission set Legacy_Migration_Access' });
  await expect(legacy).toHaveCount(1);
  await expect(legacy).toContainText('Marcus Lee');
  await expect(legacy).toContainText('2099-03-31');
  await expect(legacy).toContainText('open / remediation planned');

  const report = page.getByTestId('print-report');
  await expect(report).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Org sections' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Checks' })).toBeHidden();
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('button', { name: /^(Decide|Change decision|Add note|Next check|Next open item)$/ })).toHaveCount(0);
  await expect(report).toBeVisible();
  const checks = report.getByTestId('print-check');
  await expect(checks).toHaveCount(ids.length);
  for (const id of ids) await expect(report.locator(`[data-check="${id}"]`)).toBeVisible();
  const iu05 = report.locator('[data-check="IU-05"]');
  await expect(iu05).toContainText('IU-05 No high-risk system permissions · Fail · High severity');
  const row = iu05.getByRole('row', { name: new RegExp(BILLING_USER) });
  await expect(row).toContainText('remediation planned by Ada Auditor: Marcus Lee, due 2099-03-31: Owner agreed to remove View All Data');
  await expect(row).toContainText('1 evidence row. How to fix: remove View All Data (ViewAllData) from permission set Legacy_Migration_Access');
  await expect(report.locator('[data-check="IU-06"]').getByRole('row', { name: new RegExp(BILLING_USER) })).toContainText('no decision yet');
  await screenshotOf(page.locator('#main-content'), 'checklist-print');
  await page.emulateMedia({ media: 'screen' });
  await expect(report).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Org sections' })).toBeVisible();
});

test('forms say what is wrong in a sentence: collect look-back days, system thresholds, the pack to verify', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}/collect`);
  const lookback = page.getByLabel('Look back (days)');
  for (const bad of ['abc', '-5', '2.5', '0']) {
    await lookback.fill(bad);
    await page.getByRole('button', { name: 'Collect now' }).click();
    await expect(lookback).toHaveAccessibleDescription(`Look-back days must be a whole number from 1 to 3650, not “${bad}”; leave the field empty for the default.`);
  }
  await expect(page.getByText(/Invalid input|expected number|sync\.start|collect\.start/)).toHaveCount(0);
  await expect(page.getByTestId('collect-done')).toHaveCount(0);
  await screenshot(page, 'collect-invalid');

  await page.goto(`${app.origin}/#/orgs/${ORG}/systems/Billing/edit`);
  const stale = page.getByLabel('Stale after (days)');
  await stale.fill('-5');
  await page.getByLabel('Rotate within (days)').fill('abc');
  await page.getByRole('button', { name: 'Save system' }).click();
  await expect(stale).toHaveAccessibleDescription(/^Must be a whole number of days, 1 or more\./);
  await expect(page.getByLabel('Rotate within (days)')).toHaveAccessibleDescription(/^Must be a whole number of days, 1 or more\./);
  await expect(page.getByText(/Invalid input|expected number|Too small/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'system editor with invalid thresholds');

  await page.goto(`${app.origin}/#/orgs/${ORG}/evidence`);
  await page.getByLabel('Path of the pack').fill('pack.xlsx');
  await page.getByLabel('Expected digest (optional)').fill('abc');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(page.getByLabel('Path of the pack')).toHaveAccessibleDescription(/^“pack\.xlsx” is not a full path/);
  await expect(page.getByLabel('Expected digest (optional)')).toHaveAccessibleDescription(/^A pack digest is 64 characters, 0–9 and a–f; this one has 3 characters\./);
  await expect(page.getByText(/Invalid string|must match pattern|absolute path/)).toHaveCount(0);
});
