/**
 * Auditor input applied on top of an evaluation: overrides (the computed status is kept
 * beside them), the per-system review state machine and the sign-off record. Pure: the
 * storage layer persists these shapes; nothing here mutates its inputs.
 */
import type { CheckResult, Evaluation, Status } from './types';
import { cmp } from './util';

export interface Decision {
  checkId: string;
  /** Null for org-wide checks. */
  systemName: string | null;
  /** Whose result: userId or username (either matches); null for system-level and org results. */
  userId?: string | null;
  username?: string | null;
  status: Status;
  justification: string;
  reviewer: string;
  /** ISO-8601. The latest decision for a result wins. */
  at: string;
}

export interface ApplyResult {
  evaluation: Evaluation;
  /** Decisions that match no result in this evaluation (e.g. a user no longer declared). */
  unmatched: Decision[];
}

function matches(d: Decision, systemName: string | null, r: CheckResult): boolean {
  if (d.checkId !== r.id || (d.systemName ?? null) !== systemName) return false;
  const wantsUser = (d.userId ?? null) !== null || (d.username ?? null) !== null;
  if (!wantsUser) return r.username === null;
  return (d.userId != null && d.userId === r.userId) || (d.username != null && r.username !== null && d.username.toLowerCase() === r.username.toLowerCase());
}

export function applyDecisions(evaluation: Evaluation, decisions: readonly Decision[]): ApplyResult {
  const ordered = [...decisions].sort((a, b) => cmp(a.at, b.at));
  const used = new Set<Decision>();
  const apply = (systemName: string | null, r: CheckResult): CheckResult => {
    let latest: Decision | undefined;
    for (const d of ordered) if (matches(d, systemName, r)) latest = d;
    const base: CheckResult = { ...r, status: r.computedStatus };
    delete base.override;
    if (!latest) return base;
    for (const d of ordered) if (matches(d, systemName, r)) used.add(d);
    return { ...base, status: latest.status, override: { status: latest.status, justification: latest.justification, reviewer: latest.reviewer, at: latest.at } };
  };
  const out: Evaluation = {
    ...evaluation,
    systems: evaluation.systems.map((s) => ({ ...s, checks: s.checks.map((c) => apply(s.name, c)) })),
    orgChecks: evaluation.orgChecks.map((c) => apply(null, c)),
  };
  return { evaluation: out, unmatched: decisions.filter((d) => !used.has(d)) };
}

export function validateDecision(d: Decision): string[] {
  const errors: string[] = [];
  if (!d.justification.trim()) errors.push('a justification is required');
  if (!d.reviewer.trim()) errors.push('a reviewer is required');
  if (Number.isNaN(Date.parse(d.at))) errors.push('at must be an ISO date-time');
  if (!/^(IU|ORG)-\d{2}$/.test(d.checkId)) errors.push(`unknown check id ${d.checkId}`);
  return errors;
}

export type ReviewState = 'not started' | 'in review' | 'reviewed' | 'signed off';
export const REVIEW_STATES: readonly ReviewState[] = ['not started', 'in review', 'reviewed', 'signed off'];

/** Allowed moves. Reopening goes back to `in review`; a sign-off is final for its snapshot. */
const TRANSITIONS: Record<ReviewState, readonly ReviewState[]> = {
  'not started': ['in review'],
  'in review': ['reviewed'],
  reviewed: ['in review', 'signed off'],
  'signed off': [],
};

export function allowedTransitions(from: ReviewState): readonly ReviewState[] {
  return TRANSITIONS[from];
}

export type TransitionResult = { ok: true; state: ReviewState } | { ok: false; reason: string };

export function transitionReview(from: ReviewState, to: ReviewState): TransitionResult {
  if (TRANSITIONS[from].includes(to)) return { ok: true, state: to };
  return { ok: false, reason: `cannot go from "${from}" to "${to}" (allowed: ${TRANSITIONS[from].map((s) => `"${s}"`).join(', ') || 'none: start a new review on a later snapshot'})` };
}

/** Recording a decision starts the review if nobody had. */
export function stateAfterDecision(current: ReviewState): ReviewState {
  return current === 'not started' ? 'in review' : current;
}

export interface SignOff {
  reviewer: string;
  role: string;
  statement: string;
  /** ISO-8601. */
  at: string;
  /** The snapshot the evaluation was frozen against. */
  snapshotId: string;
}

export type SignOffResult = { ok: true; state: 'signed off'; signOff: SignOff; openItems: string[] } | { ok: false; reason: string };

/**
 * Sign off a system's review. Allowed from `in review` or `reviewed` (signing off concludes the
 * review). `openItems` lists results still `manual` or `error`: the caller decides whether to
 * show them as a warning or refuse.
 */
export function signOff(current: ReviewState, record: SignOff, evaluation: Evaluation, systemName: string): SignOffResult {
  if (current !== 'reviewed' && current !== 'in review') return { ok: false, reason: `cannot sign off a review that is "${current}"` };
  for (const k of ['reviewer', 'role', 'statement'] as const) if (!record[k].trim()) return { ok: false, reason: `${k} is required` };
  if (Number.isNaN(Date.parse(record.at))) return { ok: false, reason: 'at must be an ISO date-time' };
  if (record.snapshotId !== evaluation.snapshotId) return { ok: false, reason: `sign-off is for snapshot ${record.snapshotId}, evaluation is of ${evaluation.snapshotId}` };
  const system = evaluation.systems.find((s) => s.name === systemName);
  if (!system) return { ok: false, reason: `no system "${systemName}" in this evaluation` };
  const openItems = system.checks.filter((c) => c.status === 'manual' || c.status === 'error').map((c) => `${c.id}${c.username ? ` (${c.username})` : ''}: ${c.status}`);
  return { ok: true, state: 'signed off', signOff: { ...record }, openItems };
}
