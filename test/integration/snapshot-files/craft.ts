/**
 * A small synthetic org stored through the real repository, and a crafter that writes
 * snapshot files with the real writer from edited metadata and lines: the payload hash is
 * always right, so each test isolates the one problem it plants.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SnapshotData, SfRecord } from '../../../shared/model';
import { CANONICAL_HEADER_LINE, canonicalRecordJson, compareCodeUnits, objectHeaderLine } from '../../../electron/services/snapshots/canonical';
import { getSnapshotMeta } from '../../../electron/services/snapshots/repository';
import { metaForFile, type FileMetadata } from '../../../electron/services/snapshot-files/payload';
import { SnapshotFileWriter } from '../../../electron/services/snapshot-files/write';
import { storeSnapshot } from '../../support/store-snapshot';

export const ORG_ID = '00DSYNTHETIC00001A';

export function syntheticSnapshot(orgId = ORG_ID, finishedAt = '2025-03-01T10:00:05.000Z'): SnapshotData {
  const users: SfRecord[] = [1, 2, 3].map((n) => ({
    Id: `005SYN00000000${n}AAA`,
    Username: `user${n}@acme.example`,
    Name: `User ${n}`,
    IsActive: n !== 3,
    ProfileId: '00eSYN000000001AAA',
    UserType: 'Standard',
  }));
  return {
    meta: {
      id: 'unused',
      orgAlias: 'acme',
      orgId,
      orgName: 'Acme Health',
      instanceUrl: 'https://acme.my.salesforce.com',
      apiVersion: '62.0',
      auditingUsername: 'auditor@acme.example',
      appVersion: '0.0.0-test',
      startedAt: '2025-03-01T10:00:00.000Z',
      finishedAt,
      apiCalls: 12,
      permissionScope: 'integration',
      lookbackDays: 180,
      objects: [],
      gaps: [{ object: 'SetupAuditTrail', errorCode: 'INSUFFICIENT_ACCESS', message: 'View Setup and Configuration is missing' }],
      contentHash: '',
    },
    records: {
      Organization: [{ Id: orgId, Name: 'Acme Health', OrganizationType: 'Enterprise Edition', IsSandbox: false, InstanceName: 'NA1' }],
      User: users,
      PermissionSetAssignment: users.map((u, i) => ({
        Id: `0PaSYN00000000${i}AAA`,
        AssigneeId: u.Id,
        PermissionSetId: '0PSSYN000000001AAA',
        IsActive: true,
        ExpirationDate: null,
      })),
      LoginIpRange: [],
    },
  };
}

export function storeSynthetic(db: Database.Database, id: string, alias = 'acme', data = syntheticSnapshot()): string {
  return storeSnapshot(db, alias, data, id);
}

export interface Parts {
  metadata: FileMetadata;
  /** The canonical lines after the metadata line, each ending in "\n". */
  lines: string[];
}

/** The parts of a stored snapshot as an export would write them. */
export function partsOf(db: Database.Database, id: string): Parts {
  const meta = getSnapshotMeta(db, id)!;
  const lines = [CANONICAL_HEADER_LINE];
  for (const o of [...meta.objects].sort((a, b) => compareCodeUnits(a.object, b.object))) {
    const rows = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck().all(id, o.object) as string[];
    lines.push(objectHeaderLine(o.object, o.count), ...rows.map((r) => `${r}\n`));
  }
  return {
    metadata: {
      kind: 'iua-snapshot-file',
      formatVersion: 1,
      exportedAt: '2025-03-02T00:00:00.000Z',
      exportedByAppVersion: '0.0.0-test',
      snapshot: metaForFile(meta, meta.recordCount),
    },
    lines,
  };
}

export function contentHashOf(lines: string[]): string {
  return crypto.createHash('sha256').update(lines.join('')).digest('hex');
}

/** Writes parts as a file with a correct payload hash; `rehash` also makes the content hash match the lines. */
export async function craft(out: string, parts: Parts, opts: { rehash?: boolean; passphrase?: string; rawMetadataLine?: Uint8Array } = {}): Promise<void> {
  const metadata = structuredClone(parts.metadata);
  if (opts.rehash) metadata.snapshot.contentHash = contentHashOf(parts.lines);
  const w = await SnapshotFileWriter.create(out, { contentHash: metadata.snapshot.contentHash, passphrase: opts.passphrase });
  w.write(opts.rawMetadataLine ?? `${JSON.stringify(metadata)}\n`);
  for (const l of parts.lines) w.write(l);
  w.finish();
}

export { canonicalRecordJson };
