import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

/** Writes docs/screenshots/<name>.png when SCREENSHOTS=1 (scripts/screenshots.ts sets it). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.waitForTimeout(300); // let charts finish their first paint
  await page.screenshot({ path: path.join(DIR, `${name}.png`), fullPage: false });
}

/** Writes docs/screenshots/<name>.png of one part of the screen (below the fold too) when SCREENSHOTS=1. */
export async function screenshotOf(part: Locator, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await part.page().waitForTimeout(300); // let charts finish their first paint
  await part.screenshot({ path: path.join(DIR, `${name}.png`) });
}
