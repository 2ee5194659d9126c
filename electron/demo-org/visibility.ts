/**
 * Row visibility as Salesforce applies it: a query returns only the rows the session user may
 * see — no error, just fewer rows — and an aggregate (COUNT, GROUP BY) counts only those rows.
 * The demo org applies the same rules to plain queries, aggregates and Bulk jobs, so a
 * collection or a usage count by an under-privileged user is as incomplete here as in a real org.
 *
 * - Setup objects with special access rules (LoginHistory, OauthToken, UserLogin): without the
 *   permission, only the user's own rows (rules and sources: shared/audit/visibility.ts).
 * - Business records (rows carrying OwnerId): the demo org models the Private organization-wide
 *   default, without role hierarchy or sharing rules — the least a user can see. The owner sees
 *   its rows; View All Data or Modify All Data, or the object's View All or Modify All, see every
 *   row: "View All and Modify All … ignore the sharing model, role hierarchy, and sharing rules"
 *   (Salesforce Security Implementation / Fundamentals, "Overriding Sharing with Object
 *   Permissions", https://developer.salesforce.com/docs/atlas.en-us.fundamentals.meta/fundamentals/adg_securing_data_override_sharing_object_perm.htm).
 *   A real org usually shares more (public defaults, roles, sharing rules); what it shares is
 *   org configuration the collector cannot see, so the safe model is the narrowest one.
 */
import type { SfRecord } from '../../shared/model';
import { VISIBILITY_RULES } from '../../shared/audit/visibility';
import type { Dataset } from './schema';
import type { ObjectTable } from './schema';

/** Keeps the rows of `table` the viewer may see (engine.ts applies it before sorting, limits and grouping). */
export type RowFilter = (table: ObjectTable, rows: SfRecord[]) => SfRecord[];

/** System permissions that see every business record regardless of sharing. */
const SEE_ALL_DATA = ['ViewAllData', 'ModifyAllData'];

interface Held {
  /** System permissions (short names). */
  permissions: Set<string>;
  /** Objects (lower case) whose every record the viewer sees: View All or Modify All on the object. */
  viewAll: Set<string>;
}

/** What a user holds: profile, live permission sets, group components. */
function heldBy(dataset: Dataset, userId: string, nowMs: number): Held {
  const held: Held = { permissions: new Set(), viewAll: new Set() };
  const user = (dataset.User ?? []).find((u) => u.Id === userId);
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
    for (const [k, v] of Object.entries(ps)) if (v === true && k.startsWith('Permissions')) held.permissions.add(k.slice('Permissions'.length));
  }
  for (const op of dataset.ObjectPermissions ?? []) {
    if (typeof op.ParentId !== 'string' || !sets.has(op.ParentId)) continue;
    if (op.PermissionsViewAllRecords === true || op.PermissionsModifyAllRecords === true) held.viewAll.add(String(op.SobjectType).toLowerCase());
  }
  return held;
}

/**
 * Row filters per session user. What a user holds is worked out once per user (a scaled org
 * has hundreds of thousands of permission rows; a usage pull sends hundreds of aggregates);
 * the dataset's permissions do not change while the demo org runs.
 */
export function createViewerFilters(dataset: Dataset, now: () => number): (viewerId: string | null) => RowFilter | undefined {
  const cache = new Map<string, Held>();
  return (viewerId) => {
    if (!viewerId) return undefined;
    const holds = (): Held => {
      let h = cache.get(viewerId);
      if (!h) cache.set(viewerId, (h = heldBy(dataset, viewerId, now())));
      return h;
    };
    return (table, rows) => {
      const rule = VISIBILITY_RULES.find((r) => r.object.toLowerCase() === table.name.toLowerCase());
      if (rule) return rule.anyOf.some((p) => holds().permissions.has(p)) ? rows : rows.filter((r) => r.UserId === viewerId);
      if (!table.fields.has('ownerid')) return rows;
      const h = holds();
      if (SEE_ALL_DATA.some((p) => h.permissions.has(p)) || h.viewAll.has(table.name.toLowerCase())) return rows;
      return rows.filter((r) => r.OwnerId === viewerId);
    };
  };
}
