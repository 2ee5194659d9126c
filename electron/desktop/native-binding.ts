/**
 * better-sqlite3 is a native module, and Node and Electron have different ABIs. We keep two
 * builds side by side: node_modules/better-sqlite3 stays built for Node (tests, CLI, browser
 * mode), and an Electron build lives in out/native/electron-<abi>-<platform>-<arch>/, passed
 * to better-sqlite3 as `nativeBinding` (via IUA_SQLITE_BINDING) by main.ts. This file holds
 * the naming, the ABI check and the build decision, shared by main.ts and
 * scripts/native-electron.ts, and free of the `electron` import so it is tested under Node.
 */
import path from 'node:path';

export const BINDING_FILE = 'better_sqlite3.node';
export const MANIFEST_FILE = 'manifest.json';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export function electronBindingDir(outDir: string, abi: string | number, platform: string = process.platform, arch: string = process.arch): string {
  return path.join(outDir, 'native', `electron-${abi}-${platform}-${arch}`);
}

export function electronBindingPath(outDir: string, abi: string | number, platform: string = process.platform, arch: string = process.arch): string {
  return path.join(electronBindingDir(outDir, abi, platform, arch), BINDING_FILE);
}

/** Native code cannot be loaded from inside an asar archive; electron-builder unpacks it beside. */
export function unpackedAsarPath(p: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  return p.includes(marker) ? p.replace(marker, `${path.sep}app.asar.unpacked${path.sep}`) : p;
}

/**
 * The ABI a V8 addon was compiled for, read from the `node_register_module_v<ABI>` symbol that
 * NODE_MODULE_INIT exports; null when there is none (e.g. an N-API module or not an addon).
 * A static check that does not need the runtime that would load it.
 */
export function abiOfAddon(bytes: Uint8Array): number | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const abis = new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])));
  return abis.size === 1 ? [...abis][0] : null;
}

export interface NativeManifest {
  electronVersion: string;
  abi: number;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
}

export interface PlanInput {
  /** Path of the Electron executable, or null when it was not downloaded. */
  electronBinary: string | null;
  electronVersion: string;
  electronAbi: number | null;
  betterSqlite3Version: string;
  platform: string;
  arch: string;
  /** What is on disk now: the manifest written by the last build and the ABI read from the binary. */
  existing: { manifest: NativeManifest | null; binaryAbi: number | null } | null;
  force?: boolean;
}

export type NativePlan = { action: 'skip'; reason: string } | { action: 'reuse'; reason: string } | { action: 'build'; reason: string };

/** Build only when Electron is present and what is on disk is not exactly what it needs. */
export function planElectronNativeBuild(input: PlanInput): NativePlan {
  if (!input.electronBinary) {
    return {
      action: 'skip',
      reason:
        'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no access to its download host), so there is nothing to build for; Node builds are unaffected.',
    };
  }
  if (input.electronAbi === null) return { action: 'skip', reason: `could not determine the ABI of Electron ${input.electronVersion}.` };
  if (input.force) return { action: 'build', reason: 'forced' };
  const { existing } = input;
  if (!existing || !existing.manifest) return { action: 'build', reason: 'no Electron build of better-sqlite3 yet' };
  const m = existing.manifest;
  const want: NativeManifest = {
    electronVersion: input.electronVersion,
    abi: input.electronAbi,
    betterSqlite3Version: input.betterSqlite3Version,
    platform: input.platform,
    arch: input.arch,
  };
  for (const key of Object.keys(want) as (keyof NativeManifest)[]) {
    if (m[key] !== want[key]) return { action: 'build', reason: `${key} changed (${String(m[key])} → ${String(want[key])})` };
  }
  if (existing.binaryAbi !== input.electronAbi) {
    return { action: 'build', reason: `the binary on disk is for ABI ${String(existing.binaryAbi)}, Electron needs ${input.electronAbi}` };
  }
  return { action: 'reuse', reason: `better-sqlite3 ${m.betterSqlite3Version} already built for Electron ${m.electronVersion} (ABI ${m.abi})` };
}

/**
 * The environment for node-gyp: without npm's `nodedir`, which (set to /usr in some npm
 * configs) makes node-gyp use Node's own headers and silently build for Node's ABI.
 */
export function gypEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    const key = k.toLowerCase();
    if (key === 'npm_config_nodedir' || key === 'npm_config_target' || key === 'npm_config_runtime' || key === 'npm_config_disturl' || key === 'npm_config_dist_url') continue;
    clean[k] = v;
  }
  return clean;
}

/** node-gyp arguments: fetch Electron's headers into devdir, then build against them explicitly. */
export function nodeGypArgs(o: { electronVersion: string; arch: string; devdir: string }): { install: string[]; rebuild: string[] } {
  const common = [`--target=${o.electronVersion}`, `--arch=${o.arch}`, `--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${o.devdir}`];
  return {
    install: ['install', ...common],
    rebuild: ['rebuild', '--release', ...common, `--nodedir=${path.join(o.devdir, o.electronVersion)}`],
  };
}
