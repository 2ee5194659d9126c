/**
 * The content hash: SHA-256 over the canonical serialisation (shared/snapshot-canonical.ts).
 * A collection computes it from its rows as they are committed (snapshots/staging.ts), an
 * import from the file's lines, tests from records in memory; all go through hashCanonical and
 * give the same digest whatever order rows were fetched or stored in.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { CANONICAL_HEADER_LINE, compareCodeUnits, objectHeaderLine, recordLine } from '../../../shared/snapshot-canonical';

/** A record ready to store: its Id, its parent lookup (OBJECT_SPECS parentField), and its canonical JSON. */
export interface PreparedRecord {
  id: string;
  parentId: string | null;
  json: string;
}

/**
 * The hash of objects given by name and count, each with its records' canonical JSON in Id
 * order: the one place the canonical lines are fed to SHA-256, whether the records are in
 * memory, being committed from a collection's staging rows, or stored.
 */
export function hashCanonical(objects: readonly { object: string; count: number }[], jsonInIdOrder: (object: string) => Iterable<string>): string {
  const h = crypto.createHash('sha256');
  h.update(CANONICAL_HEADER_LINE);
  for (const o of [...objects].sort((a, b) => compareCodeUnits(a.object, b.object))) {
    h.update(objectHeaderLine(o.object, o.count));
    for (const json of jsonInIdOrder(o.object)) h.update(recordLine(json));
  }
  return h.digest('hex');
}

/** Sorts each object's records by Id in place and hashes the lot. */
export function hashPrepared(objects: Map<string, PreparedRecord[]>): string {
  const list = [...objects].map(([object, records]) => {
    records.sort((a, b) => compareCodeUnits(a.id, b.id));
    return { object, count: records.length };
  });
  return hashCanonical(list, (object) => objects.get(object)!.map((r) => r.json));
}

/** Recomputes the hash of a stored snapshot from its rows (for verification and tests). */
export function hashStored(db: Database.Database, snapshotId: string): string {
  const objects = db.prepare('SELECT sobject AS object, count FROM snapshot_object WHERE snapshot_id = ?').all(snapshotId) as { object: string; count: number }[];
  const rows = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
  return hashCanonical(objects, (object) => rows.iterate(snapshotId, object) as Iterable<string>);
}
