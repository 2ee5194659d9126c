/**
 * The one door to comparing two snapshots (`audit.diff`, an evidence pack's "since"). Snapshots
 * of two different orgs are never compared, whichever alias they are stored under: an alias
 * names one org (orgs/replace.ts), and this holds even for data stored before that rule.
 */
import { AppError } from '../../../shared/contract';
import { drift, type Drift } from '../../../shared/audit/drift';
import type { PreparedAudit } from '../../../shared/audit/evaluate';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { SnapshotData } from '../../../shared/model';

interface Side {
  snapshot: SnapshotData;
  prepared: PreparedAudit;
}

export function driftBetween(from: Side, to: Side, scope: ScopeFile): Drift {
  const a = from.snapshot.meta;
  const b = to.snapshot.meta;
  if (a.orgId !== b.orgId) {
    throw new AppError(
      'conflict',
      `Snapshot ${a.id} is of org ${a.orgName} (${a.orgId}) and snapshot ${b.id} of org ${b.orgName} (${b.orgId}): two different orgs are never compared. Choose two snapshots of the same org.`,
    );
  }
  return drift({ snapshot: from.snapshot, scope, asOf: a.finishedAt, prepared: from.prepared }, { snapshot: to.snapshot, scope, asOf: b.finishedAt, prepared: to.prepared });
}
