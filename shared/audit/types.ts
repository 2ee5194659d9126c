/**
 * Result shapes of the audit engine. Everything here is plain JSON so an evaluation can be
 * stored, diffed and exported as is.
 */

export type Status = 'pass' | 'fail' | 'warn' | 'n/a' | 'manual' | 'error';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'n/a', 'manual', 'error'];

export type Classification = 'integration' | 'api-only' | 'human-as-integration' | 'system' | 'human';

export type ObjectPerm = 'Read' | 'Create' | 'Edit' | 'Delete' | 'ViewAllRecords' | 'ModifyAllRecords';
export const OBJECT_PERMS: readonly ObjectPerm[] = ['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'];
export type FieldPerm = 'Read' | 'Edit';
export const FIELD_PERMS: readonly FieldPerm[] = ['Read', 'Edit'];

/** Where a permission comes from: enough for remediation ("remove X from permission set Y"). */
export interface Source {
  kind: 'profile' | 'permissionSet' | 'group';
  /** Profile Id, PermissionSet Id or PermissionSetGroup Id. */
  id: string;
  name: string;
  /** For a group: the component permission set that actually carries the permission. */
  viaComponent?: { id: string; name: string };
  /** Set when the permission is implied rather than checked, e.g. 'ModifyAllData' or 'Edit'. */
  impliedBy?: string;
  /** The record that grants it (ObjectPermissions/FieldPermissions/SetupEntityAccess row, or the PermissionSet/Profile for system permissions). */
  recordId?: string;
  /** For a group Salesforce has not recalculated: its PermissionSetGroup.Status (Outdated, Updating, Failed). */
  groupStatus?: string;
}

export interface Reason {
  text: string;
  /** Salesforce Ids of the records that decided it. */
  recordIds: string[];
}

export interface EvidenceRow {
  /** Salesforce object of the record. */
  object: string;
  id: string;
  grantedBy?: Source[];
  [field: string]: unknown;
}

export interface CheckResult {
  id: string;
  /** The integration user the result is about; null for system-level or org-wide results. */
  username: string | null;
  userId: string | null;
  status: Status;
  /** What the engine decided; `status` differs only after an auditor override. */
  computedStatus: Status;
  summary: string;
  evidence: EvidenceRow[];
  /** Evidence rows left out to keep the result readable (the summary gives the total). */
  evidenceOmitted?: number;
  override?: Override;
}

/**
 * The auditor's decision on a result. `kind` says what was decided: `override` changes the
 * status; `exception` accepts the result as it is (optionally until `expiresAt`); `remediation`
 * plans a fix (`owner`, `dueDate`). Absent `kind` means `override` (decisions made before kinds).
 */
export interface Override {
  status: Status;
  justification: string;
  reviewer: string;
  at: string;
  kind?: DecisionKind;
  /** ISO date (YYYY-MM-DD) after which an accepted exception is open again. */
  expiresAt?: string | null;
  owner?: string | null;
  /** ISO date (YYYY-MM-DD) the remediation is due. */
  dueDate?: string | null;
  /** Set when the decision was carried forward from an earlier snapshot's review. */
  carriedFrom?: CarriedFrom | null;
}

export type DecisionKind = 'override' | 'exception' | 'remediation';

export interface CarriedFrom {
  snapshotId: string;
  reviewer: string;
  at: string;
}

export interface ClassifiedUser {
  id: string;
  username: string;
  name: string | null;
  isActive: boolean;
  userType: string | null;
  profileId: string | null;
  profile: string | null;
  license: string | null;
  /** User.LastLoginDate (any login type), as collected. */
  lastLogin: string | null;
  classification: Classification;
  reasons: Reason[];
  /** Declared systems listing this username. */
  systems: string[];
}

/** The usage history window (ISO start and end) the usage results (US-xx) of a system were evaluated over. */
export interface UsageWindow {
  start: string;
  end: string;
}

export interface SystemResult {
  name: string;
  owner: string;
  purpose: string;
  users: string[];
  checks: CheckResult[];
  /**
   * Set when `checks` include the usage results (US-01..US-03): the window they read. Part of
   * what a sign-off hashes, so a signed system keeps the window it was judged on.
   */
  usageWindow?: UsageWindow;
}

export interface Evaluation {
  snapshotId: string;
  asOf: string;
  users: ClassifiedUser[];
  systems: SystemResult[];
  orgChecks: CheckResult[];
}
