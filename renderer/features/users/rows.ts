/** Rows of the Integration users table, from an evaluation. Pure; unit-tested. */
import type { Classification, Evaluation } from '../../../shared/audit/types';
import { INTEGRATION_CLASSES } from '../dashboard/summary';
import { allResults, isOpenFinding } from '../home/orgStats';

export interface UserRow {
  id: string;
  username: string;
  name: string;
  classification: Classification;
  license: string;
  profile: string;
  systems: string[];
  lastLogin: string | null;
  openFindings: number;
  active: boolean;
}

/**
 * Last login is not part of ClassifiedUser; it comes from the User rows the checks cite as
 * evidence (IU-11 and friends carry LastLoginDate). Null when no check cited it.
 */
export function lastLogins(e: Evaluation): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of allResults(e)) {
    for (const row of r.evidence) {
      if (row.object !== 'User') continue;
      const v = row.LastLoginDate;
      if (typeof v === 'string' && v && (!out.has(row.id) || (out.get(row.id) as string) < v)) out.set(row.id, v);
    }
  }
  return out;
}

export function integrationUserRows(e: Evaluation): UserRow[] {
  const open = new Map<string, number>();
  for (const r of allResults(e)) if (r.userId && isOpenFinding(r)) open.set(r.userId, (open.get(r.userId) ?? 0) + 1);
  const logins = lastLogins(e);
  return e.users
    .filter((u) => INTEGRATION_CLASSES.has(u.classification))
    .map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name ?? '',
      classification: u.classification,
      license: u.license ?? '',
      profile: u.profile ?? '',
      systems: u.systems,
      lastLogin: logins.get(u.id) ?? null,
      openFindings: open.get(u.id) ?? 0,
      active: u.isActive,
    }));
}
