/**
 * `iua orgs add X --from-sf-cli TARGET` against a scripted `sf` that answers as the Salesforce
 * CLI 2.138 does: `org display` prints "[REDACTED]", the secrets come from `org auth
 * show-sfdx-auth-url` / `show-access-token` (#23, #20 item 13). The real CLI is exercised in
 * sf-cli-real.test.ts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/tmp';
import { integrityOf, PASSPHRASE, rig, runCliAsync, withDb, type Rig } from './helpers';
import { PassphraseFileSecretStore } from '../../../electron/services/secrets/passphrase-file-store';

const AUDITOR = 'auditor@greenpath.example';
const REDACTED = "[REDACTED] Use 'sf org auth show-access-token' to view";
let r: Rig | null = null;
const cleanup: string[] = [];
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
  for (const d of cleanup.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A PlatformCLI refresh token from the demo org, as `sf org login web` would hold it. */
export async function platformCliLogin(orgUrl: string): Promise<{ accessToken: string; refreshToken: string }> {
  const verifier = 'p'.repeat(64);
  const redirectUri = 'http://localhost:1717/OauthRedirect';
  const authorize = `${orgUrl}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'PlatformCLI', redirect_uri: redirectUri, code_challenge: createHash('sha256').update(verifier).digest('base64url') })}`;
  const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
  const res = await fetch(`${orgUrl}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'PlatformCLI', redirect_uri: redirectUri, code, code_verifier: verifier }),
  });
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

interface FakeSf {
  env: Record<string, string>;
  calls(): string[][];
}

/**
 * A scripted `sf` on PATH. `answers` maps "org display" / "org auth show-sfdx-auth-url" /
 * "org auth show-access-token" / "org list" to the JSON it prints (status != 0 exits 1).
 */
function fakeSf(answers: Record<string, unknown>): FakeSf {
  const bin = tempDir('iua-fake-sf-');
  cleanup.push(bin);
  const log = path.join(bin, 'calls.jsonl');
  fs.writeFileSync(path.join(bin, 'answers.json'), JSON.stringify(answers));
  fs.writeFileSync(
    path.join(bin, 'sf'),
    `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const answers = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(bin, 'answers.json'))}, 'utf8'));
