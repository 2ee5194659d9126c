/**
 * Adding, testing and removing orgs. Adding gets a token with the chosen auth method,
 * proves it against the org (identity and org name), then stores the secrets in the
 * SecretStore and the rest in SQLite. Nothing secret is returned.
 */
import { auditorVisibility } from '../salesforce/auditor-visibility';
import { AppError } from '../../../shared/contract';
import type { AddOrgInput, OrgSummary, SecretStoreInfo } from '../../../shared/contract/orgs';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import type { ServiceContext } from '../context';
import { requireDb } from '../context';
import { MemorySecretStore } from '../secrets/memory-store';
import { secretStoreInfo } from '../secrets/choose';
import type { OrgSecrets, SecretStore } from '../secrets/secret-store';
import { clientCredentialsGrant, jwtGrant, passwordGrant, type TokenResult } from '../salesforce/auth';
import { DEFAULT_RETRY, SfClient } from '../salesforce/client';
import { fetchDailyUsage, fetchIdentity, type Identity } from '../salesforce/identity';
import { probeQuery } from '../salesforce/query-plan';
import { describeGlobal } from '../salesforce/describe';
import { SfApiError } from '../salesforce/errors';
import { OrgSession } from '../salesforce/session';
import { listSfCliOrgs, readSfCliAuth } from '../salesforce/sf-cli';
import { DEFAULT_REDIRECT_PORT, runWebFlow } from '../salesforce/web-flow';
import type { OrgDeps } from './deps';
import { countSnapshots } from '../snapshots/repository';
import { aliasForEarlierOrg, describeEarlierOrg, earlierOrgUnder, moveAlias, type EarlierOrg } from './replace';
import { DEFAULT_API_VERSION, DEFAULT_LOGIN_URL, deleteOrg, getOrg, setInstanceUrl, setOrgStatus, upsertOrg, type OrgRecord, type OrgUpsert } from './repository';

interface Obtained {
  token: TokenResult;
  secrets: OrgSecrets;
  username: string | null;
  loginUrl: string | null;
  /** Set when the method stores its own client id (the Salesforce CLI's PlatformCLI). */
  clientId?: string | null;
  /** Something the user should know about this connection (e.g. it cannot be renewed). */
  notice?: string;
}

