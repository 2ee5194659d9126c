/**
 * Auditor input applied on top of an evaluation: overrides (the computed status is kept
 * beside them), the per-system review state machine and the sign-off record. Pure: the
 * storage layer persists these shapes; nothing here mutates its inputs.
 */
import type { CarriedFrom, CheckResult, DecisionKind, Evaluation, Override, Status, SystemResult } from './types';
import { cmp } from './util';

/** Shorter than this, a justification cannot say what was checked and why it is acceptable. */
export const MIN_JUSTIFICATION_LENGTH = 20;
/** Statuses an auditor may set by an override: never `manual` or `error` (those ask for a decision). */
export const OVERRIDE_STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'n/a'];
/** Results that need a decision (an accepted exception or planned remediation) before sign-off. */
export const NEEDS_DECISION: readonly Status[] = ['fail', 'warn', 'manual', 'error'];
/** The checks a decision can be about: the snapshot's own (IU, ORG) and the usage checks (US, docs/usage.md). */
export const CHECK_ID = /^(IU|ORG|US)-\d{2}$/;

export interface Decision {
  checkId: string;
  /** Null for org-wide checks. */
  systemName: string | null;
  /** Whose result: userId or username (either matches); null for system-level and org results. */
  userId?: string | null;
  username?: string | null;
  /** The auditor's status for `override`; null keeps the status an earlier override or the engine gave. */
  status: Status | null;
  /** Absent: `override` (decisions recorded before kinds existed). */
  kind?: DecisionKind;
  justification: string;
  reviewer: string;
  /** ISO-8601. The latest decision for a result wins. */
  at: string;
  expiresAt?: string | null;
  owner?: string | null;
  dueDate?: string | null;
  carriedFrom?: CarriedFrom | null;
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
    // An exception or remediation plan decides without changing the status: the latest
    // override (if any) still sets it.
    let status: Status = r.computedStatus;
    for (const d of ordered) {
      if (!matches(d, systemName, r)) continue;
      latest = d;
      used.add(d);
      if (d.status !== null && (d.kind ?? 'override') === 'override') status = d.status;
    }
    const base: CheckResult = { ...r, status: r.computedStatus };
    delete base.override;
    if (!latest) return base;
    return { ...base, status, override: overrideOf(latest, status) };
  };
  const out: Evaluation = {
    ...evaluation,
    systems: evaluation.systems.map((s) => ({ ...s, checks: s.checks.map((c) => apply(s.name, c)) })),
    orgChecks: evaluation.orgChecks.map((c) => apply(null, c)),
  };
  return { evaluation: out, unmatched: decisions.filter((d) => !used.has(d)) };
}

