import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT } from '../../support/tmp';

const config = YAML.parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  linux: { target: string[]; icon?: string };
  mac: { target: string[] };
  win: { target: string[] };
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
};

describe('electron-builder.yml', () => {
  it('names the app and targets every platform', () => {
    expect(config.appId).toBe('com.integrationuserauditor.app');
    expect(config.productName).toBe('Integration User Auditor');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('flips the fuses that close Node entry points and lock the app to its asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs into an asar with native code unpacked, ships the Electron build and not the scratch', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toContain('out/**');
    expect(config.files).toEqual(expect.arrayContaining(['!out/native/.build/**', '!node_modules/better-sqlite3/build/**']));
    // electron-builder's own rebuild is what built for Node's ABI here; ours checks the ABI.
    expect(config.npmRebuild).toBe(false);
  });

  it('has icons', () => {
    for (const p of ['build/icon.png', 'build/icons/256x256.png', 'build/icons/512x512.png']) {
      const bytes = fs.readFileSync(path.join(ROOT, p));
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(fs.readFileSync(path.join(ROOT, 'build/icon.png')).readUInt32BE(16)).toBeGreaterThanOrEqual(512);
  });

  it("passes electron-builder's own schema validation", async () => {
    const require = createRequire(path.join(ROOT, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
    };
    await validateConfiguration(config, { isEnabled: false, add: () => {} });
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, { isEnabled: false, add: () => {} })).rejects.toThrow();
  });
});

describe("installing without Electron's download host", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    allowScripts: Record<string, boolean>;
    optionalDependencies?: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it("denies Electron's own postinstall and runs the tolerant wrapper instead", () => {
    // npm >= 11 honours allowScripts; an older npm drops an optional dependency whose download fails.
    expect(pkg.allowScripts.electron).toBe(false);
    expect(pkg.optionalDependencies?.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.electron).toBeUndefined();
    expect(pkg.scripts.postinstall).toBe('node scripts/install-electron.mjs');
    expect(pkg.scripts.package).toMatch(/^node scripts\/install-electron\.mjs --required && /);
  });

  it('keeps the Electron package out of the packaged app (electron-builder ships its own)', () => {
    expect(config.files).toContain('!node_modules/electron/**');
  });

  const run = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'scripts/install-electron.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
  const binaryPresent = (() => {
    try {
      const bin = createRequire(import.meta.url)('electron') as unknown;
      return typeof bin === 'string' && fs.existsSync(bin);
    } catch {
      return false;
    }
  })();

  it.skipIf(binaryPresent)('as a postinstall, says in one line that the app will run in browser mode and succeeds', () => {
    const r = run([]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/could not be downloaded|not downloaded|not installed/);
    expect(r.stdout).toContain('browser mode');
  });

  it.skipIf(binaryPresent)('for packaging (--required), fails and says what is missing and how to get it', () => {
    const r = run(['--required']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('needs the Electron desktop binary');
    expect(r.stderr).toContain('npm run electron:install');
  });
});
