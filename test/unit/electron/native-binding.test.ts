import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { abiOfAddon, electronBindingPath, gypEnvironment, nodeGypArgs, planElectronNativeBuild, unpackedAsarPath, type PlanInput } from '../../../electron/desktop/native-binding';
import { ROOT, TSX_CLI } from '../../support/tmp';

const nodeBuild = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const manifest = { electronVersion: '41.7.1', abi: 145, betterSqlite3Version: '12.11.1', platform: 'linux', arch: 'x64' };
const base: PlanInput = { ...manifest, electronBinary: '/x/electron', electronAbi: 145, existing: { manifest, binaryAbi: 145 } };

describe('Electron build of better-sqlite3', () => {
  it('reads the ABI a V8 addon was built for from its bytes', () => {
    // node_modules keeps Node's build: that is what `npm test` and the CLI load.
    expect(abiOfAddon(fs.readFileSync(nodeBuild))).toBe(Number(process.versions.modules));
    expect(abiOfAddon(Buffer.from('no symbol here'))).toBeNull();
    expect(abiOfAddon(Buffer.from('node_register_module_v115 node_register_module_v145'))).toBeNull();
  });

  it('skips with a reason when the Electron binary is missing', () => {
    const plan = planElectronNativeBuild({ ...base, electronBinary: null, existing: null });
    expect(plan.action).toBe('skip');
    expect(plan.reason).toMatch(/Electron binary is not installed/);
  });

  it('reuses a build that matches exactly, and rebuilds on any change', () => {
    expect(planElectronNativeBuild(base).action).toBe('reuse');
    expect(planElectronNativeBuild({ ...base, existing: null }).action).toBe('build');
    expect(planElectronNativeBuild({ ...base, force: true }).action).toBe('build');
    expect(planElectronNativeBuild({ ...base, electronVersion: '41.8.0' })).toMatchObject({ action: 'build', reason: expect.stringMatching(/electronVersion/) });
    expect(planElectronNativeBuild({ ...base, betterSqlite3Version: '12.12.0' })).toMatchObject({ action: 'build', reason: expect.stringMatching(/betterSqlite3Version/) });
    expect(planElectronNativeBuild({ ...base, existing: { manifest: null, binaryAbi: 145 } }).action).toBe('build');
    // The manifest may say 145, but a binary built for Node's ABI (the nodedir=/usr trap) is rebuilt.
    expect(planElectronNativeBuild({ ...base, existing: { manifest, binaryAbi: 115 } })).toMatchObject({ action: 'build', reason: expect.stringMatching(/ABI 115/) });
  });

  it("builds against Electron's headers explicitly, whatever npm's nodedir says", () => {
    const env = gypEnvironment({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', npm_config_target: '20.0.0', npm_config_runtime: 'node', HOME: '/h' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h' });
    const args = nodeGypArgs({ electronVersion: '41.7.1', arch: 'x64', devdir: '/cache' });
    expect(args.install).toEqual(expect.arrayContaining(['install', '--target=41.7.1', '--dist-url=https://electronjs.org/headers', '--devdir=/cache']));
    expect(args.rebuild).toEqual(expect.arrayContaining(['rebuild', '--release', '--target=41.7.1', '--arch=x64', `--nodedir=${path.join('/cache', '41.7.1')}`]));
    expect(args.rebuild.join(' ')).not.toContain('/usr');
  });

  it('keeps one folder per ABI/platform/arch and finds it outside the asar', () => {
    expect(electronBindingPath('/app/out', 145, 'linux', 'x64')).toBe(path.join('/app/out/native/electron-145-linux-x64/better_sqlite3.node'));
    const inAsar = path.join('/opt/IUA/resources/app.asar/out/native/electron-145-linux-x64/better_sqlite3.node');
    expect(unpackedAsarPath(inAsar)).toBe(path.join('/opt/IUA/resources/app.asar.unpacked/out/native/electron-145-linux-x64/better_sqlite3.node'));
    expect(unpackedAsarPath('/dev/out/native/x.node')).toBe('/dev/out/native/x.node');
  });

  it('the build script skips cleanly here when Electron is absent, and never touches the Node build', () => {
    const electronPresent = (() => {
      try {
        const r = spawnSync(process.execPath, ['-p', "require('electron')"], { cwd: ROOT, encoding: 'utf8' });
        return r.status === 0 && fs.existsSync(r.stdout.trim());
      } catch {
        return false;
      }
    })();
    const before = fs.readFileSync(nodeBuild);
    const r = spawnSync(process.execPath, [TSX_CLI, path.join(ROOT, 'scripts/native-electron.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    if (!electronPresent) expect(r.stdout).toMatch(/skip: the Electron binary is not installed/);
    expect(fs.readFileSync(nodeBuild).equals(before)).toBe(true);
  });
});
