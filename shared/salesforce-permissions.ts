/**
 * Permission set groups as Salesforce records their state.
 *
 * PermissionSetGroup.Status (restricted picklist): Updated — the group is current; Outdated —
 * it needs recalculation; Updating — it is being recalculated; Failed — recalculation failed
 * (Metadata API PermissionSetGroup, `status`; Object Reference PermissionSetGroup)
 *   https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionsetgroup.htm
 * Until a group is recalculated, its aggregate permission set — what Salesforce enforces — may
 * not reflect its members and muting yet, so access computed through it may differ from what
 * the user holds right now: every grant through such a group is flagged, and the checks it
 * feeds carry a warning (a pass becomes warn). A missing Status (older API versions) is not
 * flagged: nothing says the group is stale [unverified whether any current org omits it].
 */

export const GROUP_STATUS_UPDATED = 'Updated';

/** Any value other than Updated, including one a later release adds, is treated as stale. */
export function isStaleGroupStatus(status: string): boolean {
  return status.trim().toLowerCase() !== GROUP_STATUS_UPDATED.toLowerCase();
}
