/**
 * One browser-mode app per spec file: started before the file's first test, stopped after its
 * last. Returns an object filled in when the app has started, so tests read `app.origin` as usual.
 */
import { test } from '@playwright/test';
import { serveApp, type ServedApp } from './server';

export function servedAppForFile(): ServedApp {
  const app = {} as ServedApp;
  test.beforeAll(async () => {
    // Starting `iua serve` through tsx can take most of a minute on a busy machine.
    test.setTimeout(120_000);
    Object.assign(app, await serveApp());
  });
  test.afterAll(async () => {
    await app.stop?.();
  });
  return app;
}
