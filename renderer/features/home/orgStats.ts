import type { AuditView } from '../../../shared/contract';
import type { CheckResult, Evaluation } from '../../../shared/audit/types';

/** A finding is a result the auditor still has to act on: a failure or a warning. */
export function isOpenFinding(r: CheckResult): boolean {
  return r.status === 'fail' || r.status === 'warn';
}

export function allResults(e: Evaluation): CheckResult[] {
  return [...e.systems.flatMap((s) => s.checks), ...e.orgChecks];
}

export function openFindings(e: Evaluation): number {
  return allResults(e).filter(isOpenFinding).length;
}

export function reviewProgress(view: AuditView): { signedOff: number; reviewed: number; total: number } {
  const total = view.evaluation.systems.length;
  const state = new Map(view.reviews.map((r) => [r.system, r.state]));
  let signedOff = 0;
  let reviewed = 0;
  for (const s of view.evaluation.systems) {
    const st = state.get(s.name);
    if (st === 'signed off') signedOff++;
    if (st === 'reviewed' || st === 'signed off') reviewed++;
  }
  return { signedOff, reviewed, total };
}
