/**
 * The content hash: SHA-256 over the canonical serialisation (shared/snapshot-canonical.ts).
 * Computed once from the fetched records before they are written, and recomputable from the
 * stored rows: both must give the same digest, whatever order rows were fetched or stored in.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { CANONICAL_VERSION, compareCodeUnits, objectHeaderLine, recordLine } from '../../../shared/snapshot-canonical';

/** A record ready to store: its Id, its parent lookup (OBJECT_SPECS parentField), and its canonical JSON. */
export interface PreparedRecord {
  id: string;
  parentId: string | null;
  json: string;
}

function header(): string {
  return `${JSON.stringify(['iua-snapshot', CANONICAL_VERSION])}\n`;
}

/** Sorts each object's records by Id in place and hashes the lot. */
export function hashPrepared(objects: Map<string, PreparedRecord[]>): string {
  const h = crypto.createHash('sha256');
  h.update(header());
  for (const name of [...objects.keys()].sort(compareCodeUnits)) {
    const records = objects.get(name)!;
    records.sort((a, b) => compareCodeUnits(a.id, b.id));
    h.update(objectHeaderLine(name, records.length));
    for (const r of records) h.update(recordLine(r.json));
  }
  return h.digest('hex');
}

/** Recomputes the hash of a stored snapshot from its rows (for verification and tests). */
export function hashStored(db: Database.Database, snapshotId: string): string {
  const h = crypto.createHash('sha256');
  h.update(header());
  const objects = db.prepare('SELECT sobject, count FROM snapshot_object WHERE snapshot_id = ?').all(snapshotId) as { sobject: string; count: number }[];
  objects.sort((a, b) => compareCodeUnits(a.sobject, b.sobject));
  const rows = db.prepare('SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ? ORDER BY record_id').pluck();
  for (const o of objects) {
    h.update(objectHeaderLine(o.sobject, o.count));
    for (const json of rows.iterate(snapshotId, o.sobject) as Iterable<string>) h.update(recordLine(json));
  }
  return h.digest('hex');
}
