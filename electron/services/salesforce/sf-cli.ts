/**
 * Import from the Salesforce CLI (`sf`) as it ships today. `sf org display` no longer prints
 * the access token (it prints "[REDACTED] Use 'sf org auth show-access-token' to view"), so
 * the secrets come from the CLI's own secret-printing commands:
 *
 * - `sf org auth show-sfdx-auth-url` → `force://<clientId>:<clientSecret>:<refreshToken>@<host>`
 *   (the CLI's own client is `PlatformCLI`, with no secret). We keep the refresh token in the
 *   SecretStore and refresh exactly as the CLI does: a refresh_token grant with that client id
 *   at the org's login URL. Collections then keep working after the access token expires.
 * - `sf org auth show-access-token` → an access token only (orgs the CLI holds no refresh
 *   token for, e.g. `sf org login access-token`): it works until the session expires.
 * - `sf org display --verbose --json` for older CLIs, only when the value has the shape of a
 *   real token (never the placeholder).
 *
 * `sf` runs without a shell, with the target bound to its flag (`--target-org=X`) after a
 * check that it cannot be read as an option. Its output holds secrets: it is parsed here and
 * never logged; only the SecretStore keeps what it printed.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../../shared/contract';
import { oneLine } from './errors';

/** The Salesforce CLI's public connected app (sfdx-core DEFAULT_CONNECTED_APP_INFO). */
export const SF_CLI_CLIENT_ID = 'PlatformCLI';

export interface SfCliAuth {
  instanceUrl: string;
  /** Where the CLI signed in; refresh_token grants go there. */
  loginUrl: string | null;
  username: string | null;
  orgId: string | null;
  apiVersion: string | null;
  accessToken: string | null;
  /** Present when the CLI holds a refresh token for the org (auth URL). */
  refresh: { clientId: string; clientSecret: string | null; refreshToken: string } | null;
}

interface SfJson {
  status?: number;
  result?: Record<string, unknown>;
  message?: string;
  name?: string;
}

/** Aliases and usernames only; a leading '-' would be read as an option. */
export function checkSfTarget(target: string): string {
  if (target.startsWith('-'))
    throw new AppError(
      'validation',
      `The sf alias or username "${oneLine(target, 60)}" begins with "-", so sf would read it as an option. Give the alias or username as \`sf org list\` shows it.`,
    );
  if (!/^[A-Za-z0-9@._+-]{1,200}$/.test(target)) throw new AppError('validation', 'The sf target must be an alias or username (letters, digits and @ . _ + -).');
  return target;
}

/**
 * A Salesforce access token: the 15- or 18-character org id, "!", then the session part.
 * Rejects the CLI's "[REDACTED] …" placeholder and anything else that is not a token.
 */
export function looksLikeAccessToken(value: unknown): value is string {
  return typeof value === 'string' && /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?![A-Za-z0-9._~+/=-]{20,}$/.test(value);
}

/** `force://<clientId>:<clientSecret>:<refreshToken>@<host[:port]>` (sfdx-core AuthInfo.parseSfdxAuthUrl). */
export function parseSfdxAuthUrl(url: string): { clientId: string; clientSecret: string | null; refreshToken: string; host: string } | null {
  const m = /^force:\/\/([a-zA-Z0-9._-]+={0,2}):([a-zA-Z0-9._-]*={0,2}):([a-zA-Z0-9._-]+={0,2})@([a-zA-Z0-9:._-]+)$/.exec(url.trim());
  if (!m) return null;
  return { clientId: m[1], clientSecret: m[2] || null, refreshToken: m[3], host: m[4].toLowerCase() };
}

/** Runs one sf command for one target (or none); `args` are fixed words, never user text. */
export interface SfRunner {
  (args: string[], target?: string): Promise<{ code: number | null; json: SfJson | null; stderr: string }>;
}

