/**
 * Calls for the review: declared scope per org, evaluation, a user's provenance, auditor
 * decisions and sign-off, drift between snapshots. Engine result shapes come from
 * shared/audit/types.ts (the engine owns them); inputs are validated here.
 */
import { z } from 'zod';
import { AbsolutePath, defineCall } from './define';
import { OrgAlias } from './orgs';
import { ScopeFile, type ScopeProblem } from '../audit/scope';
import type { Evaluation, ClassifiedUser } from '../audit/types';
import type { EffectiveAccess } from '../audit/access';
import type { Drift } from '../audit/drift';
import { MIN_JUSTIFICATION_LENGTH, OVERRIDE_STATUSES, type ResultDifference } from '../audit/decisions';
import type { SfRecord } from '../model';

const Alias = OrgAlias;
const Author = z.string().trim().min(1, 'your name is required').max(200);
const IsoDate = z.iso.date('a date as YYYY-MM-DD');
const SnapshotId = z.string().trim().min(1).max(100);
export const Status = z.enum(['pass', 'fail', 'warn', 'n/a', 'manual', 'error']);
export const ReviewState = z.enum(['not started', 'in review', 'reviewed', 'signed off']);
export type ReviewState = z.infer<typeof ReviewState>;

export interface SignOff {
  system: string;
  snapshotId: string;
  reviewer: string;
  role: string;
  statement: string;
  at: string;
}

/**
 * A signed-off system as signed: the view shows the frozen result; this says whether what
 * would be evaluated now (current scope, same snapshot) still matches it, and how not.
 */
export interface SignedState {
  /** Null for a sign-off made before scope versions were kept. */
  scopeVersion: number | null;
  currentScopeVersion: number;
  /** SHA-256 of the system's result as signed. */
  evaluationHash: string;
  /** SHA-256 of the system's result evaluated now. */
  currentHash: string;
  matches: boolean;
  differences: ResultDifference[];
  /** How the system's declared scope changed since the signed version, in sentences. */
  scopeChanges: string[];
  /** True when the sign-off predates frozen results: the view shows current results, compared by hash only. */
  legacy: boolean;
}

export interface ReviewSummary {
  system: string;
  state: ReviewState;
  signOff: SignOff | null;
  signed?: SignedState | null;
}

/** A sign-off of an earlier snapshot of the same org (period over period). */
export interface EarlierSignOff extends SignOff {
  snapshotTakenAt: string;
}

export interface ScopeVersion {
  version: number;
  author: string;
  at: string;
  changes: string[];
  scope: ScopeFile;
}

export interface ActivityEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  system: string;
  snapshotId: string | null;
  detail: string;
}

export interface CarryForwardResult {
  fromSnapshotId: string;
  carried: number;
  changed: { checkId: string; systemName: string | null; username: string | null; reason: string }[];
  expired: { checkId: string; systemName: string | null; username: string | null; expiresAt: string }[];
}

/** An evaluation as the UI and exports see it: overrides applied, review state per system. */
export interface AuditView {
  orgAlias: string;
  org: { alias: string; id: string; name: string };
  snapshot: { id: string; takenAt: string; contentHash: string; gaps: { object: string; errorCode: string; message: string }[] };
  evaluation: Evaluation;
  reviews: ReviewSummary[];
  notes: { system: string; checkId: string; userId: string | null; text: string; author: string; at: string }[];
  scopeWarnings: ScopeProblem[];
  /** The declared scope's current version (0: never saved). */
  scopeVersion?: number;
  /** Sign-offs of this org's earlier snapshots, newest first. */
  earlierSignOffs?: EarlierSignOff[];
  /** Offered when an earlier snapshot has decisions and none were carried to this one yet. */
  carryForward?: { fromSnapshotId: string; fromTakenAt: string; decisions: number } | null;
}

export interface UserDetail {
  user: ClassifiedUser;
  access: EffectiveAccess | null;
  logins: SfRecord[];
  oauthTokens: SfRecord[];
  changes: SfRecord[];
}

/** Drift between two snapshots, as the engine computes it (shared/audit/drift.ts). */
export type DriftView = Drift;

