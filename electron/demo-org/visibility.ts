/**
 * Row visibility as Salesforce applies it: without the permission an object needs, a query
 * returns only the session user's own rows — no error, just fewer rows (the rules and their
 * sources: shared/audit/visibility.ts). The demo org applies the same rules, so a collection
 * by an under-privileged user is as incomplete here as in a real org.
 */
import type { SfRecord } from '../../shared/model';
import { VISIBILITY_RULES } from '../../shared/audit/visibility';
import type { Dataset } from './schema';
import type { QueryResultSet } from './soql/engine';

/** The system permissions (short names) a user holds: profile, live permission sets, group components. */
function permissionsOf(dataset: Dataset, userId: string, nowMs: number): Set<string> {
  const user = (dataset.User ?? []).find((u) => u.Id === userId);
  const held = new Set<string>();
  if (!user) return held;
  const sets = new Set<string>();
  for (const ps of dataset.PermissionSet ?? []) if (ps.IsOwnedByProfile === true && ps.ProfileId === user.ProfileId) sets.add(ps.Id);
  for (const a of dataset.PermissionSetAssignment ?? []) {
    if (a.AssigneeId !== userId || a.IsActive === false) continue;
    if (typeof a.ExpirationDate === 'string' && Date.parse(a.ExpirationDate) < nowMs) continue;
    if (typeof a.PermissionSetId === 'string') sets.add(a.PermissionSetId);
    if (typeof a.PermissionSetGroupId === 'string') {
      for (const c of dataset.PermissionSetGroupComponent ?? [])
        if (c.PermissionSetGroupId === a.PermissionSetGroupId && typeof c.PermissionSetId === 'string') sets.add(c.PermissionSetId);
    }
  }
  for (const ps of dataset.PermissionSet ?? []) {
    if (!sets.has(ps.Id)) continue;
    for (const [k, v] of Object.entries(ps)) if (v === true && k.startsWith('Permissions')) held.add(k.slice('Permissions'.length));
  }
  return held;
}

/** Drops the rows the viewer may not see (other users' rows of a rule's object it lacks the permission for). */
export function restrictToViewer(res: QueryResultSet, dataset: Dataset, viewerId: string | null, nowMs: number): QueryResultSet {
  const rule = VISIBILITY_RULES.find((r) => r.object.toLowerCase() === res.object.toLowerCase());
  if (!rule || !viewerId) return res;
  const held = permissionsOf(dataset, viewerId, nowMs);
  if (rule.anyOf.some((p) => held.has(p))) return res;
  const rows = res.rows.filter((r: SfRecord) => r.UserId === viewerId);
  const dropped = res.rows.length - rows.length;
  return { ...res, rows, totalSize: Math.max(0, res.totalSize - dropped) };
}
