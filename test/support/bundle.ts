/**
 * Bundles a TypeScript entry point (with esbuild, as scripts/build-electron.mjs does for the
 * app) so scenarios that spawn many processes do not pay tsx's transform on every start: on
 * this shared 2-core machine that is the difference between ~3 s and ~15 s per process.
 * Native and CommonJS packages stay external and resolve from node_modules.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { ROOT } from './tmp';

export { MIGRATIONS_DIR } from './tmp';

const EXTERNAL = ['electron', 'better-sqlite3', '@napi-rs/keyring', 'jsforce', 'exceljs'];

const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const fullySpecified: Plugin = {
  name: 'fully-specified-externals',
  setup(b) {
    const pattern = new RegExp(`^(${EXTERNAL.map((e) => e.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/`);
    b.onResolve({ filter: pattern }, (args) => {
      const pkg = EXTERNAL.find((e) => args.path.startsWith(`${e}/`))!;
      const pkgDir = path.dirname(requireFromRoot.resolve(`${pkg}/package.json`));
      const file = requireFromRoot.resolve(args.path);
      return { path: `${pkg}/${path.relative(pkgDir, file).split(path.sep).join('/')}`, external: true };
    });
  },
};

/** Returns the path of an ESM bundle of `entry` (relative to the repository root). */
export async function bundle(entry: string): Promise<string> {
  // Inside the repository so the external packages resolve; node_modules/.cache is ignored by git.
  const base = path.join(ROOT, 'node_modules/.cache/iua-reliability');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'b-'));
  const outfile = path.join(dir, `${path.basename(entry).replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    plugins: [fullySpecified],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

export function removeBundle(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
