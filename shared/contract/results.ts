/**
 * Zod schemas of the result shapes the engine and the services own (shared/audit/types.ts,
 * access.ts, drift.ts, usage.ts, shared/remediation, the review types in ./review.ts), so the
 * calls' outputs are checked as their inputs are (in tests and development builds; see
 * electron/services/backend.ts). The TypeScript interfaces stay where they are, documented;
 * AGREEMENT below fails to compile when a schema and its interface stop describing the same
 * value (the two types must be identical, down to each optional field). Objects are strict at
 * run time too: an answer carrying a field its schema does not name fails the check.
 */
import { z } from 'zod';
import { Access, ScopeFile, SystemScope } from '../audit/scope';
import type { ScopeProblem as ScopeProblemType } from '../audit/scope';
import type * as engine from '../audit/types';
import type { EffectiveAccess as EffectiveAccessType } from '../audit/access';
import type { Drift as DriftType } from '../audit/drift';
import type { UsageReport as UsageReportType } from '../audit/usage';
import type { RemediationPlan as RemediationPlanType } from '../remediation/permission-set';
import type { ResultDifference as ResultDifferenceType } from '../audit/decisions';
import type { SfRecord as SfRecordType } from '../model';
import type * as review from './review';
import type * as audit from './audit';
import type * as scope from './scope';
import type * as usage from './usage';

const Status = z.enum(['pass', 'fail', 'warn', 'n/a', 'manual', 'error']);
const Classification = z.enum(['integration', 'api-only', 'human-as-integration', 'system', 'human']);
const ObjectPerm = z.enum(['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords']);
const FieldPerm = z.enum(['Read', 'Edit']);
const ReviewState = z.enum(['not started', 'in review', 'reviewed', 'signed off']);
const DecisionKind = z.enum(['override', 'exception', 'remediation']);
const CoverageGap = z.strictObject({ object: z.string(), errorCode: z.string(), message: z.string() });
const SfValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** As shared/model.ts types it: any fields of plain values, one of them the Id. */
const SfRecord = z.intersection(z.record(z.string(), SfValue), z.object({ Id: z.string() }));

// ---- the engine (shared/audit/types.ts)

const Source = z.strictObject({
  kind: z.enum(['profile', 'permissionSet', 'group']),
  id: z.string(),
  name: z.string(),
  viaComponent: z.strictObject({ id: z.string(), name: z.string() }).optional(),
  impliedBy: z.string().optional(),
  recordId: z.string().optional(),
  groupStatus: z.string().optional(),
});

const Reason = z.strictObject({ text: z.string(), recordIds: z.array(z.string()) });

/** A record cited as evidence: its own fields vary by check (hostile org data, shown as text). */
const EvidenceRow = z.strictObject({ object: z.string(), id: z.string(), grantedBy: z.array(Source).optional() }).catchall(z.unknown());

const CarriedFrom = z.strictObject({ snapshotId: z.string(), reviewer: z.string(), at: z.string() });

const Override = z.strictObject({
  status: Status,
  justification: z.string(),
  reviewer: z.string(),
  at: z.string(),
  kind: DecisionKind.optional(),
  expiresAt: z.string().nullable().optional(),
  owner: z.string().nullable().optional(),
  dueDate: z.string().nullable().optional(),
  carriedFrom: CarriedFrom.nullable().optional(),
});

const CheckResult = z.strictObject({
  id: z.string(),
  username: z.string().nullable(),
  userId: z.string().nullable(),
  status: Status,
  computedStatus: Status,
  summary: z.string(),
  evidence: z.array(EvidenceRow),
  evidenceOmitted: z.number().int().optional(),
  override: Override.optional(),
});

const ClassifiedUser = z.strictObject({
  id: z.string(),
  username: z.string(),
  name: z.string().nullable(),
  isActive: z.boolean(),
  userType: z.string().nullable(),
  profileId: z.string().nullable(),
  profile: z.string().nullable(),
  license: z.string().nullable(),
  lastLogin: z.string().nullable(),
  classification: Classification,
  reasons: z.array(Reason),
  systems: z.array(z.string()),
});

const SystemResult = z.strictObject({
  name: z.string(),
  owner: z.string(),
  purpose: z.string(),
  users: z.array(z.string()),
  checks: z.array(CheckResult),
  /** The usage window its US results read (absent when it has none). */
  usageWindow: z.strictObject({ start: z.string(), end: z.string() }).optional(),
});

