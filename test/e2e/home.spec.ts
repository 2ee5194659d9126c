import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveApp, type ServedApp } from './support/server';

const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string };
let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app?.stop();
});

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
