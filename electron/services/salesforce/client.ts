/**
 * Every data-API request goes through here: jsforce's HttpApi (so 401s refresh through the
 * session) with jsforce's own retries off, and our policy on top: bounded retries with
 * exponential backoff for 5xx/429/dropped connections inside an overall time budget,
 * REQUEST_LIMIT_EXCEEDED stops at once, every response's Sforce-Limit-Info is read and
 * every request is counted as an API call. A host that has never answered and does not exist
 * (DNS) or refuses connections fails at once with "could not reach <host>": a mistyped
 * instance URL is not a transient fault worth five retries.
 */
import { HttpApi } from 'jsforce/lib/http-api';
import { AppError } from '../../../shared/contract';
import { isRetryable, limitExceeded, oneLine, RetriesExhausted, toSfError, unreachableHost } from './errors';
import type { OrgSession } from './session';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time a collection may spend waiting between retries. */
  budgetMs: number;
  /** One request without an answer for this long counts as a dropped connection. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, budgetMs: 120_000, requestTimeoutMs: 120_000 };

export interface ApiUsage {
  used: number;
  limit: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** 'text' returns the raw body (Bulk API CSV pages). */
  as?: 'json' | 'text';
  headers?: Record<string, string>;
}

export interface SfResponse<T> {
  body: T;
  headers: Record<string, string>;
}

export class SfClient {
  apiCalls = 0;
  usage: ApiUsage | null = null;
  /**
   * Checked before every request and retry (it throws to stop): the collector's API reserve
   * while it fetches, so a page asked for ahead of need is never sent once usage crossed it.
   */
  guard: (() => void) | null = null;
  private retryWaitedMs = 0;
  /** True once any response arrived: from then on a refused connection is a transient fault. */
  private reached = false;

  constructor(
    readonly session: OrgSession,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
    private readonly signal?: AbortSignal,
    /** Called after every response that carried Sforce-Limit-Info (the collector checks its reserve). */
    private readonly onUsage?: (usage: ApiUsage) => void,
  ) {}

  get alias(): string {
    return this.session.org.alias;
  }

  /** `/services/data/vXX.X` + path. */
  dataPath(path: string): string {
    return `/services/data/v${this.session.version}${path}`;
  }

  url(pathOrUrl: string): string {
    return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.session.instanceUrl.replace(/\/+$/, '')}${pathOrUrl}`;
  }

  checkCancelled(): void {
    if (this.signal?.aborted) throw new AppError('cancelled', `The collection of ${this.alias} was cancelled; nothing of it was stored.`);
  }

  async get<T>(pathOrUrl: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return (await this.request<T>(pathOrUrl, options)).body;
  }

  async request<T>(pathOrUrl: string, options: RequestOptions = {}): Promise<SfResponse<T>> {
    const method = options.method ?? 'GET';
    for (let attempt = 1; ; attempt++) {
      this.checkCancelled();
      this.guard?.();
      let status: number | null = null;
      let headers: Record<string, string> = {};
      const api = new HttpApi(this.session.conn, {
        retry: { maxRetries: 0 },
        timeout: this.policy.requestTimeoutMs,
        ...(options.as === 'text' ? { responseType: 'text/plain' } : {}),
      });
      // jsforce refreshes only on 401; userinfo and the identity URL say "expired" with 403 Bad_OAuth_Token.
      const isSessionExpired = api.isSessionExpired.bind(api);
      api.isSessionExpired = (res: Parameters<typeof isSessionExpired>[0]) => isSessionExpired(res) || isBadOAuthToken(res.statusCode, res.body);
      api.on('response', (res: { statusCode: number; headers: Record<string, string> }) => {
        status = res.statusCode;
        headers = res.headers ?? {};
        this.reached = true;
        this.apiCalls++;
        this.readUsage(headers['sforce-limit-info']);
      });
      try {
        const body = (await api.request({
          method,
          url: this.url(pathOrUrl),
          headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        })) as T;
        this.session.noteSuccess();
        return { body, headers };
      } catch (raw) {
        if (this.session.reauth) {
          throw new AppError(
            'auth_required',
            `${this.alias} needs re-authentication: ${this.session.reauth.replace(/\.$/, '')}. Add it again with \`iua orgs add ${this.alias} …\`; existing snapshots are unchanged.`,
          );
        }
        if (raw instanceof AppError) throw raw;
        const err = toSfError(raw, status);
        if (err.errorCode === 'REQUEST_LIMIT_EXCEEDED') throw limitExceeded(this.alias, err.message);
        if (err.errorCode === 'INVALID_SESSION_ID' || err.status === 401 || isBadOAuthToken(err.status, err.message)) {
          this.session.markReauth(`the session expired and ${this.alias}'s sign-in (${this.session.org.authMethod}) cannot renew it`);
          throw new AppError('auth_required', sessionExpiredMessage(this.alias, this.session.org.authMethod));
        }
        if (!this.reached) {
          const unreachable = unreachableHost(this.url(pathOrUrl), err);
          if (unreachable) throw unreachable;
        }
        if (!isRetryable(err)) throw err;
        const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
        if (attempt >= this.policy.maxAttempts || this.retryWaitedMs + delay > this.policy.budgetMs) {
          throw new RetriesExhausted(
            `Salesforce kept failing for ${this.alias} (${err.status ? `HTTP ${err.status} ` : ''}${err.errorCode}: ${oneLine(err.message, 160)}); gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}. Nothing was stored; try again later.`,
            err,
          );
        }
        this.retryWaitedMs += delay;
        await this.sleep(delay);
      }
    }
  }

  private readUsage(header: string | undefined): void {
    const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
    if (!m) return;
    this.usage = { used: Number(m[1]), limit: Number(m[2]) };
    this.onUsage?.(this.usage);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const signal = this.signal;
      function done() {
        signal?.removeEventListener('abort', done);
        clearTimeout(t);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** The OAuth endpoints' word for an expired or unknown token (Salesforce Help "UserInfo Endpoint"). */
export function isBadOAuthToken(status: number, body: unknown): boolean {
  return status === 403 && typeof body === 'string' && /Bad_OAuth_Token/i.test(body);
}

/** What to do when a session expired and the org's sign-in cannot renew it. */
export function sessionExpiredMessage(alias: string, method: string): string {
  const how =
    method === 'sf_cli'
      ? `sign in again in the Salesforce CLI (\`sf org login web\`) and import it again with \`iua orgs add ${alias} --from-sf-cli <alias>\``
      : `sign in again with \`iua orgs add ${alias} …\` (or Add org in the app)`;
  return `The Salesforce session of ${alias} expired, and the way it was added (${method.replace('_', ' ')}) cannot renew it without you: ${how}. Existing snapshots are unchanged.`;
}
