import { defineConfig } from '@playwright/test';

/**
 * The real-Electron tests (test/electron). They drive the development Electron binary with
 * Playwright's `_electron`, and skip — saying why — where the binary was not downloaded.
 * Kept apart from playwright.config.ts, which drives Chromium in browser mode.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
});
