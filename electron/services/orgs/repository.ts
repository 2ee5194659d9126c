/**
 * The org table: what we know about each registered org, never its secrets.
 */
import type Database from 'better-sqlite3';
import type { AuthMethod, OrgStatus, OrgSummary } from '../../../shared/contract/orgs';

export const DEFAULT_API_VERSION = '62.0';
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

interface OrgRow {
  alias: string;
  org_id: string | null;
  org_name: string | null;
  instance_url: string | null;
  login_url: string | null;
  api_version: string;
  auth_method: string;
  username: string | null;
  client_id: string | null;
  redirect_port: number | null;
  status: string;
  status_message: string | null;
  current_snapshot_id: string | null;
  created_at: string;
  updated_at: string;
}

export type OrgRecord = OrgSummary;

function fromRow(r: OrgRow): OrgRecord {
  return {
    alias: r.alias,
    orgId: r.org_id,
    orgName: r.org_name,
    instanceUrl: r.instance_url,
    loginUrl: r.login_url,
    apiVersion: r.api_version,
    authMethod: r.auth_method as AuthMethod,
    username: r.username,
    clientId: r.client_id,
    redirectPort: r.redirect_port,
    status: r.status as OrgStatus,
    statusMessage: r.status_message,
    currentSnapshotId: r.current_snapshot_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function listOrgs(db: Database.Database): OrgRecord[] {
  return (db.prepare('SELECT * FROM org ORDER BY alias').all() as OrgRow[]).map(fromRow);
}

export function getOrg(db: Database.Database, alias: string): OrgRecord | null {
  const row = db.prepare('SELECT * FROM org WHERE alias = ?').get(alias) as OrgRow | undefined;
  return row ? fromRow(row) : null;
}

export interface OrgUpsert {
  alias: string;
  orgId: string;
  orgName: string;
  instanceUrl: string;
  loginUrl: string | null;
  apiVersion: string;
  authMethod: AuthMethod;
  username: string;
  clientId: string | null;
  redirectPort: number | null;
}

/** Inserts or updates (keeping the current snapshot pointer). Returns true when it updated. */
export function upsertOrg(db: Database.Database, org: OrgUpsert, now = new Date().toISOString()): boolean {
  return db.transaction(() => {
    const existed = !!db.prepare('SELECT 1 FROM org WHERE alias = ?').get(org.alias);
    db.prepare(
      `INSERT INTO org (alias, org_id, org_name, instance_url, login_url, api_version, auth_method, username, client_id, redirect_port, status, status_message, created_at, updated_at)
       VALUES (@alias, @orgId, @orgName, @instanceUrl, @loginUrl, @apiVersion, @authMethod, @username, @clientId, @redirectPort, 'ok', NULL, @now, @now)
       ON CONFLICT (alias) DO UPDATE SET org_id = excluded.org_id, org_name = excluded.org_name, instance_url = excluded.instance_url,
         login_url = excluded.login_url, api_version = excluded.api_version, auth_method = excluded.auth_method, username = excluded.username,
         client_id = excluded.client_id, redirect_port = excluded.redirect_port, status = 'ok', status_message = NULL, updated_at = excluded.updated_at`,
    ).run({ ...org, now });
    return existed;
  })();
}

/**
 * An org known only from an imported snapshot file: status `offline` with `message` saying so,
 * no login URL or client id, and `access_token` as a placeholder method (there are no credentials).
 */
export function insertOfflineOrg(
  db: Database.Database,
  org: { alias: string; orgId: string; orgName: string; instanceUrl: string; apiVersion: string; username: string },
  message: string,
  now = new Date().toISOString(),
): void {
  db.prepare(
    `INSERT INTO org (alias, org_id, org_name, instance_url, login_url, api_version, auth_method, username, client_id, status, status_message, created_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, ?, 'access_token', ?, NULL, 'offline', ?, ?, ?)`,
  ).run(org.alias, org.orgId, org.orgName, org.instanceUrl, org.apiVersion, org.username, message, now, now);
}

export function setOrgStatus(db: Database.Database, alias: string, status: OrgStatus, message: string | null): void {
  db.prepare('UPDATE org SET status = ?, status_message = ?, updated_at = ? WHERE alias = ?').run(status, message, new Date().toISOString(), alias);
}

export function setInstanceUrl(db: Database.Database, alias: string, instanceUrl: string): void {
  db.prepare('UPDATE org SET instance_url = ?, updated_at = ? WHERE alias = ? AND instance_url IS NOT ?').run(instanceUrl, new Date().toISOString(), alias, instanceUrl);
}

export function deleteOrg(db: Database.Database, alias: string): boolean {
  return db.prepare('DELETE FROM org WHERE alias = ?').run(alias).changes > 0;
}
