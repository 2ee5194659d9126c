/**
 * Salesforce failures, classified once (table in docs/collecting.md):
 * - 401 INVALID_SESSION_ID: jsforce refreshes once through our refresh function; a second
 *   rejection or `invalid_grant` needs re-authentication (no loop);
 * - 403 REQUEST_LIMIT_EXCEEDED: stop at once, name it, keep the previous snapshot;
 * - INVALID_FIELD / INVALID_TYPE / INSUFFICIENT_ACCESS (and friends) on one object: a
 *   coverage gap, the collection goes on;
 * - 5xx, 429 and dropped connections: bounded retries with backoff in an overall budget.
 */
import { AppError } from '../../../shared/contract';

export class SfApiError extends Error {
  constructor(
    /** HTTP status, or 0 when no response arrived (connection dropped, timeout). */
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SfApiError';
  }
}

/** Errors that mean "this object cannot be read here", recorded as a coverage gap. */
export const GAP_ERROR_CODES = new Set([
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_PRIVILEGES',
  'NOT_FOUND',
  'MALFORMED_QUERY',
  'INVALID_QUERY_FILTER_OPERATOR',
  'API_DISABLED_FOR_ORG',
]);

export function isGapError(err: unknown): err is SfApiError {
  return err instanceof SfApiError && GAP_ERROR_CODES.has(err.errorCode) && err.errorCode !== 'API_DISABLED_FOR_ORG';
}

export function isRetryable(err: unknown): boolean {
  if (!(err instanceof SfApiError)) return false;
  if (err.status === 0) return true;
  if (err.errorCode === 'REQUEST_LIMIT_EXCEEDED') return false;
  return err.status >= 500 || err.status === 429 || err.status === 420;
}

export function limitExceeded(alias: string, message: string): AppError {
  return new AppError(
    'api_limit',
    `Salesforce answered REQUEST_LIMIT_EXCEEDED for ${alias} (${message}); the collection stopped at once and the previous snapshot stays current. Try again when the org's daily API allocation resets.`,
  );
}

/** Turns whatever a request threw into an SfApiError (status 0 = no HTTP answer). */
export function toSfError(err: unknown, status: number | null): SfApiError {
  if (err instanceof SfApiError) return err;
  const e = err as { name?: string; errorCode?: string; message?: string; code?: string };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (status && status >= 400) {
    const code = e.errorCode ?? (e.name && e.name !== 'Error' ? e.name : `ERROR_HTTP_${status}`);
    return new SfApiError(status, code, oneLine(message));
  }
  return new SfApiError(0, e?.code ?? 'CONNECTION_FAILED', oneLine(message));
}

export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