/** Each method's required fields are present here: the contract's AddOrgInput refused the input otherwise. */
async function obtain(input: AddOrgInput, deps: OrgDeps): Promise<Obtained> {
  const loginUrl = (('loginUrl' in input ? input.loginUrl : undefined) ?? DEFAULT_LOGIN_URL).replace(/\/+$/, '');
  switch (input.method) {
    case 'access_token': {
      const instanceUrl = input.instanceUrl;
      const accessToken = input.accessToken;
      return {
        token: { accessToken, instanceUrl, refreshToken: input.refreshToken ?? null, idUrl: null },
        secrets: { accessToken, ...(input.refreshToken ? { refreshToken: input.refreshToken } : {}), ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}) },
        username: null,
        loginUrl: input.loginUrl ?? null,
      };
    }
    case 'web': {
      const clientId = input.clientId;
      const token = await runWebFlow({
        loginUrl,
        clientId,
        clientSecret: input.clientSecret,
        port: input.redirectPort ?? DEFAULT_REDIRECT_PORT,
        openUrl: deps.openUrl,
        timeoutMs: deps.tuning.webFlowTimeoutMs,
      });
      return {
        token,
        secrets: {
          accessToken: token.accessToken,
          ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
          ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        },
        username: null,
        loginUrl,
      };
    }
    case 'jwt': {
      const p = {
        loginUrl,
        clientId: input.clientId,
        username: input.username,
        privateKeyPem: input.privateKeyPem,
      };
      const token = await jwtGrant(p);
      return { token, secrets: { accessToken: token.accessToken, privateKeyPem: p.privateKeyPem }, username: p.username, loginUrl };
    }
    case 'client_credentials': {
      const p = { loginUrl, clientId: input.clientId, clientSecret: input.clientSecret };
      const token = await clientCredentialsGrant(p);
      return { token, secrets: { accessToken: token.accessToken, clientSecret: p.clientSecret }, username: null, loginUrl };
    }
    case 'password': {
      const p = {
        loginUrl,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        username: input.username,
        password: input.password,
        securityToken: input.securityToken,
      };
      const token = await passwordGrant(p);
      return {
        token,
        secrets: { accessToken: token.accessToken, clientSecret: p.clientSecret, password: p.password, ...(p.securityToken ? { securityToken: p.securityToken } : {}) },
        username: p.username,
        loginUrl,
      };
    }
    case 'sf_cli': {
      const target = input.sfCliTarget;
      const r = await readSfCliAuth(target);
      if (r.refresh) {
        // The CLI's refresh token: the first session is opened with it, as later ones will be.
        const secrets: OrgSecrets = { refreshToken: r.refresh.refreshToken, ...(r.refresh.clientSecret ? { clientSecret: r.refresh.clientSecret } : {}) };
        return {
          token: { accessToken: '', instanceUrl: r.instanceUrl, refreshToken: r.refresh.refreshToken, idUrl: null },
          secrets,
          username: r.username,
          loginUrl: r.loginUrl,
          clientId: r.refresh.clientId,
        };
      }
      return {
        token: { accessToken: r.accessToken!, instanceUrl: r.instanceUrl, refreshToken: null, idUrl: null },
        secrets: { accessToken: r.accessToken! },
        username: r.username,
        loginUrl: r.loginUrl,
        clientId: null,
        notice: `The Salesforce CLI holds only an access token for "${target}", so this connection works until that session expires (typically within hours). Then sign in with \`sf org login web --alias ${target}\` and import again with \`iua orgs add ${input.alias} --from-sf-cli ${target}\`.`,
      };
    }
  }
}

function silentLog(ctx: ServiceContext) {
  return ctx.log.child('orgs');
}

export async function addOrg(
  ctx: ServiceContext,
  deps: OrgDeps,
  input: AddOrgInput,
): Promise<{ org: OrgSummary; updated: boolean; secretStore: SecretStoreInfo; notice: string | null }> {
  const db = requireDb(ctx);
  if (deps.collections.isRunning(input.alias)) throw new AppError('busy', `A collection of ${input.alias} is running; update the org after it finishes.`);
  const store = await deps.secrets();
  const got = await obtain(input, deps);
  const apiVersion = input.apiVersion ?? DEFAULT_API_VERSION;
  const draft: OrgRecord = {
    alias: input.alias,
    orgId: null,
    orgName: null,
    instanceUrl: got.token.instanceUrl.replace(/\/+$/, ''),
    loginUrl: got.loginUrl,
    apiVersion,
    authMethod: input.method,
    username: got.username,
    clientId: got.clientId !== undefined ? got.clientId : 'clientId' in input ? (input.clientId ?? null) : null,
    redirectPort: input.method === 'web' ? (input.redirectPort ?? DEFAULT_REDIRECT_PORT) : null,
    status: 'ok',
    statusMessage: null,
    currentSnapshotId: null,
    createdAt: '',
    updatedAt: '',
  };
  // Prove the credentials before keeping anything: a throwaway session on a memory store.
  const probeStore = new MemorySecretStore();
  await probeStore.set(input.alias, got.secrets);
  const session = await OrgSession.open(draft, probeStore, { onReauthNeeded: () => undefined }, silentLog(ctx));
  const client = new SfClient(session, { ...DEFAULT_RETRY, ...deps.tuning.retry });
  await fetchDailyUsage(client);
  const identity = await fetchIdentity(client);
  const orgName = await fetchOrgName(client, identity);
  const earlier = earlierOrgUnder(db, input.alias, identity.orgId);
  if (earlier && input.replace !== true) {
    const keptUnder = aliasForEarlierOrg(db, input.alias, earlier.orgId);
    throw new AppError(
      'conflict',
      `${describeEarlierOrg(input.alias, earlier)}, but these credentials sign in to ${orgName} (${identity.orgId}). Add this org under another alias, or add --replace to point "${input.alias}" at ${orgName}: the earlier org's snapshots, reviews and sign-offs then move to the alias "${keptUnder}" and stay there. Nothing was changed.`,
      // The window offers the same choice as a button (the issue's path names the input that accepts it).
      [{ path: 'replace', message: `Point "${input.alias}" at ${orgName} and keep the earlier org's snapshots, reviews and sign-offs under the alias "${keptUnder}".` }],
    );
  }
  await session.flush();
  const finalSecrets = (await probeStore.get(input.alias)) ?? got.secrets;
  const registration = {
    alias: input.alias,
    orgId: identity.orgId,
    orgName,
    instanceUrl: session.instanceUrl.replace(/\/+$/, ''),
    loginUrl: draft.loginUrl,
    apiVersion,
    authMethod: input.method,
    username: draft.username ?? identity.username,
    clientId: draft.clientId,
    redirectPort: draft.redirectPort,
  };
  let updated: boolean;
  const notices = got.notice ? [got.notice] : [];
  if (earlier) {
    const moved = await replaceAliasOrg(db, store, earlier, registration, finalSecrets);
    notices.unshift(moved.notice);
    updated = false;
    ctx.events.emit('data.changed', { orgAlias: moved.to, what: 'orgs' });
  } else {
    await store.set(input.alias, finalSecrets);
    updated = upsertOrg(db, registration);
  }
  ctx.events.emit('data.changed', { orgAlias: input.alias, what: 'orgs' });
  return { org: getOrg(db, input.alias)!, updated, secretStore: secretStoreInfo(store), notice: notices.length ? notices.join(' ') : null };
}

