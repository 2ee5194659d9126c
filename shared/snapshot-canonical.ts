/**
 * The canonical serialisation of a snapshot's records, the input of its content hash.
 *
 * It must not depend on fetch order, REST vs Bulk, or how SQLite lays rows out: objects are
 * ordered by name, records by Id, keys inside a record by name (all by UTF-16 code unit,
 * which equals SQLite's BINARY order for the ASCII names and Ids Salesforce uses), and each
 * object starts with a header line carrying its record count so an empty object still counts.
 * Pure: hashing happens in the back end (node:crypto) over these lines.
 */
import type { SfRecord, SfValue } from './model';

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
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  // -0 and 0 serialise the same through JSON.stringify: both become "0".
  return JSON.stringify(value);
}

export function objectHeaderLine(object: string, count: number): string {
  return `${JSON.stringify(['object', object, count])}\n`;
}

export function recordLine(recordJson: string): string {
  return `${recordJson}\n`;
}

export function sortRecordsById<T extends { Id: string }>(records: T[]): T[] {
  return records.sort((a, b) => compareCodeUnits(a.Id, b.Id));
}

/**
 * Every line of the canonical form, in order. Records of each object must already be
 * canonical JSON; they are sorted here by Id.
 */
export function* canonicalLines(objects: Record<string, SfRecord[]>): Generator<string> {
  yield CANONICAL_HEADER_LINE;
  for (const name of Object.keys(objects).sort(compareCodeUnits)) {
    const records = [...objects[name]].sort((a, b) => compareCodeUnits(a.Id, b.Id));
    yield objectHeaderLine(name, records.length);
    for (const r of records) yield recordLine(canonicalRecordJson(r));
  }
}