export const auditCalls = {
  'scope.get': defineCall({
    input: z.strictObject({ orgAlias: Alias }),
    output: z.custom<{ scope: ScopeFile; warnings: ScopeProblem[] }>(),
    summary: 'The declared scope of every system of an org, with warnings against the current snapshot.',
  }),
  'scope.save': defineCall({
    input: z.strictObject({ orgAlias: Alias, scope: ScopeFile, author: Author.optional() }),
    output: z.custom<{ warnings: ScopeProblem[] }>(),
    summary: 'Replace the declared scope of an org (all systems).',
  }),
  'scope.import': defineCall({
    input: z.strictObject({
      orgAlias: Alias,
      text: z.string().max(5_000_000),
      fileName: z.string().max(500),
      format: z.enum(['yaml', 'json']).optional(),
      author: Author.optional(),
    }),
    output: z.custom<{ systems: number; warnings: ScopeProblem[] }>(),
    summary: 'Parse a scope file (YAML or JSON) and replace the org’s scope; errors name file, path and reason.',
  }),
  'scope.export': defineCall({
    input: z.strictObject({ orgAlias: Alias, format: z.enum(['yaml', 'json']).default('yaml') }),
    output: z.object({ text: z.string(), format: z.enum(['yaml', 'json']) }),
    summary: 'The org’s scope as a human-editable file.',
  }),
  'scope.history': defineCall({
    input: z.strictObject({ orgAlias: Alias }),
    output: z.custom<{ versions: ScopeVersion[] }>(),
    summary: 'Every saved version of the org’s declared scope, newest first: who, when, what changed, and the whole document.',
  }),
  'scope.templates': defineCall({
    input: z.strictObject({}),
    output: z.custom<{ name: string; title: string; system: z.infer<typeof ScopeFile>['systems'][number] }[]>(),
    summary: 'Starting scopes for common systems (middleware, HR, ERP, EHR, billing, lab, pharmacy, portal).',
  }),
  'audit.evaluate': defineCall({
    input: z.strictObject({ orgAlias: Alias, snapshotId: SnapshotId.optional() }),
    output: z.custom<AuditView>(),
    summary: 'Classify users and evaluate every check of every system against the snapshot (default: current).',
  }),
  'audit.user': defineCall({
    input: z.strictObject({ orgAlias: Alias, snapshotId: SnapshotId.optional(), userId: z.string().regex(/^[a-zA-Z0-9]{15,18}$/) }),
    output: z.custom<UserDetail>(),
    summary: 'One user: classification with reasons, effective access with provenance, logins, OAuth apps, changes.',
  }),
  'audit.diff': defineCall({
    input: z.strictObject({ orgAlias: Alias, from: SnapshotId, to: SnapshotId }),
    output: z.custom<DriftView>(),
    summary: 'What changed for integration users between two snapshots.',
  }),
  'review.attest': defineCall({
    input: z
      .strictObject({
        orgAlias: Alias,
        /** The system the result belongs to; empty for org-wide (ORG-xx) checks. */
        system: z.string().trim().max(200),
        checkId: z.string().regex(/^(IU|ORG)-\d{2}$/),
        userId: z
          .string()
          .regex(/^[a-zA-Z0-9]{15,18}$/)
          .nullable()
          .optional(),
        /** override: set `status`; exception: accept as is (optional `expiresAt`); remediation: `owner` and `dueDate`. */
        kind: z.enum(['override', 'exception', 'remediation']).optional(),
        status: Status.nullable().optional(),
        justification: z
          .string()
          .trim()
          .min(1, 'a justification is required')
          .min(MIN_JUSTIFICATION_LENGTH, `a justification needs at least ${MIN_JUSTIFICATION_LENGTH} characters: say what you checked and why the result is acceptable`)
          .max(10_000),
        reviewer: z.string().trim().min(1, 'the reviewer’s name is required').max(200),
        expiresAt: IsoDate.nullable().optional(),
        owner: z.string().trim().min(1, 'an owner is required').max(200).nullable().optional(),
        dueDate: IsoDate.nullable().optional(),
      })
      .refine((i) => i.checkId.startsWith('ORG-') || i.system.length > 0, { path: ['system'], message: 'a system is required for IU checks' })
      .refine((i) => (i.kind ?? 'override') !== 'override' || (i.status != null && OVERRIDE_STATUSES.includes(i.status)), {
        path: ['status'],
        message: 'choose the status the result should have (pass, fail, warning or n/a)',
      })
      .refine((i) => i.kind !== 'remediation' || !!i.owner, { path: ['owner'], message: 'a remediation needs an owner' })
      .refine((i) => i.kind !== 'remediation' || !!i.dueDate, { path: ['dueDate'], message: 'a remediation needs a due date' }),
    output: z.object({ ok: z.literal(true) }),
    summary: 'Decide a check result: override its status, accept it as an exception, or plan its remediation; the computed status is kept beside it.',
  }),
  'review.carryForward': defineCall({
    input: z.strictObject({ orgAlias: Alias }),
    output: z.custom<CarryForwardResult>(),
    summary: 'Carry decisions from the latest earlier reviewed snapshot to the current one where the result and evidence are unchanged; list the rest.',
  }),
  'review.settings': defineCall({
    input: z.strictObject({ orgAlias: Alias, separateApprover: z.boolean().optional(), actor: Author.optional() }),
    output: z.object({ separateApprover: z.boolean() }),
    summary: 'The org’s review settings (read; or change when a value is given): separateApprover = whoever signs off cannot have recorded decisions on that system.',
  }),
  'review.activity': defineCall({
    input: z.strictObject({ orgAlias: Alias }),
    output: z.custom<{ entries: ActivityEntry[] }>(),
    summary: 'The append-only activity log of an org: decisions, notes, scope edits, sign-offs, carry-forwards, exports.',
  }),
  'review.note': defineCall({
    input: z.strictObject({
      orgAlias: Alias,
      system: z.string().trim().max(200),
      checkId: z.string().regex(/^(IU|ORG)-\d{2}$/),
      userId: z
        .string()
        .regex(/^[a-zA-Z0-9]{15,18}$/)
        .nullable()
        .optional(),
      text: z.string().trim().min(1, 'an empty note is not saved').max(10_000),
      author: z.string().trim().min(1).max(200),
    }),
    output: z.object({ ok: z.literal(true) }),
    summary: 'Attach a note to a check result.',
  }),
  'review.setState': defineCall({
    input: z.strictObject({ orgAlias: Alias, system: z.string().trim().min(1).max(200), state: z.enum(['in review', 'reviewed']) }),
    output: z.object({ state: ReviewState }),
    summary: 'Move a system’s review along (sign-off has its own call).',
  }),
  'review.signoff': defineCall({
    input: z.strictObject({
      orgAlias: Alias,
      system: z.string().trim().min(1).max(200),
      reviewer: z.string().trim().min(1, 'the reviewer’s name is required').max(200),
      role: z.string().trim().min(1, 'the reviewer’s role is required').max(200),
      statement: z.string().trim().min(1, 'a statement is required').max(10_000),
    }),
    output: z.custom<SignOff>(),
    summary: 'Sign off a reviewed system, frozen to the current snapshot.',
  }),
};

