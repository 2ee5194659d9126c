/**
 * Regenerates docs/screenshots/*.png from a real e2e run: builds the renderer, then runs the
 * Playwright specs that walk the main screens with SCREENSHOTS=1 (see test/e2e/support/screenshots.ts).
 *
 *   npx tsx scripts/screenshots.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.mkdirSync(path.join(root, 'docs', 'screenshots'), { recursive: true });

function run(cmd: string, args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
    process.exit(r.status ?? 1);
  }
}

// The e2e specs include the test-only routes (e.g. the 50,000-row table), as `npm run test:e2e` builds them.
run('npx', ['vite', 'build'], { VITE_IUA_TEST_ROUTES: '1' });
run('npx', ['playwright', 'test'], { SCREENSHOTS: '1' });
const shots = fs.readdirSync(path.join(root, 'docs', 'screenshots')).filter((f) => f.endsWith('.png'));
console.log(`Wrote ${shots.length} screenshots to docs/screenshots: ${shots.join(', ')}`);
