/**
 * Stores an in-memory SnapshotData (e.g. from the audit OrgBuilder) through the real
 * repository, with a real content hash, so back-end tests can run on precise synthetic orgs.
 */
import type Database from 'better-sqlite3';
import type { SnapshotData } from '../../shared/model';
import { canonicalRecordJson } from '../../electron/services/snapshots/canonical';
import { objectSpec } from '../../shared/salesforce-objects';
import { upsertOrg } from '../../electron/services/orgs/repository';
import { hashPrepared } from './snapshot-hash';
import { type PreparedRecord } from '../../electron/services/snapshots/canonical';
import { writeSnapshot } from '../../electron/services/snapshots/repository';

export function storeSnapshot(db: Database.Database, alias: string, data: SnapshotData, id: string): string {
  upsertOrg(db, {
    alias,
    orgId: data.meta.orgId,
    orgName: data.meta.orgName,
    instanceUrl: data.meta.instanceUrl,
    loginUrl: null,
    apiVersion: data.meta.apiVersion,
    authMethod: 'access_token',
    username: data.meta.auditingUsername,
    clientId: null,
    redirectPort: null,
  });
  const records = new Map<string, PreparedRecord[]>();
  for (const [object, rows] of Object.entries(data.records)) {
    const parentField = objectSpec(object)?.parentField;
    records.set(
      object,
      rows.map((r) => ({ id: r.Id, parentId: parentField ? ((r[parentField] as string | null) ?? null) : null, json: canonicalRecordJson(r) })),
    );
  }
  const contentHash = hashPrepared(records);
  const objects = [...records.entries()].map(([object, rows]) => ({
    object,
    count: rows.length,
    totalSize: rows.length,
    soql: `SELECT … FROM ${object}`,
    api: 'rest' as const,
    apiCalls: 1,
  }));
  const { id: _ignored, ...meta } = data.meta;
  return writeSnapshot(db, { meta: { ...meta, orgAlias: alias, objects, contentHash }, records }, id);
}
