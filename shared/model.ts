/**
 * Domain types shared by every layer. Pure data: no Node or DOM APIs.
 */

/** A Salesforce record as the REST API returns an object's own fields (no `attributes`). */
export type SfValue = string | number | boolean | null;
export type SfRecord = Record<string, SfValue> & { Id: string };

/** An object that could not be read: the checks it feeds become `error`, never `pass`. */
export interface CoverageGap {
  object: string;
  errorCode: string;
  message: string;
}

/** What was fetched for one object, recorded with the snapshot for the evidence. */
export interface ObjectStat {
  object: string;
  /** Rows stored. Equals totalSize, or the collection fails. */
  count: number;
  /** What Salesforce said the query would return. */
  totalSize: number;
  soql: string;
  api: 'rest' | 'bulk';
  apiCalls: number;
}

export interface SnapshotMeta {
  id: string;
  orgAlias: string;
  orgId: string;
  orgName: string;
  instanceUrl: string;
  apiVersion: string;
  auditingUsername: string;
  appVersion: string;
  /** UTC ISO-8601. */
  startedAt: string;
  finishedAt: string;
  apiCalls: number;
  /** 'full' when permissions were fetched for every permission set, else 'integration'. */
  permissionScope: 'integration' | 'full';
  lookbackDays: number;
  objects: ObjectStat[];
  gaps: CoverageGap[];
  /** SHA-256 (hex) over the canonical serialisation of the records. */
  contentHash: string;
}

/** A whole snapshot as the audit engine consumes it. */
export interface SnapshotData {
  meta: SnapshotMeta;
  /** Keyed by sObject API name; every object of OBJECT_SPECS that was collected. */
  records: Record<string, SfRecord[]>;
  /**
   * Reads parts of an object without loading it whole (a stored snapshot: SQLite answers). When
   * absent, the engine answers the same questions from `records`. Either way the rows come in
   * the order `records` holds them (Id order for a stored snapshot).
   */
  lookup?: RecordLookup;
}

/**
 * Questions about one object's rows that a store can answer without materialising the object:
 * a large org has 700,000 permission set assignments and as many field permissions, of which an
 * evaluation needs the few thousand of its integration users.
 */
export interface RecordLookup {
  /** The rows whose parent (OBJECT_SPECS `parentField`) is one of `parentIds`. */
  byParent(object: string, parentIds: readonly string[]): SfRecord[];
  /**
   * At least the rows where one of the top-level fields named in `anyOf` equals one of its
   * values (strings): a store may return more, so callers apply their own test to what comes back.
   * With `fields`, a row may hold only those fields and its Id (a field it lacks reads as null):
   * for callers that read a few fields of very many rows.
   */
  where(object: string, anyOf: Readonly<Record<string, readonly string[]>>, fields?: readonly string[]): SfRecord[];
  /** The distinct string values of a top-level `field` (unordered). */
  distinct(object: string, field: string): string[];
  /** See ParentsByValue. */
  parentsByValue(object: string, field: string, lists: readonly (readonly string[])[], plain: PlainValues): ParentsByValue;
  /**
   * Starts answering calls the caller will make later (scans of whole large objects) on another
   * thread, so they run while it does other work. Only a matter of speed: each later call with
   * the same arguments answers exactly as it would have; a store without a second thread has no
   * such method, and a call nobody read ahead is answered when it is made.
   */
  readAhead?(calls: readonly LookupCall[]): void;
}

/** A RecordLookup call that can be read ahead: the method's name and its arguments. */
export type LookupCall =
  | { method: 'where'; object: string; anyOf: Readonly<Record<string, readonly string[]>>; fields?: readonly string[] }
  | { method: 'distinct'; object: string; field: string }
  | { method: 'parentsByValue'; object: string; field: string; lists: readonly (readonly string[])[]; plain: PlainValues };

/**
 * Allowed JSON values of top-level fields: `true`, `false`, or `null` (null or absent). A row
 * whose field holds anything else (another value, a string, a number) is not plain.
 */
export type PlainValues = Readonly<Record<string, readonly (boolean | null)[]>>;

/**
 * One pass over an object's rows, for callers that ask of very many rows which of a few lists of
 * values one field holds, without reading the rows themselves: the parent keys (OBJECT_SPECS
 * `parentField`, where it is a string) of
 * - `matching[i]`: the rows whose `field` holds a string of `lists[i]`, one key per row (so a key
 *   may repeat), in no particular order;
 * - `notPlain`: the rows where a field named in `plain` holds a value it does not allow (callers
 *   read those keys' rows whole and judge them one by one).
 */
export interface ParentsByValue {
  matching: string[][];
  notPlain: string[];
}
