// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads
// cannot load ES modules) into out/electron, and copies the SQL migrations beside them.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'out', 'electron');
const external = ['electron', 'better-sqlite3', '@napi-rs/keyring', 'jsforce', 'exceljs'];

await build({
  entryPoints: [path.join(root, 'electron/main.ts')],
  outfile: path.join(outDir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'electron/preload.ts')],
  outfile: path.join(outDir, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
fs.cpSync(path.join(root, 'electron/services/store/migrations'), path.join(outDir, 'migrations'), { recursive: true });
console.log(`Built ${path.relative(root, outDir)}/main.js and preload.cjs`);
