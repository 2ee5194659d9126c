/**
 * The real Salesforce CLI against the demo org (#15 item 8, #23): an independent client that
 * must work on the demo org exactly as on a real one. Installs `@salesforce/cli` into
 * ~/.cache/iua-sf-cli when missing; skips, saying why, only when the registry cannot be reached.
 *
 * http://127.0.0.1: sf accepts http instance URLs with a warning ("Using insecure protocol"),
 * keeps them in its auth files and `org display`, but `show-sfdx-auth-url` drops the scheme
 * (`force://…@127.0.0.1:PORT`, read back as https by sfdx-core). The import takes the scheme
 * from `org display` when the hosts match (see sf-cli.ts and docs/salesforce-fidelity.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tmp';
import { ensureSfCli, fakeBrowser, portFree, sfSandbox, SF_CLI_VERSION } from '../../support/sf-cli';
import { integrityOf, PASSPHRASE, rig, runCliAsync, type Rig } from './helpers';

const cli = ensureSfCli();
if ('skip' in cli) process.stdout.write(`sf-cli-real.test.ts skipped: ${cli.skip}\n`);

describe.skipIf('skip' in cli)(`the Salesforce CLI ${SF_CLI_VERSION} against the demo org`, () => {
  let r: Rig;
  let root: string;
  beforeAll(async () => {
    r = await rig();
    root = tempDir('iua-sf-real-');
  });
  afterAll(async () => {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('logs in with an access token, queries to CSV and exports with Bulk API 2.0, with exact row counts', async () => {
    const sf = sfSandbox((cli as { runJs: string }).runJs, path.join(root, 'token'));
    const login = await sf.run(['org', 'login', 'access-token', '--instance-url', r.org.url, '--alias', 'demo', '--no-prompt', '--json'], { SF_ACCESS_TOKEN: r.org.accessToken });
    expect(login.status, login.stdout + login.stderr).toBe(0);
    expect(JSON.parse(login.stdout).result).toMatchObject({ orgId: r.org.orgId, username: 'auditor@greenpath.example' });
    // sf keeps the trailing slash of the instance URL, so every request starts with "//services/data".
    expect(r.org.journal.some((e) => e.path.startsWith('/services/data/'))).toBe(true);

    const users = r.org.dataset.User.length;
    const query = await sf.run(['data', 'query', '--query', 'SELECT Id, Username, Profile.Name FROM User', '--target-org', 'demo', '--result-format', 'csv']);
    expect(query.status, query.stderr).toBe(0);
    const lines = query.stdout.trim().split('\n');
    expect(lines[0]).toBe('Id,Username,Profile.Name');
    expect(lines).toHaveLength(users + 1);

    const out = path.join(root, 'users.csv');
    const bulk = await sf.run([
      'data',
      'export',
      'bulk',
      '--query',
      'SELECT Id, AssigneeId FROM PermissionSetAssignment',
      '--target-org',
      'demo',
      '--output-file',
      out,
      '--wait',
      '5',
      '--json',
    ]);
    expect(bulk.status, bulk.stdout + bulk.stderr).toBe(0);
    const psa = r.org.dataset.PermissionSetAssignment.length;
    expect(JSON.parse(bulk.stdout).result.totalSize).toBe(psa);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(psa + 1);
    // Had "//services/data" not been served, sf would have fallen back to paths that answer 404.
    expect(r.org.journal.filter((e) => e.status === 404)).toEqual([]);
  }, 300_000);

  it('signs in on the web as PlatformCLI, imports with --from-sf-cli, collects, and collects again after the session expired', async (ctx) => {
    if (!(await portFree(1717))) {
      process.stdout.write("sf-cli-real.test.ts: web login skipped: port 1717 (the CLI's fixed OAuth callback) is in use\n");
      ctx.skip();
    }
    const sandboxRoot = path.join(root, 'web');
    const sf = sfSandbox((cli as { runJs: string }).runJs, sandboxRoot);
    const login = await sf.run(['org', 'login', 'web', '--instance-url', r.org.url, '--alias', 'greenpath', '--json'], { BROWSER: fakeBrowser(sandboxRoot) });
    expect(login.status, login.stdout + login.stderr).toBe(0);
    expect(JSON.parse(login.stdout).result).toMatchObject({ clientId: 'PlatformCLI', orgId: r.org.orgId });

    const env = { ...sf.env, IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE };
    const add = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'fromsf', '--from-sf-cli', 'greenpath'], env);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/^Added org fromsf: GreenPath Healthcare/);
    const first = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'fromsf', '--json'], env);
    expect(first.status, first.stderr).toBe(0);

    // Every session of the org ends; no user action follows.
    r.org.expireSessions({ includeFixedToken: true });
    const before = r.org.journal.length;
    const second = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'fromsf', '--json'], env);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).contentHash).toBe(JSON.parse(first.stdout).contentHash);
    expect(
      r.org.journal
        .slice(before)
        .filter((e) => e.path === '/services/oauth2/token')
        .map((e) => e.status),
    ).toEqual([200]);
    // The CLI's own login still works afterwards: its refresh token was not rotated away.
    const display = await sf.run(['org', 'display', '--target-org', 'greenpath', '--json']);
    expect(JSON.parse(display.stdout).result.connectedStatus).toBe('Connected');
  }, 300_000);
});
