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

export function integrationUserRows(e: Evaluation): UserRow[] {
  const open = new Map<string, number>();
  for (const r of allResults(e)) if (r.userId && isOpenFinding(r)) open.set(r.userId, (open.get(r.userId) ?? 0) + 1);
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
      lastLogin: u.lastLogin,
      openFindings: open.get(u.id) ?? 0,
      active: u.isActive,
    }));
}
