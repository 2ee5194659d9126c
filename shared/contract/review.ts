/**
 * Calls for the review: auditor decisions, notes, review states and sign-offs frozen to what
 * was signed, carry-forward between periods, the activity log.
 */
import { z } from 'zod';
import { defineCall, IsoDate, PersonName } from './define';
import { OrgAlias } from './orgs';
import { ActivityEntry as ActivityEntrySchema, CarryForwardResult as CarryForwardResultSchema, SignOff as SignOffSchema } from './results';
import { CHECK_ID, MIN_JUSTIFICATION_LENGTH, OVERRIDE_STATUSES, type ResultDifference } from '../audit/decisions';

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

/** The person using this app, set once: the actor of every call that does not name one. */
export const ReviewerProfile = z.object({ name: z.string().nullable(), role: z.string().nullable() });
export type ReviewerProfile = z.infer<typeof ReviewerProfile>;

/** Which result a decision or note is about: the check, and the user for per-user results (none for org-wide ones). */
const CheckId = z.string().regex(CHECK_ID, 'a check id such as IU-01, US-01 or ORG-01');
const ResultUserId = z
  .string()
  .regex(/^[a-zA-Z0-9]{15,18}$/)
  .nullable()
  .optional();

export const reviewCalls = {
  'review.reviewer': defineCall({
    input: z.strictObject({
      name: PersonName.optional(),
      role: z.string().trim().min(1, 'your role is required').max(200).optional(),
    }),
    output: ReviewerProfile,
    summary:
      'Who is reviewing on this machine (read; or set when a name or role is given): the name and role recorded on decisions, notes, scope edits, sign-offs and exports that do not name one.',
  }),
  'review.attest': defineCall({
    input: z
      .strictObject({
        orgAlias: OrgAlias,
        /** The system the result belongs to; empty for org-wide (ORG-xx) checks. Usage checks (US-xx) belong to a system. */
        system: z.string().trim().max(200),
        checkId: CheckId,
        userId: ResultUserId,
        /** override: set `status`; exception: accept as is (optional `expiresAt`); remediation: `owner` and `dueDate`. */
        kind: z.enum(['override', 'exception', 'remediation']).optional(),
        status: Status.nullable().optional(),
        justification: z
          .string()
          .trim()
          .min(1, 'a justification is required')
          .min(MIN_JUSTIFICATION_LENGTH, `a justification needs at least ${MIN_JUSTIFICATION_LENGTH} characters: say what you checked and why the result is acceptable`)
          .max(10_000),
        /** Who decides; default: the reviewer set in settings (`review.reviewer`). */
        reviewer: z.string().trim().min(1, 'the reviewer’s name is required').max(200).optional(),
        expiresAt: IsoDate.nullable().optional(),
        owner: z.string().trim().min(1, 'an owner is required').max(200).nullable().optional(),
        dueDate: IsoDate.nullable().optional(),
      })
      .refine((i) => i.checkId.startsWith('ORG-') || i.system.length > 0, { path: ['system'], message: 'a system is required for IU and US checks' })
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
    input: z.strictObject({ orgAlias: OrgAlias }),
    output: CarryForwardResultSchema,
    summary: 'Carry decisions from the latest earlier reviewed snapshot to the current one where the result and evidence are unchanged; list the rest.',
  }),
  'review.settings': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, separateApprover: z.boolean().optional(), actor: PersonName.optional() }),
    output: z.object({ separateApprover: z.boolean() }),
    summary: 'The org’s review settings (read; or change when a value is given): separateApprover = whoever signs off cannot have recorded decisions on that system.',
  }),
  'review.activity': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias }),
    output: z.object({ entries: z.array(ActivityEntrySchema) }),
    summary: 'The append-only activity log of an org: decisions, notes, scope edits, sign-offs, carry-forwards, exports.',
  }),
  'review.note': defineCall({
    input: z.strictObject({
      orgAlias: OrgAlias,
      system: z.string().trim().max(200),
      checkId: CheckId,
      userId: ResultUserId,
      text: z.string().trim().min(1, 'an empty note is not saved').max(10_000),
      /** Default: the reviewer set in settings. */
      author: z.string().trim().min(1).max(200).optional(),
    }),
    output: z.object({ ok: z.literal(true) }),
    summary: 'Attach a note to a check result.',
  }),
  'review.setState': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, system: z.string().trim().min(1).max(200), state: z.enum(['in review', 'reviewed']) }),
    output: z.object({ state: ReviewState }),
    summary: 'Move a system’s review along (sign-off has its own call).',
  }),
  'review.signoff': defineCall({
    input: z.strictObject({
      orgAlias: OrgAlias,
      system: z.string().trim().min(1).max(200),
      /** Who signs and their role; default: the reviewer set in settings. */
      reviewer: z.string().trim().min(1, 'the reviewer’s name is required').max(200).optional(),
      role: z.string().trim().min(1, 'the reviewer’s role is required').max(200).optional(),
      statement: z.string().trim().min(1, 'a statement is required').max(10_000),
    }),
    output: SignOffSchema,
    summary: 'Sign off a reviewed system, frozen to the current snapshot.',
  }),
};
