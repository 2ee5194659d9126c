/**
 * Which permission sets matter when only integration candidates' object and field
 * permissions are fetched: users on the Salesforce Integration license, API-only users,
 * users with API logins or OAuth tokens; then their profiles' own permission sets, their
 * assigned permission sets and groups, and every component (incl. muting sets) of those
 * groups. Returns null when an input object is missing: the caller then fetches all.
 */
import type { SfRecord } from '../../../shared/model';
import { INTEGRATION_LICENSE_NAME } from '../../../shared/salesforce-objects';
import { isApiLogin } from '../../../shared/salesforce-logins';

export const SCOPE_INPUTS = ['User', 'Profile', 'UserLicense', 'PermissionSet', 'PermissionSetAssignment', 'PermissionSetGroupComponent', 'LoginHistory', 'OauthToken'] as const;

/**
 * The collected records of each input, read as often as needed: a Map of arrays, or a
 * collection's staged rows read back one at a time (so a large org is never held in memory).
 */
export interface RecordSource {
  has(object: string): boolean;
  get(object: string): Iterable<SfRecord> | undefined;
  /** The distinct text values of one field of the object (undefined when it was not collected). */
  distinctText(object: string, field: string): Iterable<string> | undefined;
}

export function integrationCandidates(records: RecordSource): { userIds: Set<string>; permissionSetIds: string[] } | null {
  for (const name of SCOPE_INPUTS) if (!records.has(name)) return null;
  const get = (name: string): Iterable<SfRecord> => records.get(name) ?? [];
  const licenseNames = new Map<string, SfRecord['Name']>();
  for (const l of get('UserLicense')) licenseNames.set(l.Id, l.Name);
  const profiles = new Map<string, SfRecord>();
  for (const p of get('Profile')) profiles.set(p.Id, p);
  const apiOnlySets = new Set<string>();
  for (const ps of get('PermissionSet')) if (ps.PermissionsApiUserOnly === true) apiOnlySets.add(ps.Id);
  const permissionSets = () => get('PermissionSet');
  const assignments = () => get('PermissionSetAssignment');

  const users = new Set<string>();
  for (const u of get('User')) {
    const profile = typeof u.ProfileId === 'string' ? profiles.get(u.ProfileId) : undefined;
    if (profile && licenseNames.get(String(profile.UserLicenseId)) === INTEGRATION_LICENSE_NAME) users.add(u.Id);
    if (profile && profile.PermissionsApiUserOnly === true) users.add(u.Id);
  }
  for (const a of assignments()) if (typeof a.PermissionSetId === 'string' && apiOnlySets.has(a.PermissionSetId) && typeof a.AssigneeId === 'string') users.add(a.AssigneeId);
  for (const l of get('LoginHistory')) if (isApiLogin(l) && typeof l.UserId === 'string') users.add(l.UserId);
  for (const t of get('OauthToken')) if (typeof t.UserId === 'string') users.add(t.UserId);

  const sets = new Set<string>();
  const groups = new Set<string>();
  const userProfiles = new Set<string>();
  for (const u of get('User')) if (users.has(u.Id) && typeof u.ProfileId === 'string') userProfiles.add(u.ProfileId);
  for (const ps of permissionSets()) if (ps.IsOwnedByProfile === true && typeof ps.ProfileId === 'string' && userProfiles.has(ps.ProfileId)) sets.add(ps.Id);
  for (const a of assignments()) {
    if (typeof a.AssigneeId !== 'string' || !users.has(a.AssigneeId)) continue;
    if (typeof a.PermissionSetId === 'string') sets.add(a.PermissionSetId);
    if (typeof a.PermissionSetGroupId === 'string') groups.add(a.PermissionSetGroupId);
  }
  for (const ps of permissionSets()) if (typeof ps.PermissionSetGroupId === 'string' && groups.has(ps.PermissionSetGroupId)) sets.add(ps.Id);
  for (const c of get('PermissionSetGroupComponent')) {
    if (typeof c.PermissionSetGroupId === 'string' && groups.has(c.PermissionSetGroupId) && typeof c.PermissionSetId === 'string') sets.add(c.PermissionSetId);
  }
  return { userIds: users, permissionSetIds: [...sets].sort() };
}
