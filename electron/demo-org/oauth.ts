/**
 * OAuth 2.0 as Salesforce's login server speaks it: password, refresh_token (rotating),
 * client_credentials, JWT bearer and authorization_code with PKCE, plus userinfo and the
 * identity URL. Sessions live in memory; the fixed `--token` is one more valid session.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importSPKI, importX509, jwtVerify, type CryptoKey } from 'jose';
import type { SfRecord } from '../../shared/model';
import type { Reply } from './http';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  /** username → password (with the security token appended, as SOAP/password flows send it). */
  passwords: Record<string, string>;
  /** PEM certificate or public key; when set, JWT assertions must be signed by its private key. */
  jwtCertificate?: string;
  /** Each refresh answers a new refresh token and revokes the one used (default true). */
  rotateRefreshTokens: boolean;
  /** User the authorize endpoint and client_credentials act as. */
  runAsUsername: string;
}

export interface Session {
  userId: string;
  clientId: string | null;
}

/**
 * The Salesforce CLI's own connected app, present in every org: a public client (no secret)
 * for the web flow with PKCE and for refresh_token grants, as `sf org login web` and
 * `force://PlatformCLI::<refresh token>@<instance>` auth URLs use it (sfdx-core DEFAULT_CONNECTED_APP_INFO).
 */
export const PLATFORM_CLI_CLIENT_ID = 'PlatformCLI';

/**
 * The only JWT bearer audiences Salesforce accepts: the login servers, never a My Domain or
 * instance URL (sfdx-core SfdcUrl.getJwtAudienceUrl; Salesforce Help "OAuth 2.0 JWT Bearer Flow").
 */
export const JWT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

const oauthError = (error: string, description: string, status = 400): Reply => ({ status, body: { error, error_description: description } });

export class OAuthServer {
  readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, Session>();
  private readonly codes = new Map<string, { userId: string; clientId: string; redirectUri: string; challenge: string | null; method: string; expires: number }>();
  private jwtKey: Promise<CryptoKey> | null = null;

  constructor(
    private readonly opts: OAuthOptions,
    private readonly baseUrl: () => string,
    readonly orgId: string,
    private readonly users: () => SfRecord[],
  ) {
    if (opts.jwtCertificate) {
      const pem = opts.jwtCertificate.trim();
      this.jwtKey = pem.includes('BEGIN CERTIFICATE') ? importX509(pem, 'RS256') : importSPKI(pem, 'RS256');
      this.jwtKey.catch(() => undefined);
    }
  }

