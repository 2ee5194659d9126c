/**
 * One authenticated session with an org: a jsforce Connection pinned to the org's API
 * version, plus the way to get a new access token for its auth method. jsforce calls our
 * refresh function on a 401 and emits `refresh`; on that event the new access token and a
 * rotated refresh token are persisted atomically through the SecretStore.
 *
 * No loops: one refresh per rejection. If the refreshed session is rejected again, or the
 * token endpoint answers invalid_grant, `reauth` is set and the caller marks the org
 * "re-authentication needed".
 */
import { Connection } from 'jsforce';
import { AppError } from '../../../shared/contract';
import type { OrgRecord } from '../orgs/repository';
import { DEFAULT_LOGIN_URL } from '../orgs/repository';
import type { Logger } from '../log';
import type { OrgSecrets, SecretStore } from '../secrets/secret-store';
import { clientCredentialsGrant, jwtGrant, OAuthError, passwordGrant, refreshGrant, type TokenResult } from './auth';
import { SF_CLI_CLIENT_ID } from './sf-cli';

export interface SessionHooks {
  /** Called once when the org needs re-authentication (invalid_grant, session rejected after refresh). */
  onReauthNeeded(message: string): void;
  /** Called when a refresh moved the org to another instance URL. */
  onInstanceUrl?(url: string): void;
}

/** Whether this method can get a new access token without the user. */
export function canRefresh(org: Pick<OrgRecord, 'authMethod' | 'clientId'>, secrets: OrgSecrets): boolean {
  switch (org.authMethod) {
    case 'web':
      return !!secrets.refreshToken && !!org.clientId;
    case 'access_token':
      return !!secrets.refreshToken && !!org.clientId;
    case 'sf_cli':
      // Imported with the CLI's auth URL (refresh token); an access token alone cannot be renewed.
      return !!secrets.refreshToken;
    case 'jwt':
    case 'client_credentials':
    case 'password':
      return true;
  }
}

/** A new access token for the org's method, without user interaction. */
export async function grantFor(org: OrgRecord, secrets: OrgSecrets): Promise<TokenResult> {
  const loginUrl = org.loginUrl ?? DEFAULT_LOGIN_URL;
  const need = (v: string | undefined | null, what: string): string => {
    if (!v) throw new AppError('auth_required', `The stored credentials of ${org.alias} lack the ${what}; add the org again.`);
    return v;
  };
  switch (org.authMethod) {
    case 'web':
      return refreshGrant({
        loginUrl,
        clientId: need(org.clientId, 'client id'),
        clientSecret: secrets.clientSecret,
        refreshToken: need(secrets.refreshToken, 'refresh token'),
        instanceUrl: org.instanceUrl,
      });
    case 'access_token':
      // A token handed over without a login URL: the instance (My Domain) serves the token endpoint too.
      return refreshGrant({
        loginUrl: org.loginUrl ?? org.instanceUrl ?? loginUrl,
        clientId: need(org.clientId, 'client id'),
        clientSecret: secrets.clientSecret,
        refreshToken: need(secrets.refreshToken, 'refresh token'),
        instanceUrl: org.instanceUrl,
      });
    case 'jwt':
      return jwtGrant({
        loginUrl,
        clientId: need(org.clientId, 'consumer key'),
        username: need(org.username, 'username'),
        privateKeyPem: need(secrets.privateKeyPem, 'private key'),
      });
    case 'client_credentials':
      return clientCredentialsGrant({ loginUrl, clientId: need(org.clientId, 'consumer key'), clientSecret: need(secrets.clientSecret, 'consumer secret') });
    case 'password':
      return passwordGrant({
        loginUrl,
        clientId: need(org.clientId, 'consumer key'),
        clientSecret: need(secrets.clientSecret, 'consumer secret'),
        username: need(org.username, 'username'),
        password: need(secrets.password, 'password'),
        securityToken: secrets.securityToken,
      });
    case 'sf_cli':
      // As the Salesforce CLI refreshes: its client id (PlatformCLI, no secret) at the URL it signed in to.
      return refreshGrant({
        loginUrl: org.loginUrl ?? org.instanceUrl ?? loginUrl,
        clientId: org.clientId ?? SF_CLI_CLIENT_ID,
        clientSecret: secrets.clientSecret,
        refreshToken: need(secrets.refreshToken, 'refresh token'),
        instanceUrl: org.instanceUrl,
      });
  }
}

export class OrgSession {
  readonly conn: Connection;
  /** Set when the org needs the user to sign in again; requests fail with it. */
  reauth: string | null = null;
  private refreshesSinceSuccess = 0;
  private persisting: Promise<void> = Promise.resolve();
  private persistError: unknown = null;

