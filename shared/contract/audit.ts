/**
 * Calls for the evaluation: classify users and evaluate every check against a snapshot, one
 * user's provenance, drift between snapshots. Engine result shapes come from
 * shared/audit/types.ts (the engine owns them); their schemas are in ./results.ts.
 */
import { z } from 'zod';
import { defineCall, SnapshotId } from './define';
import { OrgAlias } from './orgs';
import type { ScopeProblem } from '../audit/scope';
import type { Evaluation, ClassifiedUser } from '../audit/types';
import type { EffectiveAccess } from '../audit/access';
import type { Drift } from '../audit/drift';
import type { SfRecord } from '../model';
import type { EarlierSignOff, ReviewSummary } from './review';
import { AuditView as AuditViewSchema, Drift as DriftSchema, UserDetail as UserDetailSchema } from './results';

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
  'audit.evaluate': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, snapshotId: SnapshotId.optional() }),
    output: AuditViewSchema,
    summary: 'Classify users and evaluate every check of every system against the snapshot (default: current).',
  }),
  'audit.user': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, snapshotId: SnapshotId.optional(), userId: z.string().regex(/^[a-zA-Z0-9]{15,18}$/) }),
    output: UserDetailSchema,
    summary: 'One user: classification with reasons, effective access with provenance, logins, OAuth apps, changes.',
  }),
  'audit.diff': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, from: SnapshotId, to: SnapshotId }),
    output: DriftSchema,
    summary: 'What changed for integration users between two snapshots.',
  }),
};
