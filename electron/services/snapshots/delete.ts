/**
 * Deleting a snapshot. A sign-off freezes a review to one snapshot, so deleting a signed
 * snapshot is refused unless forced; forced, the sign-offs go with it (in the same
 * transaction) and the caller is told which. Overrides, notes and review states cascade.
 * When the deleted snapshot was the org's current one, the newest remaining (by instant) becomes current.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/contract';
import { getSnapshotMeta, newestSnapshotId } from './repository';

export interface DeletedSignOff {
  system: string;
  reviewer: string;
  at: string;
}

export interface DeleteResult {
  snapshotId: string;
  orgAlias: string;
  signOffsDeleted: DeletedSignOff[];
  /** The org's current snapshot afterwards. */
  currentSnapshotId: string | null;
}

export function deleteSnapshot(db: Database.Database, req: { orgAlias: string; id: string; force?: boolean }): DeleteResult {
  return db.transaction((): DeleteResult => {
    const meta = getSnapshotMeta(db, req.id);
    if (!meta || meta.orgAlias !== req.orgAlias) throw new AppError('not_found', `No snapshot ${req.id} for org "${req.orgAlias}".`);
    const signOffs = db.prepare('SELECT system, reviewer, at FROM signoff WHERE snapshot_id = ? ORDER BY system').all(req.id) as DeletedSignOff[];
    if (signOffs.length && !req.force) {
      throw new AppError(
        'conflict',
        `Snapshot ${req.id} is signed off for ${signOffs.map((s) => `"${s.system}" (by ${s.reviewer})`).join(', ')}. Deleting it deletes those sign-offs too; force the delete (--force) if that is intended.`,
      );
    }
    db.prepare('DELETE FROM signoff WHERE snapshot_id = ?').run(req.id);
    db.prepare('DELETE FROM snapshot WHERE id = ?').run(req.id);
    const org = db.prepare('SELECT current_snapshot_id AS id FROM org WHERE alias = ?').get(req.orgAlias) as { id: string | null } | undefined;
    let current = org?.id ?? null;
    if (org && org.id === req.id) {
      current = newestSnapshotId(db, req.orgAlias);
      db.prepare('UPDATE org SET current_snapshot_id = ?, updated_at = ? WHERE alias = ?').run(current, new Date().toISOString(), req.orgAlias);
    }
    return { snapshotId: req.id, orgAlias: req.orgAlias, signOffsDeleted: signOffs, currentSnapshotId: current };
  })();
}
