/**
 * UI scenario (a child process): browser mode (`iua serve`, fresh data directory) in headless
 * Chromium; milliseconds from clicking **Try the demo org** to the dashboard, and on to the
 * Integration users table (the click on the nav link included), as a first-time auditor
 * would go. The renderer must be built (`npx vite build`); run.ts builds it when missing.
 *
 *   tsx test/bench/ui.ts
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../e2e/support/chromium';
import { CLI_MAIN, elapsedMs, note, reply, startProcess, tempDir, TSX_CLI } from './lib';
import type { UiSide } from './report';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TIMEOUT = 120_000;

async function main(): Promise<void> {
  const dataDir = tempDir('iua-bench-ui-');
  const server = await startProcess([TSX_CLI, CLI_MAIN, '--data-dir', dataDir, 'serve', '--port', '0'], /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, 120_000);
  const browser = await chromium.launch({ headless: true, executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(server.match[1]);
    await page.getByRole('heading', { name: 'Integration User Auditor', level: 1 }).waitFor({ state: 'visible', timeout: TIMEOUT });
    const tryDemo = page.getByRole('button', { name: 'Try the demo org' });
    await tryDemo.waitFor({ state: 'visible', timeout: TIMEOUT });
    const started = performance.now();
    await tryDemo.click();
    await page.getByRole('heading', { name: /^Dashboard:/ }).waitFor({ state: 'visible', timeout: TIMEOUT });
    const dashboardMs = elapsedMs(started);
    await page.getByRole('navigation', { name: 'Org sections' }).getByRole('link', { name: 'Integration users' }).click();
    await page.getByRole('table', { name: 'Integration users' }).waitFor({ state: 'visible', timeout: TIMEOUT });
    const demoToTableMs = elapsedMs(started);
    note(`Try the demo org → dashboard ${dashboardMs} ms → Integration users table ${demoToTableMs} ms`);
    const side: UiSide = { demoToTableMs, dashboardMs };
    reply(side);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
