/**
 * #15 item 4: a session that expires between two runs. Salesforce answers an expired token
 * with 401 INVALID_SESSION_ID under /services/data but 403 Bad_OAuth_Token at userinfo and
 * the identity URL; a collection must renew it with the grant the org was added with, and
 * say "sign in again" only when that grant cannot renew it.
 */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SfClient } from '../../../electron/services/salesforce/client';
import { OrgSession } from '../../../electron/services/salesforce/session';
import { createLogger } from '../../../electron/services/log';
import { getOrg } from '../../../electron/services/orgs/repository';
import { PassphraseFileSecretStore } from '../../../electron/services/secrets/passphrase-file-store';
import { integrityOf, PASSPHRASE, rig, withDb, type Rig } from './helpers';
import { freePort, failure } from '../../support/waits';

const AUDITOR = 'auditor@greenpath.example';
let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

const tokenCalls = (r: Rig, from: number) => r.org.journal.slice(from).filter((e) => e.path === '/services/oauth2/token').length;

describe('a session that expires between two runs', () => {
  it('is renewed with the grant each refreshable method was added with', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    r = await rig({ jwtCertificate: publicKey.export({ type: 'spki', format: 'pem' }).toString() }, { openUrl: async (url) => void fetch(url).catch(() => undefined) });
    const common = { loginUrl: r.org.url, clientId: r.org.clientId };
    await r.backend.call('orgs.add', { alias: 'web', method: 'web', ...common, redirectPort: await freePort() });
    await r.backend.call('orgs.add', { alias: 'cc', method: 'client_credentials', ...common, clientSecret: r.org.clientSecret });
    await r.backend.call('orgs.add', { alias: 'jwt', method: 'jwt', ...common, username: AUDITOR, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    await r.backend.call('orgs.add', { alias: 'pw', method: 'password', ...common, clientSecret: r.org.clientSecret, username: AUDITOR, password: 'GreenPath-Demo-1' });
    // An access token with a refresh token (e.g. handed over from another tool) can renew too.
    const code = await (async () => {
      const verifier = 'v'.repeat(64);
      const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
      const loc = (
        await fetch(
          `${r!.org.url}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: r!.org.clientId, redirect_uri: 'http://127.0.0.1:9/cb', code_challenge: challenge })}`,
          { redirect: 'manual' },
        )
      ).headers.get('location')!;
      const res = await fetch(`${r!.org.url}/services/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: r!.org.clientId,
          redirect_uri: 'http://127.0.0.1:9/cb',
          code: new URL(loc).searchParams.get('code')!,
          code_verifier: verifier,
        }),
      });
      return (await res.json()) as { access_token: string; refresh_token: string };
    })();
    await r.backend.call('orgs.add', {
      alias: 'tok',
      method: 'access_token',
      instanceUrl: r.org.url,
      accessToken: code.access_token,
      refreshToken: code.refresh_token,
      clientId: r.org.clientId,
    });

    const aliases = ['web', 'cc', 'jwt', 'pw', 'tok'];
    const first = new Map<string, string>();
    for (const alias of aliases) first.set(alias, (await r.backend.call('collect.start', { alias })).contentHash);
    // Between the two runs every session expires, and the app restarts.
    r.org.expireSessions();
    const b2 = r.restart();
    for (const alias of aliases) {
      const before = r.org.journal.length;
      const again = await b2.call('collect.start', { alias });
      expect(again.contentHash, alias).toBe(first.get(alias));
      expect(tokenCalls(r, before), alias).toBe(1);
      // The first request of the run is a /services/data call, which refreshes on its 401 …
      const afterToken = r.org.journal.slice(before);
      expect(afterToken[0].path, alias).toMatch(/^\/services\/data\/v[\d.]+\/limits$/);
      expect(afterToken[0].status, alias).toBe(401);
      // … so userinfo never sees the expired token.
      expect(
        afterToken.filter((e) => e.path === '/services/oauth2/userinfo').map((e) => e.status),
        alias,
      ).toEqual([200]);
    }
    expect((await b2.call('orgs.list', {})).orgs.every((o) => o.status === 'ok')).toBe(true);
  }, 120_000);

  it('a 403 Bad_OAuth_Token from userinfo is an expired session too: refreshed once, then the call succeeds', async () => {
    r = await rig();
    await r.backend.call('orgs.add', { alias: 'cc', method: 'client_credentials', loginUrl: r.org.url, clientId: r.org.clientId, clientSecret: r.org.clientSecret });
    r.org.expireSessions();
    const org = withDb(r.dataDir, (db) => getOrg(db as never, 'cc'))!;
    const session = await OrgSession.open(org, new PassphraseFileSecretStore(r.dataDir, PASSPHRASE), { onReauthNeeded: () => undefined }, createLogger('test'));
    const client = new SfClient(session);
    const before = r.org.journal.length;
    const info = await client.get<{ user_id: string }>('/services/oauth2/userinfo');
    expect(info.user_id).toBe(r.org.userId);
    expect(r.org.journal.slice(before).map((e) => `${e.path} ${e.status}`)).toEqual([
      '/services/oauth2/userinfo 403',
      '/services/oauth2/token 200',
      '/services/oauth2/userinfo 200',
    ]);
    await session.flush();
  });

  it('says "sign in again" when the method cannot renew the session, and leaves the snapshots alone', async () => {
    r = await rig();
    await r.backend.call('orgs.add', { alias: 'tok', method: 'access_token', instanceUrl: r.org.url, accessToken: r.org.accessToken });
    const first = await r.backend.call('collect.start', { alias: 'tok' });
    r.org.expireSessions({ includeFixedToken: true });
    const b2 = r.restart();
    const before = r.org.journal.length;
    const err = await failure(b2.call('collect.start', { alias: 'tok' }));
    expect(err.code).toBe('auth_required');
    expect(err.message).toMatch(/session of tok expired/);
    expect(err.message).toMatch(/sign in again with `iua orgs add tok …`/);
    expect(err.message).not.toMatch(/INVALID_SESSION_ID|Bad_OAuth_Token/);
    expect(tokenCalls(r, before)).toBe(0);
    const org = (await b2.call('orgs.list', {})).orgs[0];
    expect(org.status).toBe('reauth_needed');
    expect(org.currentSnapshotId).toBe(first.snapshotId);
    // orgs test says the same in words, without another request.
    const again = r.org.journal.length;
    const testErr = await failure(b2.call('orgs.test', { alias: 'tok' }));
    expect(testErr.message).toMatch(/re-authentication/);
    expect(r.org.journal.length).toBe(again);
  });
});