const words = args.filter((a) => !a.startsWith('-')).join(' ');
const target = (args.find((a) => a.startsWith('--target-org=')) || '').slice('--target-org='.length);
const answer = answers[words + (target ? ' ' + target : '')] ?? { status: 1, name: 'NamedOrgNotFoundError', message: 'No authorization information found for ' + target + '.' };
process.stdout.write(JSON.stringify(answer));
process.exit(answer.status === 0 ? 0 : 1);
`,
    { mode: 0o755 },
  );
  return {
    env: { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE, PATH: `${bin}:${process.env.PATH}` },
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as string[])
        : [],
  };
}

function display(r: Rig) {
  return {
    status: 0,
    result: {
      id: r.org.orgId,
      apiVersion: '64.0',
      accessToken: REDACTED,
      instanceUrl: r.org.url,
      loginUrl: `${r.org.url}/`,
      username: AUDITOR,
      clientId: 'PlatformCLI',
      alias: 'greenpath',
    },
    warnings: ["Secrets are now hidden from 'sf org display' command output."],
  };
}

describe('--from-sf-cli with the Salesforce CLI as it ships today', () => {
  it('lists the orgs sf is signed in to for the Add-org picker, and says so when sf is missing', async () => {
    r = await rig();
    const org = (alias: string | null, username: string, connectedStatus = 'Connected') => ({
      alias,
      username,
      instanceUrl: 'https://acme.my.salesforce.com',
      accessToken: REDACTED,
      connectedStatus,
    });
    const sf = fakeSf({
      'org list': {
        status: 0,
        result: {
          other: [org('prod', 'a@acme.com'), org(null, 'b@acme.com', 'RefreshTokenAuthError')],
          sandboxes: [],
          nonScratchOrgs: [org('prod', 'a@acme.com')],
          devHubs: [],
          scratchOrgs: [],
        },
      },
    });
    const path0 = process.env.PATH;
    try {
      process.env.PATH = sf.env.PATH;
      const listed = await r.backend.call('orgs.sfCliOrgs', {});
      expect(listed).toEqual({
        installed: true,
        message: null,
        orgs: [
          { alias: null, username: 'b@acme.com', instanceUrl: 'https://acme.my.salesforce.com', connected: false },
          { alias: 'prod', username: 'a@acme.com', instanceUrl: 'https://acme.my.salesforce.com', connected: true },
        ],
      });
      // No secret leaves the call, not even the placeholder.
      expect(JSON.stringify(listed)).not.toContain('REDACTED');
      expect(sf.calls()).toEqual([['org', 'list', '--json', '--']]);
      process.env.PATH = '/nonexistent';
      const missing = await r.backend.call('orgs.sfCliOrgs', {});
      expect(missing.installed).toBe(false);
      expect(missing.message).toMatch(/The Salesforce CLI \(sf\) is not installed or not on PATH/);
    } finally {
      process.env.PATH = path0;
    }
  });

  it('imports the refresh token from the auth URL and keeps collecting after the session expires', async () => {
    r = await rig();
    const login = await platformCliLogin(r.org.url);
    const host = new URL(r.org.url).host;
    const sf = fakeSf({
      'org display greenpath': display(r),
      'org auth show-sfdx-auth-url greenpath': { status: 0, result: { sfdxAuthUrl: `force://PlatformCLI::${login.refreshToken}@${host}` } },
    });
    const add = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'fromsf', '--from-sf-cli', 'greenpath'], sf.env);
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/^Added org fromsf: GreenPath Healthcare .* auditing user auditor@greenpath\.example/);
    // sf ran without a shell, the target bound to its flag, options ended with "--".
    expect(sf.calls()).toEqual([
      ['org', 'display', '--verbose', '--json', '--target-org=greenpath', '--'],
      ['org', 'auth', 'show-sfdx-auth-url', '--json', '--target-org=greenpath', '--'],
    ]);
    // The refresh token is in the SecretStore, nowhere in SQLite or the log.
    const secrets = (await new PassphraseFileSecretStore(r.dataDir, PASSPHRASE).get('fromsf'))!;
    expect(secrets.refreshToken).toBe(login.refreshToken);
    // SQLite through SQLite (opening its files with fs here would drop this process's POSIX locks on them).
    withDb(r.dataDir, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      for (const { name } of tables) expect(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()).includes(login.refreshToken), name).toBe(false);
    });
    for (const f of fs
      .readdirSync(r.dataDir, { recursive: true })
      .map(String)
      .filter((f) => !/\.sqlite/.test(f))) {
      const p = path.join(r.dataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(login.refreshToken), f).toBe(false);
    }

    const first = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'fromsf', '--json'], sf.env);
    expect(first.status, first.stderr).toBe(0);
    r.org.expireSessions();
    const before = r.org.journal.length;
    const second = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'fromsf', '--json'], sf.env);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).contentHash).toBe(JSON.parse(first.stdout).contentHash);
    // Renewed as the CLI does (PlatformCLI refresh_token grant); sf itself was not asked again.
    expect(
      r.org.journal
        .slice(before)
        .filter((e) => e.path === '/services/oauth2/token')
        .map((e) => e.status),
    ).toEqual([200]);
    expect(sf.calls()).toHaveLength(2);
  }, 120_000);

  it('with only an access token: imports, says it will expire, then says how to sign in again', async () => {
    r = await rig();
    const login = await platformCliLogin(r.org.url);
    const sf = fakeSf({
      'org display greenpath': display(r),
      'org auth show-sfdx-auth-url greenpath': { status: 1, name: 'NoRefreshTokenError', message: 'No refresh token found for this org.' },
      'org auth show-access-token greenpath': { status: 0, result: { accessToken: login.accessToken } },
    });
    const add = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'tok', '--from-sf-cli', 'greenpath'], sf.env);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/^Note: The Salesforce CLI holds only an access token for "greenpath", so this connection works until that session expires/);
    expect(add.stderr).toContain('`iua orgs add tok --from-sf-cli greenpath`');
    expect(add.stderr).not.toContain(login.accessToken);
    r.org.expireSessions();
    const collect = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'tok'], sf.env);
    expect(collect.status).toBe(1);
    expect(collect.stderr).toMatch(/The Salesforce session of tok expired.*sign in again in the Salesforce CLI \(`sf org login web`\) and import it again/);
  }, 120_000);

  it('never takes the [REDACTED] placeholder for a token, and refuses targets that sf would read as options', async () => {
    r = await rig();
    const sf = fakeSf({
      'org display greenpath': display(r),
      'org auth show-sfdx-auth-url greenpath': { status: 1, message: 'No refresh token found for this org.' },
      'org auth show-access-token greenpath': { status: 0, result: { accessToken: REDACTED } },
    });
    const add = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'x', '--from-sf-cli', 'greenpath'], sf.env);
    expect(add.status).toBe(1);
    expect(add.stderr.trim()).toMatch(/^iua: The Salesforce CLI hid the access token of "greenpath" \("\[REDACTED\]"\).*sf org login web --alias greenpath/);
    expect(r.org.journal.filter((e) => e.path.startsWith('/services/data'))).toHaveLength(0);

    const calls = sf.calls().length;
    const dash = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'y', '--from-sf-cli=--target-dev-hub'], sf.env);
    expect(dash.status).toBe(1);
    expect(dash.stderr).toMatch(/begins with "-", so sf would read it as an option/);
    expect(sf.calls()).toHaveLength(calls);

    const unknown = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'z', '--from-sf-cli', 'nosuchorg'], sf.env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/The Salesforce CLI does not know the org "nosuchorg": No authorization information found for nosuchorg\./);
    const missing = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'w', '--from-sf-cli', 'greenpath'], { ...sf.env, PATH: '/nonexistent' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^iua: The Salesforce CLI \(sf\) is not installed or not on PATH/);
    const list = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'list', '--json'], sf.env);
    expect(JSON.parse(list.stdout).orgs).toEqual([]);
  }, 120_000);
});
