/**
 * The canonical serialisation of a snapshot's records and its content hash (SHA-256 over it),
 * written once: a collection hashes its rows as they are committed (staging.ts), an export as
 * it writes them (snapshot-files/write.ts), an import as it reads them (snapshot-files/payload.ts),
 * all through CanonicalHasher, so all give the same digest whatever order rows were fetched or
 * stored in.
 *
 * It must not depend on fetch order, REST vs Bulk, or how SQLite lays rows out: objects are
 * ordered by name, records by Id, keys inside a record by name (all by UTF-16 code unit,
 * which equals SQLite's BINARY order for the ASCII names and Ids Salesforce uses), and each
 * object starts with a header line carrying its record count so an empty object still counts.
 */
import crypto from 'node:crypto';
import type { SfValue } from '../../../shared/model';

export const CANONICAL_VERSION = 1;

/** The first line of the canonical form: what it is and which version of it. */
export const CANONICAL_HEADER_LINE = `${JSON.stringify(['iua-snapshot', CANONICAL_VERSION])}\n`;

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record as JSON with its keys sorted; `attributes` (REST metadata) is never part of it. */
export function canonicalRecordJson(record: Record<string, SfValue | undefined>): string {
  const keys = Object.keys(record)
    .filter((k) => k !== 'attributes' && record[k] !== undefined)
    .sort(compareCodeUnits);
  const parts = keys.map((k) => `${JSON.stringify(k)}:${canonicalValue(record[k] as SfValue)}`);
  return `{${parts.join(',')}}`;
}

/**
 * `canonicalRecordJson` for many records built from one field list (a query's records): the
 * keys are sorted and quoted once instead of per record. A record whose keys are not exactly
 * that list (an extra key, `attributes`) goes through `canonicalRecordJson`, so the output is
 * the same for every record either way.
 */
export function canonicalRecordSerializer(keys: readonly string[]): (record: Record<string, SfValue | undefined>) => string {
  const sorted = [...new Set(keys)].filter((k) => k !== 'attributes').sort(compareCodeUnits);
  const quoted = sorted.map((k) => `${JSON.stringify(k)}:`);
  return (record) => {
    if (Object.keys(record).length !== sorted.length) return canonicalRecordJson(record);
    // Joined, not concatenated: `+=` would keep every record's JSON as a rope of its parts until stored.
    const parts: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const k = sorted[i];
      if (!Object.prototype.hasOwnProperty.call(record, k)) return canonicalRecordJson(record);
      const v = record[k];
      if (v !== undefined) parts.push(quoted[i] + canonicalValue(v));
    }
    return `{${parts.join(',')}}`;
  };
}

function canonicalValue(value: SfValue): string {
  // What JSON.stringify gives, without its call for the constants and numbers that make up
  // most permission rows (a finite number's JSON is its String(); -0 and 0 both give "0").
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value);
}

export function objectHeaderLine(object: string, count: number): string {
  return `${JSON.stringify(['object', object, count])}\n`;
}

export function recordLine(recordJson: string): string {
  return `${recordJson}\n`;
}

/** A record ready to store: its Id, its parent lookup (OBJECT_SPECS parentField), and its canonical JSON. */
export interface PreparedRecord {
  id: string;
  parentId: string | null;
  json: string;
}

/**
 * SHA-256 over the canonical lines, fed in order: the version line at creation, then per
 * object (by name) its header line and its records' lines in Id order.
 */
export class CanonicalHasher {
  private readonly hash = crypto.createHash('sha256').update(CANONICAL_HEADER_LINE);

  /** Feeds an object's header line and returns it. */
  object(name: string, count: number): string {
    const line = objectHeaderLine(name, count);
    this.hash.update(line);
    return line;
  }

  /** Feeds record lines (one or many, each `recordLine(json)`), as they stand. */
  lines(text: string): void {
    this.hash.update(text);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const HASH_RUN_CHARS = 64 * 1024;

/**
 * The hash of objects given by name and count, each with its records' canonical JSON in Id
 * order, whether the records are in memory or being committed from a collection's staging rows.
 */
export function hashCanonical(objects: readonly { object: string; count: number }[], jsonInIdOrder: (object: string) => Iterable<string>): string {
  const h = new CanonicalHasher();
  for (const o of [...objects].sort((a, b) => compareCodeUnits(a.object, b.object))) {
    h.object(o.object, o.count);
    // Lines are fed in runs of about 64 KB: one hash update per record cost more than the hashing.
    let run = '';
    for (const json of jsonInIdOrder(o.object)) {
      run += recordLine(json);
      if (run.length >= HASH_RUN_CHARS) {
        h.lines(run);
        run = '';
      }
    }
    if (run !== '') h.lines(run);
  }
  return h.digest();
}