  newAccessToken(session: Session): string {
    const token = `${this.orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
    this.sessions.set(token, session);
    return token;
  }

  /** Ends every session except the given tokens (tests use it to force a 401 and a refresh). */
  expireSessions(keep: string[] = []): void {
    for (const t of [...this.sessions.keys()]) if (!keep.includes(t)) this.sessions.delete(t);
  }

  userByName(username: string): SfRecord | undefined {
    const lower = username.toLowerCase();
    return this.users().find((u) => String(u.Username).toLowerCase() === lower);
  }

  userById(id: string): SfRecord | undefined {
    return this.users().find((u) => u.Id === id || u.Id.slice(0, 15) === id);
  }

  idUrl(userId: string): string {
    return `${this.baseUrl()}/id/${this.orgId}/${userId}`;
  }

  private tokenResponse(session: Session, withRefresh: boolean, refreshToken?: string): Reply {
    const issuedAt = String(Date.now());
    const id = this.idUrl(session.userId);
    const body: Record<string, string> = {
      access_token: this.newAccessToken(session),
      signature: createHmac('sha256', this.opts.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: withRefresh ? 'refresh_token api id' : 'api id',
      instance_url: this.baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (withRefresh) {
      const rt = refreshToken ?? `5Aep861${randomBytes(40).toString('base64url')}`;
      this.refreshTokens.set(rt, session);
      body.refresh_token = rt;
    }
    return { status: 200, body };
  }

  /** `publicClientAllowed`: grants PlatformCLI may use (refresh_token, authorization_code with PKCE). */
  private checkClient(p: URLSearchParams, secretRequired: boolean, publicClientAllowed = false): Reply | null {
    const clientId = p.get('client_id');
    if (publicClientAllowed && clientId === PLATFORM_CLI_CLIENT_ID) {
      // A public client: it has no secret, so one sent is wrong rather than ignored.
      return p.get('client_secret') ? oauthError('invalid_client', 'invalid client credentials') : null;
    }
    if (!clientId || clientId !== this.opts.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    const secret = p.get('client_secret');
    if ((secretRequired || secret !== null) && !safeEqual(secret ?? '', this.opts.clientSecret)) return oauthError('invalid_client', 'invalid client credentials');
    return null;
  }

  async token(p: URLSearchParams): Promise<Reply> {
    const grant = p.get('grant_type');
    switch (grant) {
      case 'password': {
        const bad = this.checkClient(p, true);
        if (bad) return bad;
        const user = this.userByName(p.get('username') ?? '');
        const expected = user ? this.opts.passwords[String(user.Username).toLowerCase()] : undefined;
        if (!user || expected === undefined || !safeEqual(p.get('password') ?? '', expected)) return oauthError('invalid_grant', 'authentication failure');
        if (user.IsActive === false) return oauthError('invalid_grant', 'inactive user');
        // Salesforce's username-password flow issues no refresh token.
        return this.tokenResponse({ userId: user.Id, clientId: this.opts.clientId }, false);
      }
      case 'refresh_token': {
        const bad = this.checkClient(p, false, true);
        if (bad) return bad;
        const rt = p.get('refresh_token') ?? '';
        const session = this.refreshTokens.get(rt);
        // A refresh token belongs to the client it was issued to.
        if (!session || (session.clientId ?? this.opts.clientId) !== p.get('client_id')) return oauthError('invalid_grant', 'expired access/refresh token');
        // PlatformCLI does not rotate: the CLI keeps one refresh token per org for good (sfdx-core
        // saves only the new access token after a refresh), so rotation would break every CLI login.
        if (this.opts.rotateRefreshTokens && session.clientId !== PLATFORM_CLI_CLIENT_ID) {
          this.refreshTokens.delete(rt);
          return this.tokenResponse(session, true);
        }
        const reply = this.tokenResponse(session, false);
        return reply;
      }
      case 'client_credentials': {
        const bad = this.checkClient(p, true);
        if (bad) return bad;
        const user = this.userByName(this.opts.runAsUsername);
        if (!user) return oauthError('invalid_grant', 'no client credentials user enabled');
        return this.tokenResponse({ userId: user.Id, clientId: this.opts.clientId }, false);
      }
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return this.jwtBearer(p.get('assertion') ?? '');
      case 'authorization_code': {
        const bad = this.checkClient(p, false, true);
        if (bad) return bad;
        const code = this.codes.get(p.get('code') ?? '');
        if (!code || code.expires < Date.now() || code.clientId !== p.get('client_id')) return oauthError('invalid_grant', 'invalid authorization code');
        this.codes.delete(p.get('code') ?? '');
        if (code.redirectUri !== p.get('redirect_uri')) return oauthError('invalid_grant', 'redirect_uri must match configuration');
        if (code.challenge !== null) {
          const verifier = p.get('code_verifier') ?? '';
          const computed = code.method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
          if (!verifier || computed !== code.challenge) return oauthError('invalid_grant', 'invalid code verifier');
        } else if (p.get('client_secret') === null) {
          return oauthError('invalid_client', 'invalid client credentials');
        }
        return this.tokenResponse({ userId: code.userId, clientId: code.clientId }, true);
      }
      default:
        return oauthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  private async jwtBearer(assertion: string): Promise<Reply> {
    let claims: Record<string, unknown>;
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(assertion).alg;
      claims = decodeJwt(assertion) as Record<string, unknown>;
    } catch {
      return oauthError('invalid_grant', 'invalid assertion');
    }
    if (alg !== 'RS256') return oauthError('invalid_grant', 'invalid assertion: algorithm must be RS256');
    if (claims.iss !== this.opts.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    // Never the org's own URL: a My Domain audience is refused even when the assertion is posted there.
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => typeof a === 'string' && JWT_AUDIENCES.includes(a.replace(/\/$/, '')))) return oauthError('invalid_grant', 'audience is invalid');
    if (typeof claims.exp !== 'number') return oauthError('invalid_grant', 'invalid assertion: exp is required');
    if (claims.exp * 1000 < Date.now()) return oauthError('invalid_grant', 'expired authorization code');
    const user = typeof claims.sub === 'string' ? this.userByName(claims.sub) : undefined;
    if (!user) return oauthError('invalid_grant', "user hasn't approved this consumer");
    if (this.jwtKey) {
      try {
        await jwtVerify(assertion, await this.jwtKey, { algorithms: ['RS256'] });
      } catch {
        return oauthError('invalid_grant', 'invalid assertion: signature does not verify against the connected app certificate');
      }
    }
    return this.tokenResponse({ userId: user.Id, clientId: this.opts.clientId }, false);
  }

  /** Auto-approves and redirects back with a code (the desktop web flow). */
  authorize(p: URLSearchParams): Reply {
    const clientId = p.get('client_id');
    if (clientId !== this.opts.clientId && clientId !== PLATFORM_CLI_CLIENT_ID) return oauthError('invalid_client_id', 'client identifier invalid');
    const redirectUri = p.get('redirect_uri');
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    // PlatformCLI's only callback is the CLI's loopback listener.
    if (clientId === PLATFORM_CLI_CLIENT_ID && !/^http:\/\/localhost:1717\/OauthRedirect$/.test(redirectUri))
      return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    const target = new URL(redirectUri);
    const state = p.get('state');
    if (state !== null) target.searchParams.set('state', state);
    if (p.get('response_type') !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      target.searchParams.set('error_description', 'response type not supported');
      return { status: 302, headers: { Location: target.toString() } };
    }
    const user = this.userByName(this.opts.runAsUsername);
    if (!user) return oauthError('invalid_request', 'no user to sign in as');
    const code = `aPrx${randomBytes(30).toString('base64url')}`;
    this.codes.set(code, {
      userId: user.Id,
      clientId,
      redirectUri,
      challenge: p.get('code_challenge'), // Salesforce hashes the challenge with SHA-256 and takes no method parameter (the CLI sends none).
      method: p.get('code_challenge_method') ?? 'S256',
      expires: Date.now() + 15 * 60_000,
    });
    target.searchParams.set('code', code);
    return { status: 302, headers: { Location: target.toString() } };
  }

  identity(userId: string, version: string): Record<string, unknown> | null {
    const u = this.userById(userId);
    if (!u) return null;
    const base = this.baseUrl();
    return {
      id: this.idUrl(u.Id),
      asserted_user: true,
      user_id: u.Id,
      organization_id: this.orgId,
      username: u.Username,
      nick_name: String(u.Username).split('@')[0],
      display_name: u.Name,
      email: u.Email,
      email_verified: true,
      first_name: u.FirstName ?? null,
      last_name: u.LastName ?? u.Name,
      timezone: u.TimeZoneSidKey ?? 'America/New_York',
      active: u.IsActive !== false,
      user_type: String(u.UserType ?? 'Standard').toUpperCase(),
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      last_modified_date: u.CreatedDate ?? null,
      is_app_installed: true,
      urls: {
        enterprise: `${base}/services/Soap/c/{version}/${this.orgId.slice(0, 15)}`,
        partner: `${base}/services/Soap/u/{version}/${this.orgId.slice(0, 15)}`,
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        tooling_rest: `${base}/services/data/v{version}/tooling/`,
        profile: `${base}/${u.Id}`,
        custom_domain: base,
      },
      api_version: version,
    };
  }

  userinfo(userId: string): Record<string, unknown> | null {
    const u = this.userById(userId);
    if (!u) return null;
    const id = this.identity(userId, '62.0') as Record<string, unknown>;
    return {
      sub: this.idUrl(u.Id),
      user_id: u.Id,
      organization_id: this.orgId,
      preferred_username: u.Username,
      nickname: id.nick_name,
      name: u.Name,
      email: u.Email,
      email_verified: true,
      given_name: u.FirstName ?? null,
      family_name: u.LastName ?? u.Name,
      zoneinfo: id.timezone,
      active: id.active,
      user_type: id.user_type,
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      updated_at: u.CreatedDate ?? null,
      urls: id.urls,
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
