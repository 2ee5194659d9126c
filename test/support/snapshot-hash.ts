/**
 * Content hashes for tests, through the production hasher (electron/services/snapshots/canonical.ts):
 * of records held in memory, and recomputed from a stored snapshot's rows.
 */
import type Database from 'better-sqlite3';
import { compareCodeUnits, hashCanonical, type PreparedRecord } from '../../electron/services/snapshots/canonical';

/** Sorts each object's records by Id in place and hashes the lot. */
export function hashPrepared(objects: Map<string, PreparedRecord[]>): string {
  const list = [...objects].map(([object, records]) => {
    records.sort((a, b) => compareCodeUnits(a.id, b.id));
    return { object, count: records.length };
  });
  return hashCanonical(list, (object) => objects.get(object)!.map((r) => r.json));
}

/** Recomputes the hash of a stored snapshot from its rows. */
export function hashStored(db: Database.Database, snapshotId: string): string {
  const objects = db.prepare('SELECT sobject AS object, count FROM snapshot_object WHERE snapshot_id = ?').all(snapshotId) as { object: string; count: number }[];
  const rows = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
  return hashCanonical(objects, (object) => rows.iterate(snapshotId, object) as Iterable<string>);
}
