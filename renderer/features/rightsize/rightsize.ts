/** Pure helpers for the Right-size view: what each usage row would lose under a basis. */
import type { Access } from '../../../shared/audit/scope';
import type { UsageRow } from '../../../shared/audit/usage';

export const LEVELS: Access[] = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'];
export type Basis = 'declared' | 'used' | 'both';

/** Granted levels the chosen basis would not keep (read is kept whenever anything else is). */
export function wouldRemove(row: UsageRow, basis: Basis): Access[] {
  const granted = LEVELS.filter((l) => row.granted[l]);
  const declared = new Set(row.declared);
  const used = new Set(row.used);
  const keep = new Set(granted.filter((l) => (basis === 'declared' ? declared.has(l) : basis === 'used' ? used.has(l) : declared.has(l) && used.has(l))));
  if ([...keep].some((l) => l !== 'read') && granted.includes('read')) keep.add('read');
  return granted.filter((l) => !keep.has(l));
}

export function whyRemoved(row: UsageRow, level: Access): string {
  const declared = row.declared.includes(level);
  const used = row.used.includes(level);
  if (!declared && !used) return 'not declared, no use seen';
  if (!used)
    return row.writesCounted || level === 'read' || level === 'delete'
      ? 'declared, no use seen in the window'
      : row.writesPartial
        ? 'declared; writes counted only partly (the auditing user may not see every record)'
        : 'declared; writes not counted';
  return 'used, but not declared';
}
