import { test, expect } from '@playwright/test';
import { servedAppForFile } from './support/served';

const app = servedAppForFile();

test('the DataTable holds 50,000 rows with only the visible ones in the DOM, and sorts, filters and reaches the last row', async ({ page }) => {
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/_perf/table?rows=50000`);
  const table = page.getByRole('table', { name: 'Synthetic rows' });
  await expect(table).toHaveAttribute('aria-rowcount', '50001');
  const rendered = await table.locator('tbody tr').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(100);

  // Scroll to the end: the last row is rendered with its true position.
  await page.getByRole('region', { name: 'Synthetic rows (scrollable)' }).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table.locator('tr[aria-rowindex="50001"]')).toContainText('user49999@example.com');

  await table.getByRole('button', { name: 'Username' }).click();
  await table.getByRole('button', { name: 'Username' }).click();
  await expect(table.getByRole('columnheader', { name: 'Username' })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('region', { name: 'Synthetic rows (scrollable)' }).evaluate((el) => (el.scrollTop = 0));
  await expect(table.locator('tr[aria-rowindex="2"]')).toContainText('user49999@example.com');

  await page.getByLabel('Search synthetic rows').fill('user0420');
  await expect(table).toHaveAttribute('aria-rowcount', '11');

  await page.getByRole('button', { name: 'Columns' }).click();
  // SLDS draws a faux box over the input: click the label, as a person would.
  await page.locator('.slds-dropdown').getByText('Permission', { exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'Permission' })).not.toBeChecked();
  await expect(table.getByRole('columnheader', { name: 'Permission' })).toHaveCount(0);
});
