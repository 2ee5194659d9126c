/** A system's results as checklist steps, one per check in catalog order. Pure; unit-tested. */
import { CHECKS, type CheckDef } from '../../../shared/audit/catalog';
import { USAGE_CHECKS } from '../../../shared/audit/usage-catalog';
import { isOpen, openResults } from '../../../shared/audit/decisions';
import type { CheckResult, Status, SystemResult } from '../../../shared/audit/types';

export interface Step {
  /** `severity` is null for a check this UI's catalog does not know. */
  def: Omit<CheckDef, 'severity'> & { severity: CheckDef['severity'] | null };
  results: CheckResult[];
  /** The status that needs the most attention among the results. */
  status: Status;
  /** Some result still needs a decision (see shared/audit/decisions isOpen). */
  open: boolean;
  /** Some result carries an auditor decision (override, exception or remediation plan). */
  decided: boolean;
}

/** Snapshot checks in catalog order, then the usage checks a system's results end with. */
const CATALOG: readonly CheckDef[] = [...CHECKS, ...USAGE_CHECKS];

const RANK: Record<Status, number> = { error: 5, fail: 4, warn: 3, manual: 2, pass: 1, 'n/a': 0 };

export function worst(statuses: Status[]): Status {
  return statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), 'n/a');
}

/** `asOf` (ISO): when an accepted exception's expiry is judged; default now. */
export function stepsFor(system: SystemResult, asOf: string = new Date().toISOString()): Step[] {
  const byId = new Map<string, CheckResult[]>();
  for (const r of system.checks) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  const flags = (results: CheckResult[]) => ({ open: results.some((r) => isOpen(r, asOf)), decided: results.some((r) => !!r.override) });
  const known = CATALOG.filter((c) => byId.has(c.id)).map((def) => {
    const results = byId.get(def.id) ?? [];
    return { def, results, status: worst(results.map((r) => r.status)), ...flags(results) };
  });
  // Results of checks this UI does not know yet still show, after the known ones.
  const unknown = [...byId.keys()]
    .filter((id) => !CATALOG.some((c) => c.id === id))
    .map((id) => {
      const results = byId.get(id) ?? [];
      return {
        def: { id, title: id, rationale: '', frameworks: [], mode: 'auto' as const, severity: null, scope: 'user' as const, needs: [] },
        results,
        status: worst(results.map((r) => r.status)),
        ...flags(results),
      };
    });
  return [...known, ...unknown];
}

/**
 * Columns of an evidence table whose rows are already in words (shared/audit/evidence-words):
 * what and which record first, who grants it last, the rest in the order they appear.
 */
export function evidenceColumns(rows: Record<string, string>[]): string[] {
  const keys = new Set<string>();
  for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) keys.add(k);
  const first = ['Object', 'Record Id'].filter((k) => keys.has(k));
  const last = ['Granted by'].filter((k) => keys.has(k));
  return [...first, ...[...keys].filter((k) => !first.includes(k) && !last.includes(k)), ...last];
}

/** Results that block a sign-off until the auditor decides them (the one rule: shared/audit/decisions). */
export function pendingDecisions(system: SystemResult, asOf: string = new Date().toISOString()): CheckResult[] {
  return openResults(system, asOf);
}

/** The step to open first: the first with an open result, else the first. */
export function firstOpenStep(steps: readonly Step[]): number {
  return Math.max(
    0,
    steps.findIndex((s) => s.open),
  );
}

/** The next step after `from` with an open result (wrapping around), or -1 when none is open. */
export function nextOpenStep(steps: readonly Step[], from: number): number {
  for (let k = 1; k <= steps.length; k++) {
    const i = (from + k) % steps.length;
    if (steps[i].open && i !== from) return i;
  }
  return -1;
}
