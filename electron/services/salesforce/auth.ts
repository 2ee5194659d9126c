/**
 * OAuth token requests for every auth method, through jsforce's OAuth2 client:
 * password grant, client credentials, JWT bearer (assertion signed with jose), refresh
 * token, and the authorization code of the web-server flow (PKCE, see web-flow.ts).
 * Failures become AppError('auth_required') carrying Salesforce's OAuth error name.
 */
import crypto from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { SignJWT } from 'jose';
import { AppError } from '../../../shared/contract';
import { oneLine } from './errors';

export interface TokenResult {
  accessToken: string;
  instanceUrl: string;
  refreshToken: string | null;
  /** Identity URL (…/id/ORGID/USERID) when the token response carried one. */
  idUrl: string | null;
}

/** An OAuth failure: `oauthError` is Salesforce's `error` (invalid_grant, invalid_client…). */
export class OAuthError extends AppError {
  constructor(
    readonly oauthError: string,
    description: string,
  ) {
    super('auth_required', `Salesforce refused the login (${oauthError}: ${oneLine(description || 'no description')}).`);
  }
}

interface RawToken {
  access_token?: string;
  instance_url?: string;
  refresh_token?: string;
  id?: string;
}

function result(raw: RawToken, fallbackInstance: string | null): TokenResult {
  if (!raw || typeof raw.access_token !== 'string') throw new AppError('org_error', 'The token endpoint answered without an access token.');
  const instanceUrl = raw.instance_url ?? fallbackInstance;
  if (!instanceUrl) throw new AppError('org_error', 'The token endpoint answered without an instance URL.');
  return { accessToken: raw.access_token, instanceUrl, refreshToken: raw.refresh_token ?? null, idUrl: raw.id ?? null };
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { name?: string; message?: string; code?: string };
    if (e?.name && e.name !== 'Error' && e.name !== 'FetchError' && e.name !== 'TypeError') throw new OAuthError(e.name, e.message ?? '');
    throw new AppError('network', `Could not reach the Salesforce login server: ${oneLine(e?.message ?? String(err))}`);
  }
}

export function passwordGrant(p: { loginUrl: string; clientId: string; clientSecret: string; username: string; password: string; securityToken?: string }): Promise<TokenResult> {
  return guard(async () => {
    const oauth2 = new OAuth2({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret });
    // Salesforce expects the security token appended to the password.
    const raw = (await oauth2.authenticate(p.username, p.password + (p.securityToken ?? ''))) as RawToken;
    return result(raw, null);
  });
}

export function clientCredentialsGrant(p: { loginUrl: string; clientId: string; clientSecret: string }): Promise<TokenResult> {
  return guard(async () => {
    const oauth2 = new OAuth2({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret });
    const raw = (await oauth2.requestToken({ grant_type: 'client_credentials' })) as RawToken;
    return result(raw, null);
  });
}

export const PRODUCTION_AUDIENCE = 'https://login.salesforce.com';
export const SANDBOX_AUDIENCE = 'https://test.salesforce.com';

/**
 * The JWT `aud`: the login server, never the My Domain URL the assertion is posted to
 * (Salesforce Help "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration"; sfdx-core
 * SfdcUrl.getJwtAudienceUrl). test.salesforce.com for sandboxes, login.salesforce.com otherwise.
 */
export function jwtAudience(loginUrl: string): string {
  let host = '';
  try {
    host = new URL(loginUrl).hostname.toLowerCase();
  } catch {
    return PRODUCTION_AUDIENCE;
  }
  return host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com') ? SANDBOX_AUDIENCE : PRODUCTION_AUDIENCE;
}

/** The JWT bearer assertion: iss = consumer key, sub = username, aud = the login server, 3 minutes. */
export async function signJwtAssertion(p: { loginUrl: string; clientId: string; username: string; privateKeyPem: string; audience?: string }): Promise<string> {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(p.privateKeyPem);
  } catch {
    throw new AppError('validation', 'The JWT private key is not a readable PEM private key.');
  }
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(p.clientId)
    .setSubject(p.username)
    .setAudience(p.audience ?? jwtAudience(p.loginUrl))
    .setIssuedAt()
    .setExpirationTime('3m')
    .sign(key);
}

export async function jwtGrant(p: { loginUrl: string; clientId: string; username: string; privateKeyPem: string }): Promise<TokenResult> {
  const request = (audience: string) =>
    guard(async () => {
      const assertion = await signJwtAssertion({ ...p, audience });
      // No client id on the OAuth2 object: the JWT flow sends only grant_type and assertion.
      const oauth2 = new OAuth2({ loginUrl: p.loginUrl });
      const raw = (await oauth2.requestToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })) as RawToken;
      return result(raw, null);
    });
  const first = jwtAudience(p.loginUrl);
  try {
    return await request(first);
  } catch (err) {
    // A My Domain URL does not tell a sandbox from production: like sfdx-core, try the other login server once.
    if (!(err instanceof OAuthError) || !/audience/i.test(err.message)) throw err;
    return request(first === PRODUCTION_AUDIENCE ? SANDBOX_AUDIENCE : PRODUCTION_AUDIENCE);
  }
}

export function refreshGrant(p: { loginUrl: string; clientId: string; clientSecret?: string; refreshToken: string; instanceUrl: string | null }): Promise<TokenResult> {
  return guard(async () => {
    const oauth2 = new OAuth2({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret });
    const raw = (await oauth2.refreshToken(p.refreshToken)) as RawToken;
    const r = result(raw, p.instanceUrl);
    // Without rotation Salesforce omits refresh_token: the old one stays valid.
    return { ...r, refreshToken: r.refreshToken ?? p.refreshToken };
  });
}

export function authorizationCodeGrant(p: {
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
}): Promise<TokenResult> {
  return guard(async () => {
    const oauth2 = new OAuth2({ loginUrl: p.loginUrl, clientId: p.clientId, clientSecret: p.clientSecret, redirectUri: p.redirectUri });
    const raw = (await oauth2.requestToken(p.code, { code_verifier: p.codeVerifier })) as RawToken;
    return result(raw, null);
  });
}
