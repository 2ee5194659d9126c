/**
 * Salesforce failures, classified once (table in docs/collecting.md):
 * - 401 INVALID_SESSION_ID: jsforce refreshes once through our refresh function; a second
 *   rejection or `invalid_grant` needs re-authentication (no loop);
 * - 403 REQUEST_LIMIT_EXCEEDED: stop at once, name it, keep the previous snapshot;
 * - any other error on one object (INVALID_TYPE, INSUFFICIENT_ACCESS, an unknown code, a 5xx
 *   after retries, an HTML page instead of JSON): a coverage gap in Salesforce's words, the
 *   collection goes on (objectFailure);
 * - 5xx, 429 and dropped connections: bounded retries with backoff in an overall budget.
 */
import { AppError } from '../../../shared/contract';
import type { CoverageGap } from '../../../shared/model';

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
    return new SfApiError(status, code, readableBody(status, message));
  }
  return new SfApiError(0, e?.code ?? 'CONNECTION_FAILED', oneLine(message));
}

export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const HTML = /<\s*(?:!doctype|html|head|body|h[1-6]|pre|title|table)\b/i;

/**
 * An error body as words. Salesforce answers some failures with an HTML page (414 URI Too Long,
 * 431, proxies and maintenance pages: jsforce/jsforce#1134): keep its text, not its markup.
 */
export function readableBody(status: number, body: string): string {
  if (!HTML.test(body)) return oneLine(body);
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<title>[\s\S]*?<\/title>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return oneLine(`Salesforce answered HTTP ${status} with a web page instead of an API error: ${oneLine(text, 200)}`);
}

/** Connection failures that mean "this address is wrong", not "try again": no such host, nothing listening. */
const WRONG_ADDRESS: Record<string, string> = {
  ENOTFOUND: 'no such host (the name does not resolve)',
  ECONNREFUSED: 'the connection was refused (nothing answers at that address)',
};

/**
 * A request to a host that never answered failed because the address is wrong (a mistyped
 * instance URL): in words, at once, instead of after retries. Null for any other failure.
 */
export function unreachableHost(url: string, err: SfApiError): AppError | null {
  const reason = err.status === 0 ? WRONG_ADDRESS[err.errorCode] : undefined;
  if (!reason) return null;
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    /* keep the URL as given */
  }
  return new AppError(
    'network',
    `Could not reach ${host}: ${reason}. Check the instance URL (for example https://yourcompany.my.salesforce.com) and your network connection, then try again. Nothing was stored.`,
  );
}

/** The client gave up on a request after its retries; `last` is what the last attempt got. */
export class RetriesExhausted extends AppError {
  constructor(
    message: string,
    readonly last: SfApiError,
  ) {
    super('network', message);
  }
}

/** Failures that end the whole collection: the org or the session, not one object. */
const STOPS_COLLECTION = new Set(['API_DISABLED_FOR_ORG', 'REQUEST_LIMIT_EXCEEDED', 'INVALID_SESSION_ID', 'INVALID_AUTH_HEADER']);

/**
 * What failed reading one object, when that failure is the object's alone and becomes a coverage
 * gap (issue #15 item 9): any Salesforce error code, a 5xx that outlasted the retries, an HTML
 * page instead of JSON. Null when the collection must stop: authentication, the API limit, a
 * connection that never answered, cancellation, our own bugs.
 */
export function objectFailure(err: unknown): SfApiError | null {
  if (err instanceof RetriesExhausted) return err.last.status >= 500 ? err.last : null;
  if (err instanceof SfApiError) return STOPS_COLLECTION.has(err.errorCode) || err.status === 401 ? null : err;
  return null;
}

/** What a Salesforce error means and what to do, by code (shown with Salesforce's own words). */
export function meaningOf(err: SfApiError): string {
  const code = err.errorCode;
  if (code === 'ERROR_HTTP_414' || code === 'ERROR_HTTP_431') {
    return 'The request was longer than Salesforce accepts (16,384 bytes of address and headers). This is a collector bug: please report it with the log.';
  }
  if (code === 'API_DISABLED_FOR_ORG')
    return "The org's edition or the auditing user's profile does not allow API access: use a user with API Enabled in an edition with API access.";
  if (/INSUFFICIENT_ACCESS|INSUFFICIENT_PRIVILEGES/.test(code))
    return 'The auditing user lacks a permission to read it: grant the permissions listed in docs/collecting.md, then collect again.';
  if (code === 'INVALID_TYPE' || code === 'NOT_FOUND') return 'This org or API version does not offer it to the auditing user.';
  if (code === 'INVALID_FIELD') return 'A field the collector asks for does not exist at this API version or is hidden by field-level security.';
  if (code === 'INCONSISTENT_READ') return 'Collect again; if it keeps happening, the org is changing faster than it can be read.';
  if (err.status >= 500) return 'Salesforce had an internal error and kept failing after retries: try again later; if it persists, check status.salesforce.com.';
  return 'Check the auditing user and the org, then collect again; if it persists, send the log to whoever supports the app.';
}

/** A Salesforce failure that stopped a whole action, in words: what failed, what it means, what to do. */
export function sfFailureInWords(alias: string, during: string, err: SfApiError, storing = true): AppError {
  const said = `${err.status > 0 ? `HTTP ${err.status}, ` : ''}${err.errorCode}: ${oneLine(err.message, 240)}`;
  const tail = storing ? ' Nothing was stored; the previous snapshot stays current.' : '';
  return new AppError('org_error', `${during} of ${alias} failed: Salesforce answered ${said}. ${meaningOf(err)}${tail}`);
}

const STEP_OF_CALL: Record<string, string> = { 'collect.start': 'The collection', 'orgs.test': 'The connection test', 'orgs.add': 'Adding the org' };

/** Any call that met a Salesforce error no service turned into words: the same words, never "something went wrong". */
export function sfFailureForCall(call: string, alias: string | undefined, err: SfApiError): AppError {
  return sfFailureInWords(alias ?? 'the org', STEP_OF_CALL[call] ?? `The request ${call}`, err, call === 'collect.start');
}

/** One object's own failure becomes a coverage gap in Salesforce's words; null: anything else, which stops the collection. */
export function coverageGapOf(object: string, err: unknown): CoverageGap | null {
  const failure = objectFailure(err);
  if (!failure) return null;
  return { object, errorCode: failure.errorCode, message: oneLine(failure.message) };
}