/**
 * `orgs add ALIAS --replace` with another org's credentials: the earlier org's registration and
 * everything under ALIAS move to a new alias (orgs/replace.ts) in the same transaction that
 * registers the new org under ALIAS; its stored credentials move with it, so it can still be
 * collected. Credentials are written first (a session-only or keychain store cannot join a
 * SQLite transaction) and put back if the transaction fails.
 */
async function replaceAliasOrg(
  db: ReturnType<typeof requireDb>,
  store: SecretStore,
  earlier: EarlierOrg,
  registration: OrgUpsert,
  secrets: OrgSecrets,
): Promise<{ to: string; notice: string }> {
  const alias = registration.alias;
  const to = aliasForEarlierOrg(db, alias, earlier.orgId);
  const earlierSecrets = earlier.registered ? await store.get(alias) : null;
  if (earlierSecrets) await store.set(to, earlierSecrets);
  await store.set(alias, secrets);
  try {
    db.transaction(() => {
      moveAlias(db, { from: alias, to, earlier, newOrg: { orgId: registration.orgId, orgName: registration.orgName } });
      upsertOrg(db, registration);
    })();
  } catch (err) {
    if (earlierSecrets) {
      await store.set(alias, earlierSecrets);
      await store.delete(to);
    }
    throw err;
  }
  const n = earlier.snapshots;
  return {
    to,
    notice: `"${alias}" now points at ${registration.orgName} (${registration.orgId}). The earlier org ${earlier.orgName} (${earlier.orgId}) ${n === 1 ? 'and its 1 snapshot' : `and its ${n} snapshots`}, with their reviews, sign-offs, decisions, notes and scope, are kept under the alias "${to}"${earlierSecrets ? ', with its connection' : ''}.`,
  };
}

async function fetchOrgName(client: SfClient, identity: Identity): Promise<string> {
  try {
    const r = await client.get<{ records: { Name?: string }[] }>(client.dataPath(`/query?q=${encodeURIComponent('SELECT Id, Name FROM Organization')}`));
    return r.records?.[0]?.Name ?? identity.orgId;
  } catch (err) {
    if (err instanceof SfApiError) return identity.orgId;
    throw err;
  }
}

export function requireOrg(ctx: ServiceContext, alias: string): OrgRecord {
  const org = getOrg(requireDb(ctx), alias);
  if (!org) throw new AppError('not_found', `No org with alias "${alias}". Add it with \`iua orgs add ${alias} …\`.`);
  return org;
}

