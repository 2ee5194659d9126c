// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads
// cannot load ES modules) into out/electron, copies the SQL migrations beside them, then makes
// sure better-sqlite3 exists built for Electron's ABI in out/native (skipped, with a message,
// when the Electron binary is not installed; reused when nothing changed).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// --out-dir lets the bundle smoke test build elsewhere; it must stay inside the repo so the
// external packages resolve from node_modules.
const outArg = process.argv.find((a) => a.startsWith('--out-dir='));
const outDir = outArg ? path.resolve(root, outArg.slice('--out-dir='.length)) : path.join(root, 'out', 'electron');
const external = ['electron', 'better-sqlite3', '@napi-rs/keyring', 'jsforce', 'exceljs'];

// Node's ESM loader needs full file names for subpaths of CommonJS packages without an
// exports map ("jsforce/lib/http-api" → "jsforce/lib/http-api.js"); keep them external but
// fully specified, as the package will sit in node_modules beside the bundle.
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const fullySpecifiedExternals = {
  name: 'fully-specified-externals',
  setup(b) {
    const pattern = new RegExp(`^(${external.map((e) => e.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/`);
    b.onResolve({ filter: pattern }, (args) => {
      const pkg = external.find((e) => args.path.startsWith(e + '/'));
      const pkgDir = path.dirname(requireFromRoot.resolve(`${pkg}/package.json`));
      const file = requireFromRoot.resolve(args.path);
      return { path: `${pkg}/${path.relative(pkgDir, file).split(path.sep).join('/')}`, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(root, 'electron/main.ts')],
  plugins: [fullySpecifiedExternals],
  outfile: path.join(outDir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
// The preload needs only the channel names, not zod and the schemas: evaluate the contract
// here and hand the preload a two-line module instead, so what runs in the page stays tiny.
const contractBundle = await build({
  entryPoints: [path.join(root, 'shared/contract.ts')],
  bundle: true,
  write: false,
  platform: 'neutral',
  format: 'esm',
  logLevel: 'warning',
});
const contract = await import('data:text/javascript;base64,' + Buffer.from(contractBundle.outputFiles[0].text).toString('base64'));
const channelNames = {
  name: 'contract-channel-names',
  setup(b) {
    b.onResolve({ filter: /\/shared\/contract$/ }, (args) =>
      args.importer.endsWith(path.join('electron', 'preload.ts')) ? { path: 'channel-names', namespace: 'iua' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'iua' }, () => ({
      contents: `export const CALL_NAMES = ${JSON.stringify(contract.CALL_NAMES)};\nexport const EVENT_NAMES = ${JSON.stringify(contract.EVENT_NAMES)};\n`,
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: [path.join(root, 'electron/preload.ts')],
  outfile: path.join(outDir, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  plugins: [channelNames],
  logLevel: 'warning',
});
fs.cpSync(path.join(root, 'electron/services/store/migrations'), path.join(outDir, 'migrations'), { recursive: true });
// Data files the back end reads at run time beside its code (the demo org's shipped scope).
const demoDir = path.join(root, 'electron/demo-org');
for (const f of fs.existsSync(demoDir) ? fs.readdirSync(demoDir).filter((n) => /\.(ya?ml|json)$/.test(n)) : []) {
  fs.mkdirSync(path.join(outDir, 'demo-org'), { recursive: true });
  fs.copyFileSync(path.join(demoDir, f), path.join(outDir, 'demo-org', f));
}
console.log(`Built ${path.relative(root, outDir)}/main.js and preload.cjs`);

if (!process.argv.includes('--no-native')) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const r = spawnSync(process.execPath, [tsx, path.join(root, 'scripts/native-electron.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('The Electron build of better-sqlite3 failed (see above). Browser mode still works: npm run iua -- serve --open');
    process.exit(r.status ?? 1);
  }
}