export const EvidenceFormat = z.enum(['xlsx', 'json', 'csv']);

export const evidenceCalls = {
  'evidence.export': defineCall({
    input: z.strictObject({
      orgAlias: Alias,
      snapshotId: SnapshotId.optional(),
      since: SnapshotId.optional(),
      systems: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
      format: EvidenceFormat.default('xlsx'),
      /** Absolute path; default: the data directory's exports folder. */
      outPath: AbsolutePath.optional(),
    }),
    output: z.object({ path: z.string(), digest: z.string(), rows: z.number() }),
    summary: 'Write the evidence pack and return its path and digest.',
  }),
  'evidence.verify': defineCall({
    input: z.strictObject({
      path: AbsolutePath,
      digest: z
        .string()
        .regex(/^[0-9a-f]{64}$/i)
        .optional(),
    }),
    output: z.object({
      intact: z.boolean(),
      digest: z.string().nullable(),
      problems: z.array(z.object({ sheet: z.string().nullable(), cell: z.string().nullable(), message: z.string() })),
    }),
    summary: 'Recompute every sheet hash and the pack digest of an evidence pack.',
  }),
};

export const demoCalls = {
  'demo.start': defineCall({
    input: z.strictObject({}),
    output: z.object({ orgAlias: z.string(), snapshotId: z.string() }),
    summary: 'Try the demo org: start the embedded simulator, register it, collect it and load its shipped scope.',
  }),
};
