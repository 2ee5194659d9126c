/**
 * Preview and import of a snapshot file. The file is validated completely first (nothing is
 * written), then a second, synchronous pass streams its records into one transaction that
 * also creates the offline org entry when needed; that pass re-checks every hash, so a file
 * that changed in between rolls everything back. Import keeps the snapshot's id, so the same
 * snapshot imported twice is refused, and evidence made from it names the same id everywhere.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import { OrgAlias } from '../../../shared/contract/orgs';
import type { SnapshotMeta } from '../../../shared/model';
import { getOrg, insertOfflineOrg, listOrgs } from '../orgs/repository';
import { describeEarlierOrg, earlierOrgUnder } from '../orgs/replace';
import { getSnapshotMeta, writeSnapshotRows } from '../snapshots/repository';
import { badFile, type ReadLimits } from './format';
import type { FileSnapshotMeta } from './payload';
import { scanFile, scanFileSync, type ScanResult } from './read';

export interface ImportRequest {
  path: string;
  passphrase?: string;
  /** Org alias to import into; default: the alias the file was exported from. */
  alias?: string;
  limits?: Partial<ReadLimits>;
}

export interface ImportPlan {
  alias: string;
  /** No org with this alias yet: an offline-only entry is created. */
  createsOrg: boolean;
  /** It finished later than the org's current snapshot (or the org has none). */
  becomesCurrent: boolean;
  /** Why the import would be refused, or null. */
  problem: AppError | null;
}

export interface SnapshotFilePreview {
  path: string;
  encrypted: boolean;
  formatVersion: number;
  fileBytes: number;
  payloadBytes: number;
  payloadHash: string;
  exportedAt: string;
  exportedByAppVersion: string;
  snapshot: Omit<FileSnapshotMeta, 'objects'> & { objects: { object: string; count: number; api: string }[] };
  plan: { alias: string; createsOrg: boolean; becomesCurrent: boolean; problem: string | null };
}

export interface ImportResult {
  snapshotId: string;
  orgAlias: string;
  orgCreated: boolean;
  current: boolean;
  recordCount: number;
  contentHash: string;
  payloadHash: string;
}

const OFFLINE_MESSAGE = 'Imported from a snapshot file; there is no connection to this org.';

/**
 * A snapshot cannot have been taken in the future; beyond this allowance for a collector's
 * clock being off, its date is refused, since the newest snapshot becomes (and would stay) current.
 */
export const CLOCK_SKEW_MS = 60 * 60 * 1000;

export function planImport(db: Database.Database, meta: FileSnapshotMeta, requested?: string, now = Date.now()): ImportPlan {
  const alias = requested ?? meta.orgAlias;
  const plan = (problem: AppError | null, createsOrg = false, becomesCurrent = false): ImportPlan => ({ alias, createsOrg, becomesCurrent, problem });
  const latest = Math.max(Date.parse(meta.finishedAt), Date.parse(meta.startedAt));
  if (!(latest <= now + CLOCK_SKEW_MS)) {
    return plan(
      new AppError(
        'validation',
        `This file says its snapshot was taken at ${meta.finishedAt}, which is in the future (or not a date). A snapshot dated in the future would stay "current" ahead of every later one, so it was not imported; check the clock of the computer that collected it.`,
      ),
    );
  }
  if (!OrgAlias.safeParse(alias).success) {
    return plan(new AppError('validation', `"${alias}" cannot be used as an org alias here; choose one (--alias NAME).`, [{ path: 'alias', message: 'invalid alias' }]));
  }
  const existing = getSnapshotMeta(db, meta.id);
  if (existing) return plan(new AppError('conflict', `Snapshot ${meta.id} is already in this data directory (org "${existing.orgAlias}"); nothing was imported.`));
  const sameOrg = listOrgs(db)
    .filter((o) => o.orgId === meta.orgId && o.alias !== alias)
    .map((o) => o.alias);
  // One rule with `orgs add` (orgs/replace.ts): another org's snapshots never join an alias.
  const earlier = earlierOrgUnder(db, alias, meta.orgId);
  if (earlier) {
    const hint = sameOrg.length ? `It is registered here as "${sameOrg[0]}": import it there (--alias ${sameOrg[0]}).` : 'Choose another alias (--alias NAME).';
    return plan(new AppError('conflict', `${describeEarlierOrg(alias, earlier)}, but this file is ${meta.orgName} (${meta.orgId}). ${hint}`));
  }
  const org = getOrg(db, alias);
  if (org) {
    const current = org.currentSnapshotId ? getSnapshotMeta(db, org.currentSnapshotId) : null;
    return plan(null, false, !current || Date.parse(meta.finishedAt) > Date.parse(current.finishedAt));
  }
  if (sameOrg.length && requested === undefined) {
    return plan(
      new AppError(
        'conflict',
        `This file is org ${meta.orgName} (${meta.orgId}), which is registered here as "${sameOrg[0]}". Import it there (--alias ${sameOrg[0]}) or choose a new alias (--alias NAME).`,
      ),
    );
  }
  return plan(null, true, true);
}