const Evaluation = z.strictObject({
  snapshotId: z.string(),
  asOf: z.string(),
  users: z.array(ClassifiedUser),
  systems: z.array(SystemResult),
  orgChecks: z.array(CheckResult),
});

const EffectiveAccess = z.strictObject({
  userId: z.string(),
  username: z.string(),
  isActive: z.boolean(),
  sources: z.array(Source),
  objects: z.record(z.string(), z.partialRecord(ObjectPerm, z.array(Source))),
  fields: z.record(z.string(), z.partialRecord(FieldPerm, z.array(Source))),
  systemPermissions: z.record(z.string(), z.array(Source)),
  setupEntities: z.record(z.string(), z.strictObject({ type: z.string(), sources: z.array(Source) })),
});

const UserRef = z.strictObject({ id: z.string(), username: z.string(), classification: Classification });
const PermissionChange = z.strictObject({
  key: z.string(),
  kind: z.enum(['object', 'field', 'system', 'setupEntity']),
  target: z.string(),
  permission: z.string(),
  sources: z.array(Source),
});
const SnapshotPoint = z.strictObject({ snapshotId: z.string(), asOf: z.string() });

export const Drift = z.strictObject({
  from: SnapshotPoint,
  to: SnapshotPoint,
  usersAdded: z.array(UserRef),
  usersRemoved: z.array(UserRef),
  classificationChanges: z.array(z.strictObject({ id: z.string(), username: z.string(), from: Classification, to: Classification })),
  permissions: z.array(z.strictObject({ userId: z.string(), username: z.string(), gained: z.array(PermissionChange), lost: z.array(PermissionChange) })),
  checkChanges: z.array(z.strictObject({ systemName: z.string().nullable(), id: z.string(), username: z.string().nullable(), from: Status.nullable(), to: Status.nullable() })),
});

// ---- scope

export const ScopeProblem = z.strictObject({ file: z.string(), path: z.string(), reason: z.string() });
export const ScopeVersion = z.strictObject({ version: z.number().int(), author: z.string(), at: z.string(), changes: z.array(z.string()), scope: ScopeFile });
export const ScopeTemplate = z.strictObject({ name: z.string(), title: z.string(), system: SystemScope });

// ---- review (./review.ts)

export const SignOff = z.strictObject({ system: z.string(), snapshotId: z.string(), reviewer: z.string(), role: z.string(), statement: z.string(), at: z.string() });
const ResultDifference = z.strictObject({ checkId: z.string(), username: z.string().nullable(), signed: Status.nullable(), current: Status.nullable() });
const SignedState = z.strictObject({
  scopeVersion: z.number().int().nullable(),
  currentScopeVersion: z.number().int(),
  evaluationHash: z.string(),
  currentHash: z.string(),
  matches: z.boolean(),
  differences: z.array(ResultDifference),
  scopeChanges: z.array(z.string()),
  legacy: z.boolean(),
});
const ReviewSummary = z.strictObject({ system: z.string(), state: ReviewState, signOff: SignOff.nullable(), signed: SignedState.nullable().optional() });
const EarlierSignOff = SignOff.extend({ snapshotTakenAt: z.string() });
export const ActivityEntry = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  system: z.string(),
  snapshotId: z.string().nullable(),
  detail: z.string(),
});
const DecisionRef = { checkId: z.string(), systemName: z.string().nullable(), username: z.string().nullable() };
export const CarryForwardResult = z.strictObject({
  fromSnapshotId: z.string(),
  carried: z.number().int(),
  changed: z.array(z.strictObject({ ...DecisionRef, reason: z.string() })),
  expired: z.array(z.strictObject({ ...DecisionRef, expiresAt: z.string() })),
});

// ---- audit (./audit.ts)

export const AuditView = z.strictObject({
  orgAlias: z.string(),
  org: z.strictObject({ alias: z.string(), id: z.string(), name: z.string() }),
  snapshot: z.strictObject({ id: z.string(), takenAt: z.string(), contentHash: z.string(), gaps: z.array(CoverageGap) }),
  evaluation: Evaluation,
  reviews: z.array(ReviewSummary),
  notes: z.array(z.strictObject({ system: z.string(), checkId: z.string(), userId: z.string().nullable(), text: z.string(), author: z.string(), at: z.string() })),
  scopeWarnings: z.array(ScopeProblem),
  scopeVersion: z.number().int().optional(),
  earlierSignOffs: z.array(EarlierSignOff).optional(),
  carryForward: z.strictObject({ fromSnapshotId: z.string(), fromTakenAt: z.string(), decisions: z.number().int() }).nullable().optional(),
});

