import { createHash } from 'node:crypto';
import { SignJWT, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, startDemoOrg, type DemoOrg } from '../../../electron/demo-org';

let org: DemoOrg;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  org = await startDemoOrg({ jwtCertificate: await exportSPKI(pair.publicKey), passwords: { [DEMO_DEFAULTS.username]: 'Secret-1tok3n' } });
});
afterAll(() => org.close());

const form = (url: string, params: Record<string, string>) =>
  fetch(`${url}/services/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });

function oauth2(redirectUri = 'http://127.0.0.1:7717/callback') {
  return new jsforce.OAuth2({ loginUrl: org.url, clientId: org.clientId, clientSecret: org.clientSecret, redirectUri });
}

async function assertion(claims: Record<string, unknown>, key = privateKey) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(key);
}

describe('demo org OAuth', () => {
  it('password grant: jsforce login, no refresh token, wrong password is invalid_grant', async () => {
    const conn = new jsforce.Connection({ oauth2: oauth2(), version: '62.0' });
    const info = await conn.login(DEMO_DEFAULTS.username, 'Secret-1tok3n');
    expect(info).toMatchObject({ id: org.userId, organizationId: org.orgId });
    expect(conn.instanceUrl).toBe(org.url);
    expect(conn.refreshToken).toBeFalsy();
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBeGreaterThan(0);
    const res = await form(org.url, { grant_type: 'password', client_id: org.clientId, client_secret: org.clientSecret, username: DEMO_DEFAULTS.username, password: 'nope' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
    const badClient = await form(org.url, { grant_type: 'password', client_id: org.clientId, client_secret: 'nope', username: DEMO_DEFAULTS.username, password: 'Secret-1tok3n' });
    expect(((await badClient.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('authorization_code with PKCE via the authorize redirect; refresh tokens rotate', async () => {
    const o = oauth2();
    const verifier = 'v'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authUrl =
      `${org.url}/services/oauth2/authorize?` +
      new URLSearchParams({
        response_type: 'code',
        client_id: org.clientId,
        redirect_uri: o.redirectUri as string,
        state: 's-123',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
    const redirect = await fetch(authUrl, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:7717/callback');
    expect(location.searchParams.get('state')).toBe('s-123');
    const code = location.searchParams.get('code') as string;

    const wrongVerifier = await form(org.url, {
      grant_type: 'authorization_code',
      code,
      client_id: org.clientId,
      redirect_uri: o.redirectUri as string,
      code_verifier: 'x'.repeat(64),
    });
    expect(await wrongVerifier.json()).toMatchObject({ error: 'invalid_grant' });

    // The code was consumed by the failed attempt, as Salesforce does; get a fresh one.
    const again = new URL((await fetch(authUrl, { redirect: 'manual' })).headers.get('location') as string).searchParams.get('code') as string;
    const tokenRes = await form(org.url, {
      grant_type: 'authorization_code',
      code: again,
      client_id: org.clientId,
      redirect_uri: o.redirectUri as string,
      code_verifier: verifier,
    });
    const tokens = (await tokenRes.json()) as Record<string, string>;
    expect(tokens).toMatchObject({ instance_url: org.url, id: `${org.url}/id/${org.orgId}/${org.userId}`, token_type: 'Bearer' });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.signature).toBeTruthy();
    expect(Number(tokens.issued_at)).toBeGreaterThan(0);

    const conn = new jsforce.Connection({ oauth2: o, instanceUrl: tokens.instance_url, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, version: '62.0' });
    const rotated: string[] = [];
    conn.on('refresh', (_token: string, res: { refresh_token?: string }) => {
      if (res.refresh_token) rotated.push(res.refresh_token);
    });
    org.expireSessions();
    const count = await conn.query('SELECT COUNT() FROM Profile');
    expect(count.totalSize).toBeGreaterThan(0);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(tokens.refresh_token);
    const reuse = await form(org.url, { grant_type: 'refresh_token', client_id: org.clientId, refresh_token: tokens.refresh_token });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'expired access/refresh token' });

    const userinfo = await fetch(`${org.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
    expect(await userinfo.json()).toMatchObject({ user_id: org.userId, organization_id: org.orgId, preferred_username: DEMO_DEFAULTS.username });
    const noAuth = await fetch(`${org.url}/services/oauth2/userinfo`);
    expect(noAuth.status).toBe(403);
    expect(await noAuth.text()).toBe('Bad_OAuth_Token');
  });

  it('an expired session: 403 Bad_OAuth_Token at userinfo and the identity URL, 401 INVALID_SESSION_ID under /services/data', async () => {
    const res = await form(org.url, { grant_type: 'client_credentials', client_id: org.clientId, client_secret: org.clientSecret });
    const body = (await res.json()) as Record<string, string>;
    const auth = { Authorization: `Bearer ${body.access_token}` };
    expect((await fetch(`${org.url}/services/oauth2/userinfo`, { headers: auth })).status).toBe(200);
    org.expireSessions();
    const userinfo = await fetch(`${org.url}/services/oauth2/userinfo`, { headers: auth });
    expect(userinfo.status).toBe(403);
    expect(await userinfo.text()).toBe('Bad_OAuth_Token');
    const identity = await fetch(body.id, { headers: auth });
    expect(identity.status).toBe(403);
    expect(await identity.text()).toBe('Bad_OAuth_Token');
    const data = await fetch(`${org.url}/services/data/v62.0/limits`, { headers: auth });
    expect(data.status).toBe(401);
    expect(await data.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it("PlatformCLI (the Salesforce CLI's public client): web flow with PKCE and no method parameter, then refresh_token without a secret", async () => {
    const verifier = 'c'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://localhost:1717/OauthRedirect';
    const authorize = (extra: Record<string, string> = {}) =>
      fetch(
        `${org.url}/services/oauth2/authorize?` +
          new URLSearchParams({ response_type: 'code', client_id: 'PlatformCLI', redirect_uri: redirectUri, state: 'st', code_challenge: challenge, ...extra }),
        { redirect: 'manual' },
      );
    // Its only callback is the CLI's loopback listener.
    expect((await authorize({ redirect_uri: 'http://evil.example/cb' })).status).toBe(400);
    const code = new URL((await authorize()).headers.get('location') as string).searchParams.get('code') as string;
    const tokenRes = await form(org.url, { grant_type: 'authorization_code', code, client_id: 'PlatformCLI', redirect_uri: redirectUri, code_verifier: verifier });
    const tokens = (await tokenRes.json()) as Record<string, string>;
    expect(tokenRes.status).toBe(200);
    expect(tokens.refresh_token).toBeTruthy();
    // A public client sends no secret; one sent is refused.
    const withSecret = await form(org.url, { grant_type: 'refresh_token', client_id: 'PlatformCLI', client_secret: 'x', refresh_token: tokens.refresh_token });
    expect(((await withSecret.json()) as { error: string }).error).toBe('invalid_client');
    // A refresh token belongs to its client: the org's own app cannot use PlatformCLI's.
    const otherClient = await form(org.url, { grant_type: 'refresh_token', client_id: org.clientId, client_secret: org.clientSecret, refresh_token: tokens.refresh_token });
    expect(((await otherClient.json()) as { error: string }).error).toBe('invalid_grant');
    const refreshed = await form(org.url, { grant_type: 'refresh_token', client_id: 'PlatformCLI', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as Record<string, string>).access_token).toBeTruthy();
    // PlatformCLI has no secret, so it cannot use the grants that need one.
    const cc = await form(org.url, { grant_type: 'client_credentials', client_id: 'PlatformCLI' });
    expect(((await cc.json()) as { error: string }).error).toBe('invalid_client_id');
  });

  it('answers //services/data like /services/data, and columns=true with column metadata', async () => {
    const auth = { Authorization: `Bearer ${org.accessToken}` };
    const soql = encodeURIComponent('SELECT Id, Username, Profile.UserLicense.Name, COUNT(Id) c FROM User');
    const single = await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM User')}`, { headers: auth });
    const double = await fetch(`${org.url}//services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM User')}`, { headers: auth });
    expect(double.status).toBe(200);
    expect(await double.json()).toEqual(await single.json());
    const columns = await fetch(`${org.url}//services/data/v62.0/query?q=${soql}&columns=true`, { headers: auth });
    const meta = (await columns.json()) as {
      entityName: string;
      columnMetadata: { columnName: string; displayName: string; aggregate: boolean; joinColumns: { columnName: string; joinColumns: { columnName: string }[] }[] }[];
    };
    expect(meta.entityName).toBe('User');
    expect(meta.columnMetadata.map((c) => c.columnName)).toEqual(['Id', 'Username', 'Profile', 'c']);
    expect(meta.columnMetadata[2].joinColumns[0].columnName).toBe('UserLicense');
    expect(meta.columnMetadata[2].joinColumns[0].joinColumns[0].columnName).toBe('Name');
    expect(meta.columnMetadata[3]).toMatchObject({ aggregate: true, displayName: 'COUNT(Id)' });
    const unknown = await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Nope FROM User')}&columns=true`, { headers: auth });
    expect(((await unknown.json()) as { errorCode: string }[])[0].errorCode).toBe('INVALID_FIELD');
  });

  it('client_credentials: token for the run-as user, no refresh token', async () => {
    const res = await form(org.url, { grant_type: 'client_credentials', client_id: org.clientId, client_secret: org.clientSecret });
    const body = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(200);
    expect(body.refresh_token).toBeUndefined();
    const conn = new jsforce.Connection({ instanceUrl: body.instance_url, accessToken: body.access_token, version: '62.0' });
    expect((await conn.identity()).user_id).toBe(org.userId);
  });

  it('JWT bearer: verifies the signature, iss, sub, aud and exp', async () => {
    const exp = Math.floor(Date.now() / 1000) + 180;
    const good = await assertion({ iss: org.clientId, sub: 'mulesoft_integration@greenpath.example', aud: 'https://login.salesforce.com', exp });
    const ok = await form(org.url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: good });
    const body = (await ok.json()) as Record<string, string>;
    expect(ok.status).toBe(200);
    expect(body.id).toMatch(new RegExp(`/id/${org.orgId}/005`));
    const conn = new jsforce.Connection({ instanceUrl: body.instance_url, accessToken: body.access_token, version: '62.0' });
    expect((await conn.identity()).username).toBe('mulesoft_integration@greenpath.example');

    const cases: [Record<string, unknown>, CryptoKey, string][] = [
      [{ iss: org.clientId, sub: 'mulesoft_integration@greenpath.example', aud: 'https://login.salesforce.com', exp }, otherKey, 'invalid_grant'],
      [{ iss: 'someone-else', sub: 'mulesoft_integration@greenpath.example', aud: 'https://login.salesforce.com', exp }, privateKey, 'invalid_client_id'],
      [{ iss: org.clientId, sub: 'nobody@greenpath.example', aud: 'https://login.salesforce.com', exp }, privateKey, 'invalid_grant'],
      [{ iss: org.clientId, sub: 'mulesoft_integration@greenpath.example', aud: 'https://evil.example', exp }, privateKey, 'invalid_grant'],
      // Never the org's own (My Domain) URL, even though the assertion is posted there.
      [{ iss: org.clientId, sub: 'mulesoft_integration@greenpath.example', aud: org.url, exp }, privateKey, 'invalid_grant'],
      [{ iss: org.clientId, sub: 'mulesoft_integration@greenpath.example', aud: 'https://login.salesforce.com', exp: exp - 3600 }, privateKey, 'invalid_grant'],
    ];
    for (const [claims, key, error] of cases) {
      const res = await form(org.url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await assertion(claims, key) });
      expect(res.status, JSON.stringify(claims)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(error);
    }
    const garbage = await form(org.url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'not.a.jwt' });
    expect(((await garbage.json()) as { error: string }).error).toBe('invalid_grant');
    const unsupported = await form(org.url, { grant_type: 'magic' });
    expect(((await unsupported.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });
});
