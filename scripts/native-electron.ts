/**
 * Builds better-sqlite3 for Electron's ABI into out/native/electron-<abi>-<platform>-<arch>/,
 * leaving node_modules/better-sqlite3 built for Node. Run by build-electron.mjs (so by
 * `npm start`, `npm run build` and `npm run package`); does nothing when the Electron binary
 * is absent, and reuses an existing build when Electron and better-sqlite3 have not changed.
 *
 *   npx tsx scripts/native-electron.ts [--force] [--check]
 *
 * --check only reports the plan. The result is verified twice: the ABI symbol in the binary
 * must match Electron's, and Electron (as Node) must open an in-memory database with it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  BINDING_FILE,
  MANIFEST_FILE,
  abiOfAddon,
  electronBindingDir,
  gypEnvironment,
  nodeGypArgs,
  planElectronNativeBuild,
  type NativeManifest,
} from '../electron/desktop/native-binding';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = path.join(root, 'out');
const args = new Set(process.argv.slice(2));

function say(msg: string): void {
  console.log(`[native-electron] ${msg}`);
}

function electronBinary(): string | null {
  try {
    const bin = require('electron') as unknown; // the package exports the executable's path
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function pkgVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Electron's ABI, asked of the binary itself; the package's abi_version file as a fallback. */
function electronAbi(bin: string | null): number | null {
  if (bin) {
    const r = spawnSync(bin, ['-p', 'process.versions.modules'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    if (r.status === 0 && Number.isInteger(n) && n > 0) return n;
  }
  try {
    const n = Number(fs.readFileSync(path.join(root, 'node_modules/electron/abi_version'), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function readExisting(dir: string): { manifest: NativeManifest | null; binaryAbi: number | null } | null {
  const bin = path.join(dir, BINDING_FILE);
  if (!fs.existsSync(bin)) return null;
  let manifest: NativeManifest | null = null;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as NativeManifest;
  } catch {
    manifest = null;
  }
  return { manifest, binaryAbi: abiOfAddon(fs.readFileSync(bin)) };
}

function run(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  say(`$ ${path.basename(cmd)} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${argv[0] ?? ''} failed (exit ${r.status ?? r.signal}).`);
}

/** Electron as Node must load the binding and run a query with it. */
function verifyUnderElectron(bin: string, binding: string, abi: number): void {
  const probe =
    `const D=require(${JSON.stringify(path.join(root, 'node_modules/better-sqlite3'))});` +
    `const db=new D(':memory:',{nativeBinding:${JSON.stringify(binding)}});` +
    `const v=db.prepare('select sqlite_version() v').get().v;db.close();` +
    `console.log(process.versions.modules+' '+v)`;
  const r = spawnSync(bin, ['-e', probe], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
  const [gotAbi, sqlite] = (r.stdout ?? '').trim().split(' ');
  if (r.status !== 0 || Number(gotAbi) !== abi) {
    throw new Error(`Electron could not load ${binding}: ${(r.stderr ?? '').trim() || `ABI ${gotAbi}, expected ${abi}`}`);
  }
  say(`verified: Electron (ABI ${gotAbi}) opened a database with SQLite ${sqlite}.`);
}

function build(bin: string, manifest: NativeManifest, dir: string): void {
  const work = path.join(outDir, 'native', '.build', 'better-sqlite3');
  const devdir = path.join(outDir, 'native', '.electron-gyp');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  // Build a copy so node_modules/better-sqlite3/build (Node's ABI) is never touched.
  const src = path.join(root, 'node_modules/better-sqlite3');
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps']) fs.cpSync(path.join(src, entry), path.join(work, entry), { recursive: true });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const env = gypEnvironment(process.env);
  const a = nodeGypArgs({ electronVersion: manifest.electronVersion, arch: manifest.arch, devdir });
  try {
    run(process.execPath, [gyp, ...a.install], work, env);
  } catch (err) {
    throw new Error(`${(err as Error).message} Electron's headers could not be downloaded from electronjs.org/headers; without them better-sqlite3 cannot be built for Electron.`);
  }
  run(process.execPath, [gyp, ...a.rebuild], work, env);
  const built = path.join(work, 'build', 'Release', BINDING_FILE);
  const abi = abiOfAddon(fs.readFileSync(built));
  if (abi !== manifest.abi) throw new Error(`node-gyp built for ABI ${String(abi)}, but Electron ${manifest.electronVersion} needs ${manifest.abi}; refusing to install it.`);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, BINDING_FILE);
  fs.copyFileSync(built, target + '.tmp');
  fs.renameSync(target + '.tmp', target);
  verifyUnderElectron(bin, target, manifest.abi);
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  fs.rmSync(path.join(outDir, 'native', '.build'), { recursive: true, force: true });
}

function main(): number {
  const bin = electronBinary();
  const electronVersion = pkgVersion('electron');
  const abi = electronAbi(bin);
  const manifest: NativeManifest = {
    electronVersion,
    abi: abi ?? -1,
    betterSqlite3Version: pkgVersion('better-sqlite3'),
    platform: process.platform,
    arch: process.arch,
  };
  const dir = electronBindingDir(outDir, abi ?? 'unknown');
  const plan = planElectronNativeBuild({ ...manifest, electronBinary: bin, electronAbi: abi, existing: readExisting(dir), force: args.has('--force') });
  say(`${plan.action}: ${plan.reason}`);
  if (plan.action !== 'build' || args.has('--check') || !bin) return 0;
  try {
    build(bin, manifest, dir);
    say(`built ${path.relative(root, path.join(dir, BINDING_FILE))} for Electron ${electronVersion} (ABI ${manifest.abi}).`);
    return 0;
  } catch (err) {
    console.error(`[native-electron] ${(err as Error).message}`);
    return 1;
  }
}

process.exit(main());