function overrideOf(d: Decision, status: Status): Override {
  const o: Override = { status, justification: d.justification, reviewer: d.reviewer, at: d.at, kind: d.kind ?? 'override' };
  if (d.expiresAt) o.expiresAt = d.expiresAt;
  if (d.owner) o.owner = d.owner;
  if (d.dueDate) o.dueDate = d.dueDate;
  if (d.carriedFrom) o.carriedFrom = d.carriedFrom;
  return o;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Everything wrong with a decision, in words; empty when it may be recorded. */
export function validateDecision(d: Decision): string[] {
  const errors: string[] = [];
  const kind = d.kind ?? 'override';
  const why = d.justification.trim();
  if (!why) errors.push('a justification is required');
  else if (why.length < MIN_JUSTIFICATION_LENGTH)
    errors.push(`a justification needs at least ${MIN_JUSTIFICATION_LENGTH} characters: say what you checked and why the result is acceptable`);
  if (kind === 'override') {
    if (d.status === null) errors.push('choose the status the result should have');
    else if (!OVERRIDE_STATUSES.includes(d.status)) errors.push(`an override sets pass, fail, warning or n/a, not ${d.status}`);
  }
  if (kind === 'exception' && d.expiresAt && !ISO_DATE.test(d.expiresAt)) errors.push('the expiry must be a date (YYYY-MM-DD)');
  if (kind === 'remediation') {
    if (!d.owner?.trim()) errors.push('a remediation needs an owner');
    if (!d.dueDate || !ISO_DATE.test(d.dueDate)) errors.push('a remediation needs a due date (YYYY-MM-DD)');
  }
  if (!d.reviewer.trim()) errors.push('a reviewer is required');
  if (Number.isNaN(Date.parse(d.at))) errors.push('at must be an ISO date-time');
  if (!CHECK_ID.test(d.checkId)) errors.push(`unknown check id ${d.checkId}`);
  return errors;
}

export type ReviewState = 'not started' | 'in review' | 'reviewed' | 'signed off';

/** Allowed moves. Reopening goes back to `in review`; a sign-off is final for its snapshot. */
const TRANSITIONS: Record<ReviewState, readonly ReviewState[]> = {
  'not started': ['in review'],
  'in review': ['reviewed'],
  reviewed: ['in review', 'signed off'],
  'signed off': [],
};

export type TransitionResult = { ok: true; state: ReviewState } | { ok: false; reason: string };

export function transitionReview(from: ReviewState, to: ReviewState): TransitionResult {
  if (TRANSITIONS[from].includes(to)) return { ok: true, state: to };
  return {
    ok: false,
    reason: `cannot go from "${from}" to "${to}" (allowed: ${TRANSITIONS[from].map((s) => `"${s}"`).join(', ') || 'none: start a new review on a later snapshot'})`,
  };
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

/** An accepted exception whose expiry date is before `asOf` (ISO) is open again. */
export function exceptionExpired(o: Override | Pick<Decision, 'kind' | 'expiresAt'>, asOf: string): boolean {
  return (o.kind ?? 'override') === 'exception' && !!o.expiresAt && o.expiresAt < asOf.slice(0, 10);
}

/**
 * Whether a result still needs the auditor: a fail, warning, manual or error result is open
 * until an accepted exception (not expired as of `asOf`) or a remediation plan decides it. An
 * override to pass or n/a closes it; an override to fail or warning does not.
 */
export function isOpen(r: CheckResult, asOf: string): boolean {
  if (!NEEDS_DECISION.includes(r.status)) return false;
  const o = r.override;
  if (!o) return true;
  const kind = o.kind ?? 'override';
  if (kind === 'remediation') return false;
  if (kind === 'exception') return exceptionExpired(o, asOf);
  return true;
}

export function openResults(system: SystemResult, asOf: string): CheckResult[] {
  return system.checks.filter((c) => isOpen(c, asOf));
}

const who = (c: CheckResult): string => `${c.id}${c.username ? ` (${c.username})` : ''}`;

/** Accepted exceptions of a system, one line each, as the sign-off statement lists them. */
export function acceptedExceptions(system: SystemResult): string[] {
  return system.checks
    .filter((c) => c.override?.kind === 'exception')
    .map(
      (c) =>
        `${who(c)} ${c.status}: ${c.override!.justification.replace(/\s+/g, ' ').trim()} (accepted by ${c.override!.reviewer}${c.override!.expiresAt ? `, until ${c.override!.expiresAt}` : ''})`,
    );
}

/** The statement as signed: the reviewer's words, then every accepted exception. */
export function signOffStatement(statement: string, system: SystemResult): string {
  const exceptions = acceptedExceptions(system);
  const text = statement.trim();
  if (exceptions.length === 0) return `${text}\nAccepted exceptions: none.`;
  return `${text}\nAccepted exceptions (${exceptions.length}):\n${exceptions.map((e) => `- ${e}`).join('\n')}`;
}

/**
 * Sign off a system's review. Allowed from `in review` or `reviewed` (signing off concludes the
 * review). `openItems` lists results still open (see isOpen, as of the sign-off time): the
 * caller refuses the sign-off while any remain.
 */
export function signOff(current: ReviewState, record: SignOff, evaluation: Evaluation, systemName: string): SignOffResult {
  if (current !== 'reviewed' && current !== 'in review') return { ok: false, reason: `cannot sign off a review that is "${current}"` };
  for (const k of ['reviewer', 'role', 'statement'] as const) if (!record[k].trim()) return { ok: false, reason: `${k} is required` };
  if (Number.isNaN(Date.parse(record.at))) return { ok: false, reason: 'at must be an ISO date-time' };
  if (record.snapshotId !== evaluation.snapshotId) return { ok: false, reason: `sign-off is for snapshot ${record.snapshotId}, evaluation is of ${evaluation.snapshotId}` };
  const system = evaluation.systems.find((s) => s.name === systemName);
  if (!system) return { ok: false, reason: `no system "${systemName}" in this evaluation` };
  const openItems = openResults(system, record.at).map((c) => `${who(c)}: ${c.status}${c.override?.kind === 'exception' ? ' (exception expired)' : ''}`);
  return { ok: true, state: 'signed off', signOff: { ...record }, openItems };
}

/** Same person, as far as names typed by people can tell: case and surrounding spaces ignored. */
const samePerson = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * With a preparer/approver split, the approver (who signs off) must not have prepared the
 * review (recorded any of its decisions). Returns the results the signer decided; empty = allowed.
 */
export function approverConflicts(signer: string, decisions: readonly Decision[]): string[] {
  return [...new Set(decisions.filter((d) => samePerson(d.reviewer, signer)).map((d) => `${d.checkId}${d.username ? ` (${d.username})` : d.userId ? ` (user ${d.userId})` : ''}`))];
}

export interface ResultDifference {
  checkId: string;
  username: string | null;
  /** Null: the result did not exist on that side. */
  signed: Status | null;
  current: Status | null;
}

const resultKey = (c: CheckResult): string => `${c.id}\u0000${(c.username ?? '').toLowerCase()}`;

/** How the current results of a system differ from the ones signed off (status by status). */
export function resultDifferences(signed: SystemResult, current: SystemResult | undefined): ResultDifference[] {
  const now = new Map((current?.checks ?? []).map((c) => [resultKey(c), c]));
  const out: ResultDifference[] = [];
  for (const s of signed.checks) {
    const c = now.get(resultKey(s));
    now.delete(resultKey(s));
    if (!c || c.status !== s.status) out.push({ checkId: s.id, username: s.username, signed: s.status, current: c?.status ?? null });
  }
  for (const c of now.values()) out.push({ checkId: c.id, username: c.username, signed: null, current: c.status });
  return out.sort((a, b) => cmp(a.checkId, b.checkId) || cmp(a.username ?? '', b.username ?? ''));
}

export function describeDifference(d: ResultDifference): string {
  const whom = d.username ? ` (${d.username})` : '';
  if (d.signed === null) return `${d.checkId}${whom}: new result ${d.current}`;
  if (d.current === null) return `${d.checkId}${whom}: ${d.signed} when signed, no longer evaluated`;
  return `${d.checkId}${whom}: ${d.signed} when signed, ${d.current} now`;
}

/** What a carry-forward decided for each earlier decision. */
export interface CarryForwardPlan {
  /** Decisions to record on the new snapshot (marked carriedFrom). */
  carry: Decision[];
  /** Earlier decisions whose result or evidence changed: left for the auditor, with why. */
  changed: { checkId: string; systemName: string | null; username: string | null; reason: string }[];
  /** Accepted exceptions past their expiry: not carried, so the result is open again. */
  expired: { checkId: string; systemName: string | null; username: string | null; expiresAt: string }[];
}

/** What makes two results "the same" for carrying a decision forward: the engine's status and every evidence row. */
export function resultFingerprint(r: CheckResult): string {
  return JSON.stringify([r.computedStatus, r.evidence, r.evidenceOmitted ?? 0]);
}

/**
 * Carry decisions from an earlier snapshot's review to a new one: a decision moves only when
 * the result it decided has the same computed status and the same evidence now; anything else
 * is flagged for the auditor. `previous` has the earlier decisions applied; `current` is the
 * new snapshot's evaluation (decisions already made on it are never replaced).
 */
export function planCarryForward(previous: Evaluation, current: Evaluation, asOf: string): CarryForwardPlan {
  const plan: CarryForwardPlan = { carry: [], changed: [], expired: [] };
  const visit = (systemName: string | null, before: readonly CheckResult[], after: readonly CheckResult[]) => {
    const now = new Map(after.map((c) => [resultKey(c), c]));
    for (const b of before) {
      const o = b.override;
      if (!o) continue;
      const where = { checkId: b.id, systemName, username: b.username };
      const a = now.get(resultKey(b));
      if (!a) {
        plan.changed.push({ ...where, reason: 'no such result in the new snapshot' });
        continue;
      }
      if (a.override) continue;
      if (exceptionExpired(o, asOf)) {
        plan.expired.push({ ...where, expiresAt: o.expiresAt! });
        continue;
      }
      if (a.computedStatus !== b.computedStatus) {
        plan.changed.push({ ...where, reason: `computed status was ${b.computedStatus}, now ${a.computedStatus}` });
        continue;
      }
      if (resultFingerprint(a) !== resultFingerprint(b)) {
        plan.changed.push({ ...where, reason: 'the evidence changed' });
        continue;
      }
      const kind = o.kind ?? 'override';
      plan.carry.push({
        checkId: b.id,
        systemName,
        userId: a.userId,
        username: a.username,
        status: kind === 'override' ? o.status : null,
        kind,
        justification: o.justification,
        reviewer: o.reviewer,
        at: asOf,
        expiresAt: o.expiresAt ?? null,
        owner: o.owner ?? null,
        dueDate: o.dueDate ?? null,
        carriedFrom: o.carriedFrom ?? { snapshotId: previous.snapshotId, reviewer: o.reviewer, at: o.at },
      });
    }
  };
  const currentSystems = new Map(current.systems.map((s) => [s.name, s]));
  for (const s of previous.systems) visit(s.name, s.checks, currentSystems.get(s.name)?.checks ?? []);
  visit(null, previous.orgChecks, current.orgChecks);
  return plan;
}
