/** What the printed per-system report says about each result's evidence. Pure; unit-tested. */
import { fixForRow } from '../../../shared/audit/remediation';
import type { CheckResult } from '../../../shared/audit/types';

/** How many fixes the printed summary names before it says "and N more". */
const FIXES_SHOWN = 3;

/**
 * The evidence of one result in a sentence: how many rows back it and, for a fail or warning
 * whose rows name who grants the access, the concrete changes that would close it.
 */
export function evidenceSummary(r: CheckResult): string {
  const total = r.evidence.length + (r.evidenceOmitted ?? 0);
  if (total === 0) return 'No evidence rows.';
  const count = `${total} evidence ${total === 1 ? 'row' : 'rows'}`;
  const finding = r.computedStatus === 'fail' || r.computedStatus === 'warn';
  const fixes = finding ? [...new Set(r.evidence.map((row) => fixForRow(row, r.username)).filter((f): f is string => f !== null))] : [];
  if (fixes.length === 0) return `${count}.`;
  const more = fixes.length > FIXES_SHOWN ? `; and ${fixes.length - FIXES_SHOWN} more` : '';
  return `${count}. How to fix: ${fixes.slice(0, FIXES_SHOWN).join('; ')}${more}.`;
}
