/** A system's results as checklist steps, one per check in catalog order. Pure; unit-tested. */
import { CHECKS, type CheckDef } from '../../../shared/audit/catalog';
import type { CheckResult, Status, SystemResult } from '../../../shared/audit/types';

export interface Step {
  /** `severity` is null for a check this UI's catalog does not know. */
  def: Omit<CheckDef, 'severity'> & { severity: CheckDef['severity'] | null };
  results: CheckResult[];
  /** The status that needs the most attention among the results. */
  status: Status;
}

const RANK: Record<Status, number> = { error: 5, fail: 4, warn: 3, manual: 2, pass: 1, 'n/a': 0 };

export function worst(statuses: Status[]): Status {
  return statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), 'n/a');
}

export function stepsFor(system: SystemResult): Step[] {
  const byId = new Map<string, CheckResult[]>();
  for (const r of system.checks) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  const known = CHECKS.filter((c) => byId.has(c.id)).map((def) => ({ def, results: byId.get(def.id) ?? [], status: worst((byId.get(def.id) ?? []).map((r) => r.status)) }));
  // Results of checks this UI does not know yet still show, after the known ones.
  const unknown = [...byId.keys()]
    .filter((id) => !CHECKS.some((c) => c.id === id))
    .map((id) => ({ def: { id, title: id, rationale: '', frameworks: [], mode: 'auto' as const, severity: null, scope: 'user' as const, needs: [] }, results: byId.get(id) ?? [], status: worst((byId.get(id) ?? []).map((r) => r.status)) }));
  return [...known, ...unknown];
}

export function evidenceColumns(rows: Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) if (k !== 'grantedBy') keys.add(k);
  const first = ['object', 'id'];
  return [...first.filter((k) => keys.has(k)), ...[...keys].filter((k) => !first.includes(k))];
}

/** Results that block a sign-off until the auditor decides them (manual, or data missing). */
export function pendingDecisions(system: SystemResult): CheckResult[] {
  return system.checks.filter((r) => r.status === 'manual' || r.status === 'error');
}
