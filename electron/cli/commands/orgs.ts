/**
 * `iua orgs add|list|remove|test`. Secrets given as flags are passed straight to the
 * back end's SecretStore; a flag value of "-" reads the secret from stdin so it stays out
 * of the shell history and the process list.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import type { AddOrgInput, AuthMethod } from '../../../shared/contract/orgs';
import { printJson, withBackend } from '../runtime';

interface AddFlags {
  replace?: boolean;
  instanceUrl?: string;
  accessToken?: string;
  refreshToken?: string;
  loginUrl?: string;
  clientId?: string;
  clientSecret?: string;
  jwtKey?: string;
  username?: string;
  password?: string;
  securityToken?: string;
  web?: boolean;
  fromSfCli?: string;
  apiVersion?: string;
  redirectPort?: string;
  json?: boolean;
}

let stdinCache: string | null = null;
function fromStdin(value: string | undefined): string | undefined {
  if (value !== '-') return value;
  stdinCache ??= fs.readFileSync(0, 'utf8');
  return stdinCache.replace(/\r?\n$/, '');
}

export function methodOf(f: AddFlags): AuthMethod {
  if (f.fromSfCli) return 'sf_cli';
  if (f.web) return 'web';
  if (f.jwtKey) return 'jwt';
  if (f.password) return 'password';
  if (f.accessToken) return 'access_token';
  if (f.clientId && f.clientSecret) return 'client_credentials';
  throw new AppError(
    'validation',
    'Choose how to connect: --instance-url URL --access-token T | --web --client-id K | --jwt-key FILE --client-id K --username U | --client-id K --client-secret S | --username U --password P --client-id K --client-secret S | --from-sf-cli TARGET',
  );
}

export function addInputOf(alias: string, f: AddFlags): AddOrgInput {
  const method = methodOf(f);
  let privateKeyPem: string | undefined;
  if (f.jwtKey) {
    try {
      privateKeyPem = fs.readFileSync(f.jwtKey, 'utf8');
    } catch (err) {
      throw new AppError('validation', `Cannot read the JWT key file ${f.jwtKey}: ${(err as Error).message}`);
    }
  }
  const port = f.redirectPort === undefined ? undefined : Number(f.redirectPort);
  // Every flag given goes to the contract, which refuses a missing or foreign field in words.
  const input: Record<string, unknown> = {
    alias,
    method,
    instanceUrl: f.instanceUrl,
    loginUrl: f.loginUrl,
    apiVersion: f.apiVersion,
    clientId: f.clientId,
    clientSecret: fromStdin(f.clientSecret),
    accessToken: fromStdin(f.accessToken),
    refreshToken: fromStdin(f.refreshToken),
    privateKeyPem,
    username: f.username,
    password: fromStdin(f.password),
    securityToken: fromStdin(f.securityToken),
    sfCliTarget: f.fromSfCli,
    redirectPort: port,
    replace: f.replace,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as AddOrgInput;
}

export function registerOrgs(program: Command): void {
  const orgs = program.command('orgs').description('Register, list, test and remove Salesforce orgs');

  orgs
    .command('add <alias>')
    .description('Connect an org (an existing alias is updated)')
    .option('--instance-url <url>', 'instance URL (with --access-token)')
    .option('--access-token <token>', 'access token, e.g. from `sf org auth show-access-token --json` ("-" reads stdin)')
    .option('--refresh-token <token>', 'refresh token to keep the session alive (needs --client-id)')
    .option('--login-url <url>', 'login or My Domain URL (default https://login.salesforce.com)')
    .option('--client-id <key>', 'consumer key of the External Client App')
    .option('--client-secret <secret>', 'consumer secret ("-" reads stdin)')
    .option('--jwt-key <file>', 'private key (PEM) for the JWT bearer flow')
    .option('--username <username>', 'auditing username (JWT bearer, password)')
    .option('--password <password>', 'password for the OAuth password grant ("-" reads stdin)')
    .option('--security-token <token>', 'security token appended to the password')
    .option('--web', 'sign in through the system browser (OAuth web-server flow with PKCE)')
    .option('--redirect-port <port>', 'loopback port registered as callback for --web (default 7717)')
    .option('--from-sf-cli <target>', 'import an org the Salesforce CLI is signed in to (alias or username from `sf org list`); keeps its refresh token')
    .option('--api-version <v>', 'pinned API version (default 62.0)')
    .option('--replace', 'point an existing alias at a different org; the earlier org keeps its snapshots, reviews, sign-offs and credentials under ALIAS-<its org id>')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, flags: AddFlags, cmd: Command) => {
      const input = addInputOf(alias, flags);
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('orgs.add', input);
        if (flags.json) return printJson(r);
        const o = r.org;
        process.stdout.write(
          `${r.updated ? 'Updated' : 'Added'} org ${o.alias}: ${o.orgName ?? '?'} (${o.orgId ?? '?'}) at ${o.instanceUrl}, auditing user ${o.username ?? '?'}, API ${o.apiVersion}. Credentials: ${r.secretStore.kind}.\n`,
        );
        if (r.secretStore.message) process.stderr.write(`Note: ${r.secretStore.message}\n`);
        if (r.notice) process.stderr.write(`Note: ${r.notice}\n`);
      });
    });

  orgs
    .command('list')
    .description('List the registered orgs')
    .option('--json', 'print one JSON object')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const { orgs: list } = await backend.call('orgs.list', {});
        if (flags.json) return printJson({ orgs: list });
        if (list.length === 0) {
          process.stdout.write('No orgs yet. Add one with `iua orgs add ALIAS --instance-url URL --access-token T`.\n');
          return;
        }
        const rows = list.map((o) => [
          o.alias,
          o.orgName ?? '',
          o.status + (o.statusMessage ? ` (${o.statusMessage})` : ''),
          o.authMethod,
          o.username ?? '',
          o.currentSnapshotId ?? '-',
        ]);
        const head = ['ALIAS', 'ORG', 'STATUS', 'AUTH', 'USER', 'SNAPSHOT'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        for (const r of [head, ...rows])
          process.stdout.write(
            r
              .map((c, i) => c.padEnd(widths[i]))
              .join('  ')
              .trimEnd() + '\n',
          );
      });
    });

  orgs
    .command('remove <alias>')
    .description('Forget an org and its stored credentials (its snapshots are kept)')
    .action(async (alias: string, _flags: unknown, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('orgs.remove', { alias });
        if (!r.removed) throw new AppError('not_found', `No org with alias "${alias}".`);
        process.stdout.write(`Removed ${alias}; its credentials are deleted${r.snapshotsKept ? ` and its ${r.snapshotsKept} snapshot(s) kept as evidence` : ''}.\n`);
      });
    });

  orgs
    .command('test <alias>')
    .description('Check connectivity and which needed objects the auditing user can read')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, flags: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('orgs.test', { alias });
        if (flags.json) return printJson(r);
        process.stdout.write(`Connected to ${r.orgName} (${r.orgId}) as ${r.username}, API ${r.apiVersion}.\n`);
        if (r.apiUsage) process.stdout.write(`API usage today: ${r.apiUsage.used} of ${r.apiUsage.limit}.\n`);
        const unreadable = r.objects.filter((o) => !o.readable);
        process.stdout.write(`Readable: ${r.objects.length - unreadable.length} of ${r.objects.length} objects.\n`);
        for (const o of unreadable) process.stdout.write(`  cannot read ${o.object}: ${o.errorCode} ${o.message ?? ''}\n`);
        const partial = r.visibility.filter((v) => !v.visible);
        if (partial.length === 0) process.stdout.write(`Visibility: the auditing user sees every row of ${r.visibility.map((v) => v.object).join(', ')}.\n`);
        for (const v of partial) process.stdout.write(`  partial visibility of ${v.object}: ${v.message}\n`);
      });
    });
}