export const UserDetail = z.strictObject({
  user: ClassifiedUser,
  access: EffectiveAccess.nullable(),
  logins: z.array(SfRecord),
  oauthTokens: z.array(SfRecord),
  changes: z.array(SfRecord),
});

// ---- usage and remediation (shared/audit/usage.ts, shared/remediation)

const UsageRow = z.strictObject({
  sobject: z.string(),
  granted: z.partialRecord(Access, z.array(Source)),
  declared: z.array(Access),
  used: z.array(Access),
  created: z.number().int(),
  modified: z.number().int(),
  apiReads: z.number().int(),
  apiWrites: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  evidence: z.array(z.string()),
  writesCounted: z.boolean(),
  writesPartial: z.boolean(),
});
const UsageReport = z.strictObject({
  windowStart: z.string(),
  windowEnd: z.string(),
  apiDaysCovered: z.number().int(),
  windowDays: z.number().int(),
  apiSources: z.array(z.strictObject({ eventType: z.string(), days: z.number().int(), counted: z.boolean() })),
  systems: z.array(
    z.strictObject({
      name: z.string(),
      users: z.array(
        z.strictObject({
          username: z.string(),
          userId: z.string().nullable(),
          rows: z.array(UsageRow),
          tokens: z.array(z.strictObject({ app: z.string(), useCount: z.number().nullable(), lastUsed: z.string().nullable() })),
        }),
      ),
      checks: z.array(CheckResult),
    }),
  ),
});
export const UsageView = z.strictObject({
  orgAlias: z.string(),
  snapshotId: z.string(),
  lastPull: z.strictObject({ finishedAt: z.string(), apiCalls: z.number().int(), filesAdded: z.number().int(), gaps: z.array(CoverageGap) }).nullable(),
  history: z.strictObject({ logFiles: z.number().int(), apiRows: z.number().int(), writeRows: z.number().int(), scans: z.number().int() }),
  report: UsageReport,
});

const RemediationPlan = z.strictObject({
  system: z.string(),
  basis: z.enum(['declared', 'used', 'both']),
  permissionSet: z.strictObject({
    fullName: z.string(),
    label: z.string(),
    description: z.string(),
    license: z.string(),
    objects: z.array(
      z.strictObject({
        object: z.string(),
        allowCreate: z.boolean(),
        allowDelete: z.boolean(),
        allowEdit: z.boolean(),
        allowRead: z.boolean(),
        modifyAllRecords: z.boolean(),
        viewAllRecords: z.boolean(),
      }),
    ),
    fields: z.array(z.strictObject({ field: z.string(), readable: z.boolean(), editable: z.boolean() })),
    userPermissions: z.array(z.string()),
  }),
  excess: z.array(z.strictObject({ source: Source, grants: z.array(z.string()) })),
  users: z.array(z.string()),
});
export const RemediationResult = z.strictObject({ dir: z.string(), files: z.array(z.string()), plan: RemediationPlan });

// ---- agreement between each schema and the interface it describes (compile time only)

/** True when A and B are the same type (the schema says exactly what the interface says, optional fields too). */
type Agree<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Is<S extends z.ZodType, T> = Agree<z.output<S>, T>;

const AGREEMENT: [
  Is<typeof Source, engine.Source>,
  Is<typeof CheckResult, engine.CheckResult>,
  Is<typeof ClassifiedUser, engine.ClassifiedUser>,
  Is<typeof Evaluation, engine.Evaluation>,
  Is<typeof EffectiveAccess, EffectiveAccessType>,
  Is<typeof SfRecord, SfRecordType>,
  Is<typeof Drift, DriftType>,
  Is<typeof ScopeProblem, ScopeProblemType>,
  Is<typeof ScopeVersion, scope.ScopeVersion>,
  Is<typeof ResultDifference, ResultDifferenceType>,
  Is<typeof SignOff, review.SignOff>,
  Is<typeof SignedState, review.SignedState>,
  Is<typeof ReviewSummary, review.ReviewSummary>,
  Is<typeof EarlierSignOff, review.EarlierSignOff>,
  Is<typeof ActivityEntry, review.ActivityEntry>,
  Is<typeof CarryForwardResult, review.CarryForwardResult>,
  Is<typeof AuditView, audit.AuditView>,
  Is<typeof UserDetail, audit.UserDetail>,
  Is<typeof UsageReport, UsageReportType>,
  Is<typeof UsageView, usage.UsageView>,
  Is<typeof RemediationPlan, RemediationPlanType>,
  Is<typeof RemediationResult, usage.RemediationResult>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void AGREEMENT;