  private constructor(
    readonly org: OrgRecord,
    private secrets: OrgSecrets,
    private readonly store: SecretStore,
    private readonly hooks: SessionHooks,
    private readonly log: Logger,
  ) {
    const refreshable = canRefresh(org, secrets);
    this.conn = new Connection({
      instanceUrl: org.instanceUrl ?? undefined,
      accessToken: secrets.accessToken,
      version: org.apiVersion,
      ...(refreshable
        ? {
            refreshFn: (_c: Connection, cb: (err?: Error | null, token?: string, res?: never) => void) => {
              void this.refresh(cb as (err?: Error | null, token?: string, res?: unknown) => void);
            },
          }
        : {}),
    });
    this.conn.on('refresh', (accessToken: string, res: TokenResult | undefined) => {
      // jsforce's refresh event: the moment a rotated refresh token must be saved.
      this.persist({ ...this.secrets, accessToken, ...(res?.refreshToken ? { refreshToken: res.refreshToken } : {}) });
    });
  }

  /** Opens a session from stored secrets; gets a first access token when none is stored. */
  static async open(org: OrgRecord, store: SecretStore, hooks: SessionHooks, log: Logger): Promise<OrgSession> {
    const secrets = await store.get(org.alias);
    if (!secrets) {
      const how = store.persistent ? '' : ` (secret store "${store.kind}" keeps credentials only for one session; set IUA_PASSPHRASE to persist them)`;
      throw new AppError('auth_required', `No stored credentials for ${org.alias}${how}. Add the org again with \`iua orgs add ${org.alias} …\`.`);
    }
    if (org.status === 'reauth_needed') {
      throw new AppError(
        'auth_required',
        `${org.alias} needs re-authentication${org.statusMessage ? ` (${org.statusMessage})` : ''}. Add it again with \`iua orgs add ${org.alias} …\`.`,
      );
    }
    const session = new OrgSession(org, secrets, store, hooks, log);
    if (!secrets.accessToken) {
      if (!canRefresh(org, secrets)) throw new AppError('auth_required', `No access token stored for ${org.alias}; add the org again.`);
      const token = await session.grantOrReauth();
      session.applyToken(token);
      session.persist({ ...session.secrets, accessToken: token.accessToken, ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}) });
    }
    return session;
  }

  get instanceUrl(): string {
    return this.conn.instanceUrl;
  }

  get version(): string {
    return this.conn.version;
  }

  /** A request got through: the next 401 may refresh again. */
  noteSuccess(): void {
    this.refreshesSinceSuccess = 0;
  }

  /** Waits for secret writes started by refreshes; fails if one could not be saved. */
  async flush(): Promise<void> {
    await this.persisting;
    if (this.persistError) {
      const err = this.persistError;
      this.persistError = null;
      throw new AppError('internal', `A refreshed credential could not be saved (${err instanceof Error ? err.message : String(err)}); the next run may need re-authentication.`);
    }
  }

  private async grantOrReauth(): Promise<TokenResult> {
    try {
      return await grantFor(this.org, this.secrets);
    } catch (err) {
      if (err instanceof OAuthError && /invalid_grant|invalid_client|inactive_user|unauthorized_client/i.test(err.oauthError)) {
        this.markReauth(err.message);
      }
      throw err;
    }
  }

  /** Marks the org as needing the user to sign in again (once per session). */
  markReauth(message: string): void {
    if (this.reauth) return;
    this.reauth = message;
    this.hooks.onReauthNeeded(message);
  }

  private applyToken(token: TokenResult): void {
    this.conn.accessToken = token.accessToken;
    if (token.instanceUrl && token.instanceUrl !== this.conn.instanceUrl) {
      this.conn.instanceUrl = token.instanceUrl;
      this.hooks.onInstanceUrl?.(token.instanceUrl);
    }
    if (token.refreshToken) this.conn.refreshToken = token.refreshToken;
  }

  private async refresh(cb: (err?: Error | null, token?: string, res?: unknown) => void): Promise<void> {
    if (this.refreshesSinceSuccess >= 1) {
      const message = 'Salesforce rejected the session again right after refreshing it';
      this.markReauth(message);
      cb(new Error(message));
      return;
    }
    this.refreshesSinceSuccess++;
    try {
      const token = await this.grantOrReauth();
      this.applyToken(token);
      cb(null, token.accessToken, token);
    } catch (err) {
      this.log.warn('session refresh failed', { alias: this.org.alias, error: err instanceof Error ? err.message : String(err) });
      cb(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private persist(next: OrgSecrets): void {
    this.secrets = next;
    this.persisting = this.persisting
      .then(() => this.store.set(this.org.alias, next))
      .catch((err: unknown) => {
        this.persistError = err;
        this.log.error('could not save refreshed credentials', { alias: this.org.alias, error: err instanceof Error ? err.message : String(err) });
      });
  }
}
