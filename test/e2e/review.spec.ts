/**
 * Notes on the checklist (saved, still there after a reload; a refused save keeps what was
 * typed) and check severity on the dashboard and the checklist, on the demo org.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { expectNoSeriousA11yViolations } from './support/axe';
import { ChecklistPage, DashboardPage } from './pages/OrgPages';
import { FindingsPanel, ResultNotes } from './pages/ReviewPages';

const app = servedAppForFile();

async function ensureDemo(request: APIRequestContext) {
  const headers = { 'x-iua-token': app.token };
  const orgs = await (await request.post(`${app.origin}/api/orgs.list`, { headers, data: {} })).json();
  if (!orgs.value.orgs.some((o: { alias: string }) => o.alias === 'greenpath-demo')) {
    expect((await (await request.post(`${app.origin}/api/demo.start`, { headers, data: {} })).json()).ok).toBe(true);
  }
}

test('a note on a check survives a reload; a refused save says why and keeps the text', async ({ page, request }) => {
  test.setTimeout(120_000);
  await ensureDemo(request);
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath-demo/systems/Billing/checklist?check=IU-05`);
  const checklist = new ChecklistPage(page);
  await expect(page.getByRole('heading', { level: 2, name: /^IU-05 / })).toBeVisible();
  const result = checklist.step.getByTestId('check-result').first();
  const notes = new ResultNotes(page, result);

  // Too long for the contract (10,000 characters): said on the field, nothing sent, nothing lost.
  await notes.open();
  await expect(notes.text).toHaveAccessibleDescription('0 of 10,000 characters');
  const tooLong = `Legacy migration access: confirm removal with the owner. ${'x'.repeat(10_000)}`;
  await notes.write(tooLong, 'Ada Auditor');
  await expect(notes.text).toHaveAttribute('aria-invalid', 'true');
  await expect(notes.text).toHaveAccessibleDescription(/^A note can be at most 10,000 characters; this one has 10,057\. .*what you typed is kept\.$/);
  await expect(notes.text).toHaveValue(tooLong);
  await expect(notes.list).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'checklist note refused');

  // The back end refuses an author longer than the contract allows: the message lands on that
  // field and the note stays typed.
  const text = 'Owner (R. Chen) confirms Legacy_Migration_Access is removed in change CHG-204 next week.';
  await notes.write(text, 'A'.repeat(201));
  await expect(notes.author).toHaveAttribute('aria-invalid', 'true');
  await expect(notes.author).toHaveAccessibleDescription(/200/);
  await expect(notes.text).toHaveValue(text);
  await expect(notes.text).not.toHaveAttribute('aria-invalid', 'true');
  await expect(notes.list).toHaveCount(0);

  await notes.author.fill('Ada Auditor');
  await notes.form.getByRole('button', { name: 'Save note' }).click();
  await expect(notes.form).toBeHidden();
  await expect(notes.list.getByRole('listitem')).toHaveCount(1);
  await expect(notes.list).toContainText(text);
  await expect(notes.list).toContainText('— Ada Auditor');
  await expectNoSeriousA11yViolations(page, 'checklist with a note');

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /^IU-05 / })).toBeVisible();
  const reloaded = new ResultNotes(page, checklist.step.getByTestId('check-result').first());
  await expect(reloaded.list.getByRole('listitem')).toHaveCount(1);
  await expect(reloaded.list).toContainText(text);
  // Another check's result does not show it.
  await checklist.openCheck('IU-01');
  await expect(checklist.step.getByRole('list', { name: 'Notes' })).toHaveCount(0);
});

test('severity: the dashboard counts findings by check and severity; the checklist shows each check’s severity', async ({ page, request }) => {
  test.setTimeout(120_000);
  await ensureDemo(request);
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/greenpath-demo`);
  await new DashboardPage(page).expectLoaded();
  const findings = new FindingsPanel(page);
  await expect(findings.section.getByRole('heading', { name: 'Findings by check and severity' })).toBeVisible();
  await expect(findings.chart).toHaveAttribute('aria-label', /coloured by severity\. High: [1-9]\d*, Medium: \d+, Low: \d+\./);
  await expect(findings.chart).toHaveAttribute('aria-label', /IU-12 Not a person's account \(high severity\): 1 fail/);
  await expect(findings.bySeverity).toContainText(/Open findings by severity: [1-9]\d* high · \d+ medium · \d+ low/);
  await findings.showTable();
  await expect(findings.row('IU-05').getByRole('cell').first()).toHaveText('High severity');
  await expect(findings.row('IU-10').getByRole('cell').first()).toHaveText('Medium severity');
  await expect(findings.row('IU-11').getByRole('cell').first()).toHaveText('Low severity');
  // The open-findings column agrees with the status columns (fail + warning).
  const cells = (await findings.row('IU-11').getByRole('cell').allTextContents()).map((t) => t.trim());
  expect(Number(cells[1])).toBe(Number(cells[2]) + Number(cells[3]));
  expect(Number(cells[1])).toBeGreaterThan(0);
  await expectNoSeriousA11yViolations(page, 'dashboard findings by severity');

  await page.goto(`${app.origin}/#/orgs/greenpath-demo/systems/Pharmacy/checklist?check=IU-10`);
  const checklist = new ChecklistPage(page);
  await expect(checklist.step.getByTestId('severity')).toHaveText('Medium severity');
  const nav = page.getByRole('navigation', { name: 'Checks' });
  await expect(nav.getByRole('button', { name: /^IU-07 Sensitive fields within declared scope \(high severity\)/ })).toBeVisible();
  await expect(nav.getByRole('button', { name: /^IU-15 Owner and purpose documented \(low severity\)/ })).toBeVisible();
  await checklist.openCheck('IU-12');
  await expect(checklist.step.getByTestId('severity')).toHaveText('High severity');
  await expectNoSeriousA11yViolations(page, 'checklist with severity');
});