/** A session whose refresh failures mark the org and whose instance moves are recorded. */
export async function openOrgSession(ctx: ServiceContext, deps: OrgDeps, org: OrgRecord): Promise<OrgSession> {
  const db = requireDb(ctx);
  if (org.status === 'offline') {
    throw new AppError(
      'auth_required',
      `Org "${org.alias}" was imported from a snapshot file and has no connection. Review its snapshots offline, or connect it with \`iua orgs add ${org.alias} …\` to collect.`,
    );
  }
  const store = await deps.secrets();
  return OrgSession.open(
    org,
    store,
    {
      onReauthNeeded: (message) => {
        setOrgStatus(db, org.alias, 'reauth_needed', message);
        ctx.events.emit('data.changed', { orgAlias: org.alias, what: 'orgs' });
      },
      onInstanceUrl: (url) => setInstanceUrl(db, org.alias, url.replace(/\/+$/, '')),
    },
    silentLog(ctx),
  );
}

export async function testOrg(ctx: ServiceContext, deps: OrgDeps, alias: string) {
  const org = requireOrg(ctx, alias);
  const session = await openOrgSession(ctx, deps, org);
  const client = new SfClient(session, { ...DEFAULT_RETRY, ...deps.tuning.retry });
  try {
    // The /services/data call first, so an expired session is refreshed before userinfo.
    const usage = await fetchDailyUsage(client);
    const identity = await fetchIdentity(client);
    const global = await describeGlobal(client);
    const objects = [];
    for (const spec of OBJECT_SPECS) {
      if (!spec.fromProfileMetadata && !global.has(spec.name.toLowerCase())) {
        objects.push({ object: spec.name, readable: false, errorCode: 'INVALID_TYPE', message: 'not in the describe for the auditing user' });
        continue;
      }
      try {
        // Metadata objects refuse unfiltered queries, login IP ranges live in profile metadata.
        const probe = probeQuery(spec);
        await client.get(client.dataPath(`${probe.tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(probe.soql)}`));
        objects.push({ object: spec.name, readable: true, errorCode: null, message: null });
      } catch (err) {
        if (!(err instanceof SfApiError)) throw err;
        objects.push({ object: spec.name, readable: false, errorCode: err.errorCode, message: err.message });
      }
    }
    const visibility = await auditorVisibility(client, identity.userId, identity.username);
    const orgName = await fetchOrgName(client, identity);
    setOrgStatus(requireDb(ctx), alias, 'ok', null);
    return { alias, orgId: identity.orgId, orgName, username: identity.username, apiVersion: session.version, apiUsage: client.usage ?? usage, objects, visibility };
  } finally {
    await session.flush();
  }
}

/** `sf org list` for the Add-org picker: an absent CLI is an answer, not an error. */
export async function listSfCliImports(): Promise<{ installed: boolean; orgs: Awaited<ReturnType<typeof listSfCliOrgs>>; message: string | null }> {
  try {
    const orgs = await listSfCliOrgs();
    return {
      installed: true,
      orgs,
      message: orgs.length === 0 ? 'The Salesforce CLI is not signed in to any org. Sign in with `sf org login web --alias NAME`, then come back.' : null,
    };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return { installed: false, orgs: [], message: err.message };
    if (err instanceof AppError) return { installed: true, orgs: [], message: err.message };
    throw err;
  }
}

export async function removeOrg(ctx: ServiceContext, deps: OrgDeps, alias: string): Promise<{ removed: boolean; snapshotsKept: number }> {
  const db = requireDb(ctx);
  if (deps.collections.isRunning(alias)) throw new AppError('busy', `A collection of ${alias} is running; cancel it first.`);
  const store = await deps.secrets();
  await store.delete(alias);
  const removed = deleteOrg(db, alias);
  if (removed) ctx.events.emit('data.changed', { orgAlias: alias, what: 'orgs' });
  return { removed, snapshotsKept: countSnapshots(db, alias) };
}
