import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { tempDir } from '../../support/tmp';
import pkg from '../../../package.json';

describe('iua CLI', () => {
  it('info --json prints one valid JSON object with versions and the data directory', () => {
    const dir = tempDir();
    const r = runCli(['--data-dir', dir, 'info', '--json']);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.appVersion).toBe(pkg.version);
    expect(info.dataDir).toBe(dir);
    expect(info.door).toBe('cli');
    expect(info.database.state).toBe('ok');
  });

  it('IUA_DATA_DIR sets the data directory when --data-dir is absent', () => {
    const dir = tempDir();
    const r = runCli(['info', '--json'], { IUA_DATA_DIR: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).dataDir).toBe(dir);
  });

  it('has --help for every command and fails clearly on unknown ones', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('info');
    expect(help.stdout).toContain('serve');
    const bad = runCli(['frobnicate']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown command/);
  });
});
