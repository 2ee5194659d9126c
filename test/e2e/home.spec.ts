import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { servedAppForFile } from './support/served';
import { AddOrgDialog } from './pages/HomePage';

const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string };
const app = servedAppForFile();

test('the home screen shows the app version fetched through the contract', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Integration User Auditor' })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
  // The token leaves the address bar once it is in session storage.
  expect(page.url()).not.toContain('token=');
});

test('browser mode refuses calls without the launch token', async ({ request }) => {
  const res = await request.post(`${app.origin}/api/app.info`, { data: {} });
  expect(res.status()).toBe(401);
  const ok = await request.post(`${app.origin}/api/app.info`, { data: {}, headers: { 'x-iua-token': app.token } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).ok).toBe(true);
});

test('keyboard: skip link first, then the main actions, with a visible focus ring', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('app-version')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const demo = page.getByRole('button', { name: 'Try the demo org' });
  for (let i = 0; i < 10 && !(await demo.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(demo).toBeFocused();
  const outline = await demo.evaluate((el) => {
    const s = el.ownerDocument.defaultView!.getComputedStyle(el);
    return `${s.outlineStyle} ${s.boxShadow}`;
  });
  expect(outline).not.toBe('none none');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add org' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Add an org' })).toBeVisible();
  await expect(page.getByLabel('Alias')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Add org' })).toBeFocused();
});

test('Add org: the Salesforce CLI method offers the orgs of `sf org list`, or says why it cannot', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Add org' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an org' });
  await dialog.getByLabel('How to connect').selectOption('sf_cli');
  // The test machine has no `sf` on PATH: the dialog says so in words and keeps the alias field.
  await expect(dialog.getByTestId('sf-cli-status')).toHaveText(/The Salesforce CLI \(sf\) is not installed or not on PATH/);
  await expect(dialog.getByLabel('sf alias or username')).toBeVisible();
});

test('Add org: each method asks for the fields the contract requires, and a missing one is named in the schema’s words', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Add org' }).click();
  const dialog = new AddOrgDialog(page);
  await dialog.field('Alias').fill('acme-prod');
  await dialog.chooseMethod('Username and password (legacy)');
  // The OAuth password grant needs the connected app's key and secret: the form marks them required.
  await expect(dialog.dialog.locator('label', { hasText: 'Consumer secret' }).locator('abbr[title=required]')).toHaveCount(1);
  await dialog.field('Username').fill('auditor@acme.example');
  await dialog.field('Password').fill('pw');
  await dialog.field('Consumer key').fill('key');
  await dialog.submit();
  await dialog.expectFieldError('Consumer secret', 'The username-password method needs the consumer secret of the connected app.');
  // Client credentials ask for the My Domain login URL the token request goes to, not an instance URL.
  await dialog.chooseMethod('Client credentials');
  await expect(dialog.field('Login URL (My Domain)')).toBeVisible();
  await expect(dialog.field('Instance URL')).toHaveCount(0);
  await expect(dialog.field('Alias')).toHaveValue('acme-prod');
});
