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
  api: 'rest' | 'bulk' | 'tooling';
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
}
