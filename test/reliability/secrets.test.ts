/**
 * #13 secrets: after a full flow — orgs added with an access token, a password, a JWT private
 * key and the web flow (whose refresh token rotates), collections, evaluation, evidence packs
 * in every format, snapshot files plain and encrypted, failures with bad credentials, and the
 * CLI with debug logging — no access token, refresh token, password, client secret, private
 * key or passphrase appears in any byte of the data directory, the exports, the logs, stderr,
 * or anything the renderer could see (every contract answer and every event).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopeText } from '../../shared/audit/scope';
import { setLogSink } from '../../electron/services/log';
import { PassphraseFileSecretStore } from '../../electron/services/secrets/passphrase-file-store';
import type { OrgSecrets, SecretStore } from '../../electron/services/secrets/secret-store';
import { reportAs, tally } from './support/report';
import { backendFor, CLI_ENV, filesUnder, integrityOf, PASSPHRASE, runCliAsync, startOrg } from './support/rig';
import type { DemoOrg } from '../../electron/demo-org/index';
import type { Backend } from '../../electron/services/backend';
import { ROOT, tempDir } from '../support/tmp';
import { freePort } from '../support/waits';

reportAs('secrets.test.ts');

/** Records every secret the app ever stores, rotated-away refresh tokens included. */
class RecordingStore implements SecretStore {
  readonly seen = new Set<string>();
  constructor(private readonly inner: PassphraseFileSecretStore) {}
  get kind() {
    return this.inner.kind;
  }
  get persistent() {
    return this.inner.persistent;
  }
  get(alias: string) {
    return this.inner.get(alias);
  }
  async set(alias: string, secrets: OrgSecrets) {
    for (const v of Object.values(secrets)) if (typeof v === 'string' && v) this.seen.add(v);
    return this.inner.set(alias, secrets);
  }
  delete(alias: string) {
    return this.inner.delete(alias);
  }
}

let r: { org: DemoOrg; dataDir: string; backend: Backend };
let store: RecordingStore;
let exportsDir: string;
const logs: string[] = [];
const visible: string[] = [];
const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SNAP_PASSPHRASE = 'snapshot file passphrase 7f3a';
const WRONG_PASSWORD = 'Wrong-Password-XYZ-123';

