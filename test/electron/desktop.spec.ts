import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildApp, electronSkipReason, launchApp, secondInstance, ROOT, type LaunchedApp } from './support/launch';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

/** The page globals these probes touch (this project's Node tsconfig has no DOM lib). */
interface PageGlobals {
  iua: { invoke(channel: string, input: unknown): Promise<unknown> };
  open(url: string, target: string): unknown;
  location: { href: string; origin: string };
  Notification: { requestPermission(): Promise<string> };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

test.describe('desktop app (real Electron)', () => {
  test.skip(electronSkipReason !== null, electronSkipReason ?? '');

  let launched: LaunchedApp;
  test.beforeAll(async () => {
    buildApp();
    launched = await launchApp();
  });
  test.afterAll(async () => {
    await launched?.close();
  });

  test('loads from app://iua and shows the version on the home screen', async () => {
    const { page, dataDir } = launched;
    expect(page.url()).toMatch(/^app:\/\/iua\//);
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    await expect(page.getByText(/Desktop \(Electron /)).toBeVisible();
    await expect(page.getByText(dataDir)).toBeVisible();
  });

  test('the page has no Node: require, process and module are absent; the bridge has invoke and on only', async () => {
    const probe = await launched.page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, Buffer: typeof w.Buffer, bridge: Object.keys(w.iua as object).sort() };
    });
    expect(probe).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', bridge: ['invoke', 'on'] });
  });

  test('window.open to a foreign origin does nothing, and foreign navigation is refused', async () => {
    const { app, page } = launched;
    const windowsBefore = app.windows().length;
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://evil.example/', '_blank') === null);
    expect(opened).toBe(true);
    expect(app.windows().length).toBe(windowsBefore);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://evil.example/';
    });
    // A navigation that went through would have destroyed this context; it answers from app://.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.origin)).toBe('app://iua');
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    expect(app.windows().length).toBe(windowsBefore);
  });

  test('the CSP blocks eval and is sent as a header by app://', async () => {
    const { page } = launched;
    const result = await page.evaluate(() => {
      const attempts: string[] = [];
      try {
        eval('1 + 1');
        attempts.push('eval ran');
      } catch (e) {
        attempts.push((e as Error).name);
      }
      try {
        new Function('return 1')();
        attempts.push('Function ran');
      } catch (e) {
        attempts.push((e as Error).name);
      }
      return attempts;
    });
    expect(result).toEqual(['EvalError', 'EvalError']);
    const header = await page.evaluate(() => fetch('/index.html').then((r) => r.headers.get('content-security-policy')));
    expect(header).toBe(CONTENT_SECURITY_POLICY);
  });

  test('permission requests are denied', async () => {
    expect(await launched.page.evaluate(() => (globalThis as unknown as PageGlobals).Notification.requestPermission())).toBe('denied');
  });

  test('the demo org works end to end through the real IPC bridge', async () => {
    const { page } = launched;
    const started = await page.evaluate(() => (globalThis as unknown as PageGlobals).iua.invoke('demo.start', {}));
    expect(started).toMatchObject({ ok: true, value: { orgAlias: expect.any(String), snapshotId: expect.any(String) } });
    const orgs = await page.evaluate(() => (globalThis as unknown as PageGlobals).iua.invoke('orgs.list', {}));
    expect(JSON.stringify(orgs)).toContain((started as { value: { orgAlias: string } }).value.orgAlias);
    const malformed = await page.evaluate(() => (globalThis as unknown as PageGlobals).iua.invoke('demo.start', 'x'));
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  test('a second launch on the same data directory exits and leaves the first running', async () => {
    const { app, dataDir, page } = launched;
    const r = secondInstance(dataDir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(app.windows().length).toBe(1);
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
  });
});