/** Runs `sf … --json` without a shell; the output is returned, never logged. */
export function sfRunner(env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): SfRunner {
  return (args, target) =>
    new Promise((resolve, reject) => {
      const command = process.platform === 'win32' ? 'sf.cmd' : 'sf';
      // The target is bound to its flag with "=" and followed by "--" (end of options; sf accepts it).
      const argv = [...args, '--json', ...(target === undefined ? [] : [`--target-org=${checkSfTarget(target)}`]), '--'];
      const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
      let out = '';
      let err = '';
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (e.code === 'ENOENT')
          reject(
            new AppError(
              'not_found',
              'The Salesforce CLI (sf) is not installed or not on PATH. Install it from https://developer.salesforce.com/tools/salesforcecli, or use another auth method.',
            ),
          );
        else reject(new AppError('org_error', `Could not run sf: ${oneLine(e.message)}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        let json: SfJson | null = null;
        try {
          json = JSON.parse(out) as SfJson;
        } catch {
          json = null;
        }
        resolve({ code, json, stderr: err });
      });
    });
}

const ok = (r: { code: number | null; json: SfJson | null }) => r.code === 0 && r.json?.status === 0 && !!r.json.result;
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
/** Why sf failed, in its own words (never its secret output: failures carry none). */
const why = (r: { code: number | null; json: SfJson | null; stderr: string }) =>
  oneLine(r.json?.message ?? r.stderr.split('\n').find((l) => l.trim() && !/^\(node:\d+\)|^\(Use `node/.test(l)) ?? `exit code ${r.code}`);

/**
 * The instance URL the auth URL's host belongs to. The auth URL drops the scheme (sfdx-core
 * reads it back as https); `org display` keeps it, so a loopback http org stays http.
 */
function instanceFor(host: string, displayed: string | null): string {
  if (displayed) {
    try {
      const u = new URL(displayed);
      if (u.host.toLowerCase() === host) return displayed.replace(/\/+$/, '');
    } catch {
      /* fall through */
    }
  }
  return `https://${host}`;
}

/** Everything needed to connect the org the CLI knows as `target`. */
export async function readSfCliAuth(target: string, run: SfRunner = sfRunner()): Promise<SfCliAuth> {
  checkSfTarget(target);
  // --verbose: older CLIs print the access token only with it.
  const display = await run(['org', 'display', '--verbose'], target);
  if (!ok(display))
    throw new AppError(
      'org_error',
      `The Salesforce CLI does not know the org "${target}": ${why(display)} Sign in with \`sf org login web --alias ${target}\`, or pick an alias from \`sf org list\`.`,
    );
  const d = display.json!.result!;
  const base = {
    username: str(d.username),
    orgId: str(d.id) ?? str(d.orgId),
    apiVersion: str(d.apiVersion) ?? str(d.instanceApiVersion),
    loginUrl: str(d.loginUrl)?.replace(/\/+$/, '') ?? null,
  };
  const displayedInstance = str(d.instanceUrl);

  // 1. The auth URL: a refresh token we can renew sessions with, as the CLI does.
  const authUrl = await run(['org', 'auth', 'show-sfdx-auth-url'], target);
  const parsed = ok(authUrl) ? parseSfdxAuthUrl(String(authUrl.json!.result!.sfdxAuthUrl ?? '')) : null;
  if (parsed) {
    const instanceUrl = instanceFor(parsed.host, displayedInstance);
    return {
      ...base,
      loginUrl: base.loginUrl ?? instanceUrl,
      instanceUrl,
      accessToken: null,
      refresh: { clientId: parsed.clientId, clientSecret: parsed.clientSecret, refreshToken: parsed.refreshToken },
    };
  }

  if (!displayedInstance) throw new AppError('org_error', `sf org display --target-org ${target} printed no instance URL; sign in to the org again in the Salesforce CLI.`);
  const instanceUrl = displayedInstance.replace(/\/+$/, '');
  // 2. An access token only (the CLI holds no refresh token for this org).
  const shown = await run(['org', 'auth', 'show-access-token'], target);
  if (ok(shown) && looksLikeAccessToken(shown.json!.result!.accessToken)) return { ...base, instanceUrl, accessToken: shown.json!.result!.accessToken as string, refresh: null };
  // 3. Older CLIs print the token in org display itself.
  if (looksLikeAccessToken(d.accessToken)) return { ...base, instanceUrl, accessToken: d.accessToken, refresh: null };
  const placeholder = typeof d.accessToken === 'string' && /REDACTED/i.test(d.accessToken);
  throw new AppError(
    'org_error',
    placeholder
      ? `The Salesforce CLI hid the access token of "${target}" ("[REDACTED]") and its secret-printing commands gave none (${ok(shown) ? 'no token' : why(shown)}). Update the Salesforce CLI (\`sf update\`), sign in again with \`sf org login web --alias ${target}\`, and import again.`
      : `The Salesforce CLI printed no usable access token for "${target}" (${ok(shown) ? 'the value is not a Salesforce token' : why(shown)}). Sign in again with \`sf org login web --alias ${target}\` and import again.`,
  );
}

export interface SfCliOrgEntry {
  alias: string | null;
  username: string;
  instanceUrl: string | null;
  connected: boolean;
}

/** The orgs the CLI is signed in to (`sf org list`), without any secret. */
export async function listSfCliOrgs(run: SfRunner = sfRunner()): Promise<SfCliOrgEntry[]> {
  const r = await run(['org', 'list']);
  if (!ok(r)) throw new AppError('org_error', `sf org list failed: ${why(r)}`);
  const seen = new Map<string, SfCliOrgEntry>();
  for (const group of Object.values(r.json!.result!)) {
    if (!Array.isArray(group)) continue;
    for (const o of group as Record<string, unknown>[]) {
      const username = str(o.username);
      if (!username || seen.has(username)) continue;
      const status = str(o.connectedStatus);
      seen.set(username, { alias: str(o.alias), username, instanceUrl: str(o.instanceUrl), connected: !status || status === 'Connected' });
    }
  }
  return [...seen.values()].sort((a, b) => (a.alias ?? a.username).localeCompare(b.alias ?? b.username));
}