beforeAll(async () => {
  exportsDir = tempDir('iua-secrets-out-');
  const dataDir = tempDir('iua-secrets-');
  const org = await startOrg({ jwtCertificate: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  store = new RecordingStore(new PassphraseFileSecretStore(dataDir, PASSPHRASE));
  // Plays the browser of the web flow: follows the authorize redirect back to the loopback listener.
  const backend = backendFor(dataDir, { secretStore: store, openUrl: async (url) => void fetch(url).catch(() => undefined) });
  r = { org, dataDir, backend };
  setLogSink((line) => logs.push(line), 'debug');
  backend.ctx.events.subscribe((name, payload) => visible.push(JSON.stringify({ name, payload })));
}, 120_000);

afterAll(async () => {
  setLogSink((line) => process.stderr.write(line + '\n'), 'warn');
  expect(integrityOf(r.dataDir)).toBe('ok');
  await r.org.close();
  fs.rmSync(r.dataDir, { recursive: true, force: true });
  fs.rmSync(exportsDir, { recursive: true, force: true });
});

/** A contract call whose answer (value or error) is recorded as renderer-visible. */
async function see(name: string, input: unknown): Promise<unknown> {
  const res = await r.backend.dispatch(name, input);
  visible.push(JSON.stringify(res));
  if (!res.ok) return res.error;
  return res.value;
}

describe('secrets never leave the secret store', () => {
  it('appear in no file, log, export, event or contract answer after a full flow', async () => {
    const org = r.org;
    const common = { loginUrl: org.url, clientId: org.clientId };
    await see('orgs.add', { alias: 'tok', method: 'access_token', instanceUrl: org.url, accessToken: org.accessToken });
    await see('orgs.add', { alias: 'pw', method: 'password', ...common, clientSecret: org.clientSecret, username: 'auditor@greenpath.example', password: 'GreenPath-Demo-1' });
    await see('orgs.add', { alias: 'jwt', method: 'jwt', ...common, username: 'auditor@greenpath.example', privateKeyPem: PEM });
    await see('orgs.add', { alias: 'web', method: 'web', ...common, redirectPort: await freePort() });
    // Failures must not echo what was typed.
    const bad = (await see('orgs.add', {
      alias: 'bad',
      method: 'password',
      ...common,
      clientSecret: org.clientSecret,
      username: 'auditor@greenpath.example',
      password: WRONG_PASSWORD,
    })) as { code?: string };
    expect(bad.code).toBe('auth_required');

    for (const alias of ['tok', 'pw', 'jwt', 'web']) await see('collect.start', { alias });
    // Sessions expire: the web org refreshes (rotating its refresh token) and collects again.
    org.expireSessions();
    await see('collect.start', { alias: 'web' });
    await see('orgs.test', { alias: 'web' });
    await see('orgs.list', {});
    const snaps = (await see('snapshots.list', {})) as { snapshots: { id: string }[] };
    for (const s of snaps.snapshots) await see('snapshots.get', { id: s.id });

    const scope = parseScopeText(fs.readFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), 'utf8'), { fileName: 'scope.yaml', format: 'yaml' });
    if (!scope.ok) throw new Error('shipped scope does not parse');
    for (const alias of ['tok', 'web']) {
      await see('scope.save', { orgAlias: alias, scope: scope.scope });
      await see('audit.evaluate', { orgAlias: alias });
    }
    const user = org.dataset.User.find((u) => u.Username === 'ehr.integration@greenpath.example')!;
    await see('audit.user', { orgAlias: 'web', userId: user.Id });
    for (const format of ['xlsx', 'json', 'csv'] as const) {
      const out = path.join(exportsDir, `pack.${format === 'csv' ? 'csv.zip' : format}`);
      const res = (await see('evidence.export', { orgAlias: 'web', format, outPath: out })) as { path?: string; code?: string };
      expect(res.path, JSON.stringify(res)).toBeTruthy();
    }
    await see('evidence.export', { orgAlias: 'tok' }); // default location: inside the data directory
    const plain = (await see('snapshots.export', { orgAlias: 'web', outPath: path.join(exportsDir, 'web.iuasnap') })) as { path?: string };
    expect(plain.path).toBeTruthy();
    const sealed = (await see('snapshots.export', { orgAlias: 'jwt', outPath: path.join(exportsDir, 'jwt.iuasnap'), passphrase: SNAP_PASSPHRASE })) as { path?: string };
    expect(sealed.path).toBeTruthy();
    await see('snapshots.preview', { path: path.join(exportsDir, 'jwt.iuasnap'), passphrase: SNAP_PASSPHRASE });
    await see('app.info', {});

    // The CLI too, with debug logging: a pasted token read from stdin, a collection, a listing.
    const cli: string[] = [];
    const env = { ...CLI_ENV, IUA_LOG_LEVEL: 'debug' };
    const add = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'add', 'cli', '--instance-url', org.url, '--access-token', org.accessToken], env);
    expect(add.status, add.stderr).toBe(0);
    const collect = await runCliAsync(['--data-dir', r.dataDir, 'collect', 'cli', '--json'], env);
    expect(collect.status, collect.stderr).toBe(0);
    const list = await runCliAsync(['--data-dir', r.dataDir, 'orgs', 'list', '--json'], env);
    for (const run of [add, collect, list]) cli.push(run.stdout, run.stderr);

    await r.backend.close();

    // Every secret the app held: what it stored (rotated refresh tokens included) and what was typed.
    const needles = new Set<string>([...store.seen, org.accessToken, org.clientSecret, 'GreenPath-Demo-1', WRONG_PASSWORD, PASSPHRASE, SNAP_PASSPHRASE]);
    const pemLines = PEM.split('\n').filter((l) => l.length === 64);
    expect(pemLines.length).toBeGreaterThan(10);
    for (const l of pemLines) needles.add(l);
    // Access tokens of four orgs, a rotated refresh token and its successor, at least.
    expect(store.seen.size).toBeGreaterThan(5);

    const haystacks: { where: string; bytes: Buffer }[] = [
      ...filesUnder(r.dataDir).map((f) => ({ where: f.file, bytes: f.bytes })),
      ...filesUnder(exportsDir).map((f) => ({ where: f.file, bytes: f.bytes })),
      { where: 'logs', bytes: Buffer.from(logs.join('\n')) },
      { where: 'renderer-visible answers and events', bytes: Buffer.from(visible.join('\n')) },
      { where: 'CLI stdout/stderr', bytes: Buffer.from(cli.join('\n')) },
    ];
    expect(logs.length).toBeGreaterThan(0);
    expect(haystacks.length).toBeGreaterThan(8);
    let checks = 0;
    const leaks: string[] = [];
    for (const needle of needles) {
      const forms = new Set([needle, encodeURIComponent(needle), JSON.stringify(needle).slice(1, -1)]);
      for (const h of haystacks) {
        for (const form of forms) {
          checks++;
          if (h.bytes.includes(Buffer.from(form))) leaks.push(`${needle.slice(0, 8)}… in ${h.where}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    tally('#13', { tests: 1, nothingLost: checks, hostile: 1 });
  }, 600_000);
});