function previewOf(path: string, scan: ScanResult, plan: ImportPlan): SnapshotFilePreview {
  const { objects, ...rest } = scan.metadata.snapshot;
  return {
    path,
    encrypted: scan.header.params !== null,
    formatVersion: scan.header.version,
    fileBytes: scan.fileBytes,
    payloadBytes: scan.payloadBytes,
    payloadHash: scan.payloadHash,
    exportedAt: scan.metadata.exportedAt,
    exportedByAppVersion: scan.metadata.exportedByAppVersion,
    snapshot: { ...rest, objects: objects.map((o) => ({ object: o.object, count: o.count, api: o.api })) },
    plan: { alias: plan.alias, createsOrg: plan.createsOrg, becomesCurrent: plan.becomesCurrent, problem: plan.problem?.message ?? null },
  };
}

/** Validates the whole file and says what importing it would do. Writes nothing. */
export async function previewSnapshotFile(db: Database.Database, req: ImportRequest): Promise<SnapshotFilePreview> {
  const scan = await scanFile(req.path, { passphrase: req.passphrase, limits: req.limits });
  return previewOf(req.path, scan, planImport(db, scan.metadata.snapshot, req.alias));
}

/** All or nothing: on any error the data directory is exactly as before. */
export async function importSnapshotFile(db: Database.Database, req: ImportRequest): Promise<ImportResult> {
  const scan = await scanFile(req.path, { passphrase: req.passphrase, limits: req.limits });
  const meta = scan.metadata.snapshot;
  const first = planImport(db, meta, req.alias);
  if (first.problem) throw first.problem;
  const stored: Omit<SnapshotMeta, 'id'> = {
    orgAlias: first.alias,
    orgId: meta.orgId,
    orgName: meta.orgName,
    instanceUrl: meta.instanceUrl,
    apiVersion: meta.apiVersion,
    auditingUsername: meta.auditingUsername,
    appVersion: meta.appVersion,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    apiCalls: meta.apiCalls,
    permissionScope: meta.permissionScope,
    lookbackDays: meta.lookbackDays,
    objects: meta.objects,
    gaps: meta.gaps,
    contentHash: meta.contentHash,
  };
  let createsOrg = false;
  db.transaction(() => {
    // Planned again inside the transaction: another import or collection may have run meanwhile.
    const plan = planImport(db, meta, req.alias);
    if (plan.problem) throw plan.problem;
    createsOrg = plan.createsOrg;
    if (plan.createsOrg)
      insertOfflineOrg(
        db,
        { alias: plan.alias, orgId: meta.orgId, orgName: meta.orgName, instanceUrl: meta.instanceUrl, apiVersion: meta.apiVersion, username: meta.auditingUsername },
        OFFLINE_MESSAGE,
      );
    writeSnapshotRows(
      db,
      stored,
      meta.recordCount,
      (insert) => {
        const again = scanFileSync(req.path, scan.key, insert, req.limits);
        if (again.payloadHash !== scan.payloadHash) throw badFile(req.path, 'the file changed while it was being imported');
      },
      meta.id,
      { makeCurrent: 'if-newer' },
    );
  })();
  const org = getOrg(db, first.alias);
  return {
    snapshotId: meta.id,
    orgAlias: first.alias,
    orgCreated: createsOrg,
    current: org?.currentSnapshotId === meta.id,
    recordCount: meta.recordCount,
    contentHash: meta.contentHash,
    payloadHash: scan.payloadHash,
  };
}
