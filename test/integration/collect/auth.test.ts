import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityOf, rig, type Rig } from './helpers';
import { freePort, failure } from '../../support/waits';

const AUDITOR = 'auditor@greenpath.example';
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

// Session expiry with a rotated refresh token, and invalid_grant on refresh, are reliability
// scenarios #4 and #5: test/reliability/auth-recovery.test.ts. The Salesforce CLI import:
// sf-cli-import.test.ts (a scripted sf) and sf-cli-real.test.ts (the real CLI).
describe('auth methods', () => {
  it('password grant, client credentials and JWT bearer each connect and collect', async () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    r = await rig({ jwtCertificate: spki });
    const common = { loginUrl: r.org.url, clientId: r.org.clientId };
    const pw = await r.backend.call('orgs.add', { alias: 'pw', method: 'password', ...common, clientSecret: r.org.clientSecret, username: AUDITOR, password: 'GreenPath-Demo-1' });
    expect(pw.org.orgId).toBe(r.org.orgId);
    expect(pw.org.username).toBe(AUDITOR);
    expect(pw.updated).toBe(false);
    const cc = await r.backend.call('orgs.add', { alias: 'cc', method: 'client_credentials', ...common, clientSecret: r.org.clientSecret });
    expect(cc.org.orgName).toBe(r.org.dataset.Organization[0].Name);
    const jwt = await r.backend.call('orgs.add', { alias: 'jwt', method: 'jwt', ...common, username: AUDITOR, privateKeyPem: pem });
    expect(jwt.org.authMethod).toBe('jwt');
    for (const alias of ['pw', 'cc', 'jwt']) {
      const res = await r.backend.call('collect.start', { alias });
      expect(res.counts.User).toBe(r.org.dataset.User.length);
    }
    // A key the org does not trust is refused and nothing is registered.
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bad = await failure(r.backend.call('orgs.add', { alias: 'jwt2', method: 'jwt', ...common, username: AUDITOR, privateKeyPem: other }));
    expect(bad.code).toBe('auth_required');
    expect(bad.message).toContain('invalid_grant');
    expect((await r.backend.call('orgs.list', {})).orgs.map((o) => o.alias)).toEqual(['cc', 'jwt', 'pw']);
    // Updating an alias says so.
    const again = await r.backend.call('orgs.add', {
      alias: 'pw',
      method: 'password',
      ...common,
      clientSecret: r.org.clientSecret,
      username: AUDITOR,
      password: 'GreenPath-Demo-1',
    });
    expect(again.updated).toBe(true);
  });

  it('a forged state on the loopback callback is refused', async () => {
    r = await rig(
      {},
      {
        openUrl: async (url) => {
          const u = new URL(url);
          const redirect = new URL(u.searchParams.get('redirect_uri')!);
          redirect.searchParams.set('state', 'forged');
          redirect.searchParams.set('code', 'stolen');
          const res = await fetch(redirect);
          expect(res.status).toBe(400);
          void fetch(url).catch(() => undefined);
        },
      },
    );
    const port = await freePort();
    const added = await r.backend.call('orgs.add', { alias: 'demo', method: 'web', loginUrl: r.org.url, clientId: r.org.clientId, redirectPort: port });
    expect(added.org.orgId).toBe(r.org.orgId);
  });
});
