/**
 * Which Chromium Playwright drives: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download. Fails with a message naming all three when none exists.
 */
import fs from 'node:fs';
import { chromium } from '@playwright/test';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => !!p);
  for (const p of candidates) if (fs.existsSync(p)) return p;
  let bundled: string | null = null;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = null;
  }
  if (bundled && fs.existsSync(bundled)) return bundled;
  throw new Error(
    "No Chromium found for the end-to-end tests. Set CHROMIUM_PATH, install Debian's chromium (/usr/bin/chromium: apt-get install -y chromium), or run `npx playwright install chromium`.",
  );
}
