/**
 * The only place the app hands a URL to the operating system. Two kinds are allowed:
 * documentation pages on an allowlist of Salesforce https hosts, and the Salesforce OAuth
 * authorize page (the login runs in the system browser, never in an embedded view). Anything
 * else — other hosts, http, file:, custom schemes, URLs with credentials — is refused, so a
 * compromised page cannot use the shell to launch programs. The lint rule in eslint.config.js
 * only accepts `openExternal` here, with an argument named `allowed…` produced by these checks.
 */
import type { Shell } from 'electron';

export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = ['help.salesforce.com', 'developer.salesforce.com', 'trailhead.salesforce.com'];

/** Login hosts for the OAuth web-server flow: the two global ones and every My Domain. */
const OAUTH_HOSTS = ['login.salesforce.com', 'test.salesforce.com'];
const OAUTH_HOST_SUFFIX = '.my.salesforce.com';
const OAUTH_AUTHORIZE_PATH = '/services/oauth2/authorize';

function parseHttps(url: string): URL | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return null;
  return u;
}

/** The normalized URL when it is an allowlisted documentation link, else null. */
export function allowedExternalUrl(url: string): string | null {
  const u = parseHttps(url);
  return u && EXTERNAL_HOST_ALLOWLIST.includes(u.hostname) ? u.href : null;
}

/** The normalized URL when it is a Salesforce OAuth authorize URL, else null. */
export function allowedOAuthUrl(url: string): string | null {
  const u = parseHttps(url);
  if (!u || u.pathname !== OAUTH_AUTHORIZE_PATH) return null;
  const host = u.hostname;
  const labelOk = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host);
  return labelOk && (OAUTH_HOSTS.includes(host) || (host.endsWith(OAUTH_HOST_SUFFIX) && host.length > OAUTH_HOST_SUFFIX.length)) ? u.href : null;
}

/** Opens an allowlisted documentation link in the system browser; false (and nothing opened) otherwise. */
export function openExternalLink(shell: Pick<Shell, 'openExternal'>, url: string): boolean {
  const allowedUrl = allowedExternalUrl(url);
  if (allowedUrl === null) return false;
  void shell.openExternal(allowedUrl);
  return true;
}

/** Opens the Salesforce login page for the OAuth flow; false (and nothing opened) otherwise. */
export async function openOAuthLogin(shell: Pick<Shell, 'openExternal'>, url: string): Promise<boolean> {
  const allowedOAuth = allowedOAuthUrl(url);
  if (allowedOAuth === null) return false;
  await shell.openExternal(allowedOAuth);
  return true;
}
