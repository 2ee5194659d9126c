/**
 * Who the integration user is: IU-01 dedicated identity, IU-02 license, IU-03 API only,
 * IU-12 not a person's account, IU-15 owner and purpose documented.
 */
import { INTEGRATION_LICENSE_NAME, INTEGRATION_LICENSE_PROVIDES, INTEGRATION_PSL_DEVELOPER_NAME, INTEGRATION_PSL_LABEL } from '../../salesforce-users';
import { describeSources } from '../classify';
import { loginsOf, str } from '../snapshot-index';
import { DAY_MS } from '../util';
import type { EvidenceRow } from '../types';
import { grantRow, outcome, row, type Outcome, type UserCheck, type UserCheckContext } from './context';

export const iu01: UserCheck = ({ user, username, system, allSystems, classified }) => {
  const key = username.toLowerCase();
  const others = allSystems.filter((s) => s.name !== system.name && s.users.some((u) => u.toLowerCase() === key)).map((s) => s.name);
  const evidence = [row('User', user, ['Username'], { systems: [system.name, ...others].sort(), classification: classified?.classification ?? null })];
  if (others.length > 0) return outcome('fail', `${username} also serves ${others.join(', ')}: one identity per system`, evidence);
  // A person's own account is not a dedicated integration identity, however many systems use it
  // (IU-12 says why it is a person's; the two checks must not disagree).
  if (classified?.classification === 'human-as-integration')
    return outcome('fail', `${username} is a person's account used as an integration (see IU-12), not an identity dedicated to ${system.name}`, evidence);
  return outcome('pass', `${username} serves only ${system.name}`, evidence);
};

function licenseEvidence(ctx: UserCheckContext & { user: NonNullable<UserCheckContext['user']> }): { name: string | null; evidence: EvidenceRow[] } {
  const { index, user } = ctx;
  const evidence: EvidenceRow[] = [row('User', user, ['Username', 'ProfileId'])];
  const profile = index.profileById.get(String(user.ProfileId ?? ''));
  if (profile) evidence.push(row('Profile', profile, ['Name', 'UserLicenseId']));
  const license = profile ? index.licenseById.get(String(profile.UserLicenseId ?? '')) : undefined;
  if (license) evidence.push(row('UserLicense', license, ['Name', 'LicenseDefinitionKey']));
  return { name: str(license?.Name), evidence };
}

/**
 * On the Integration license, whether the user also holds its permission set license (when the
 * snapshot has PermissionSetLicenseAssign): without it, no permission set needing it can be
 * assigned — less access, not more, so it is said, not failed.
 */
function integrationPslNote(ctx: UserCheckContext & { user: NonNullable<UserCheckContext['user']> }, evidence: EvidenceRow[]): string {
  const { index, user } = ctx;
  const licenses = index.snapshot.records.PermissionSetLicense;
  const assigns = index.snapshot.records.PermissionSetLicenseAssign;
  if (!licenses || !assigns) return '';
  const psl = licenses.find((l) => l.DeveloperName === INTEGRATION_PSL_DEVELOPER_NAME);
  const held = psl ? assigns.find((a) => a.AssigneeId === user.Id && a.PermissionSetLicenseId === psl.Id) : undefined;
  if (psl && held) {
    evidence.push(row('PermissionSetLicenseAssign', held, ['PermissionSetLicenseId'], { permissionSetLicense: INTEGRATION_PSL_DEVELOPER_NAME }));
    return ` with the ${INTEGRATION_PSL_LABEL} permission set license`;
  }
  return `; the ${INTEGRATION_PSL_LABEL} permission set license is not assigned, so only the profile's access applies`;
}

export const iu02: UserCheck = (ctx) => {
  const { name, evidence } = licenseEvidence(ctx);
  if (name === INTEGRATION_LICENSE_NAME) return outcome('pass', `license ${name}${integrationPslNote(ctx, evidence)}`, evidence);
  const apiOnly = ctx.engine.systemPermission(ctx.user.Id, 'ApiUserOnly', { ignoreInactive: true });
  if (apiOnly.length > 0) {
    evidence.push(grantRow(ctx.index, 'PermissionSet', apiOnly, { permission: 'ApiUserOnly' }));
    return outcome(
      'warn',
      `license ${name ?? 'unknown'} (not ${INTEGRATION_LICENSE_NAME}), but API Only User is enforced by ${describeSources(apiOnly)}; missing: ${INTEGRATION_LICENSE_PROVIDES}`,
      evidence,
    );
  }
  return outcome(
    'fail',
    `license ${name ?? 'unknown'} (not ${INTEGRATION_LICENSE_NAME}) without API Only User: a full interactive license; missing: ${INTEGRATION_LICENSE_PROVIDES}`,
    evidence,
  );
};

export const iu03: UserCheck = ({ engine, index, user }) => {
  const apiOnly = engine.systemPermission(user.Id, 'ApiUserOnly', { ignoreInactive: true });
  if (apiOnly.length > 0) {
    return outcome('pass', `API Only User granted by ${describeSources(apiOnly)}`, [grantRow(index, 'PermissionSet', apiOnly, { permission: 'ApiUserOnly' })]);
  }
  const present = index.permissionFields.has('ApiUserOnly');
  return outcome('fail', present ? 'API Only User is not granted by the profile or any permission set' : 'API Only User is not present in this org', [
    row('User', user, ['Username', 'ProfileId']),
  ]);
};

export const iu12: UserCheck = ({ index, user, classified }) => {
  const evidence: EvidenceRow[] = [row('User', user, ['Username'], { classification: classified?.classification, reasons: classified?.reasons.map((r) => r.text) ?? [] })];
  if (classified?.classification !== 'human-as-integration') return outcome('pass', `classified ${classified?.classification ?? 'unknown'}`, evidence);
  const ids = new Set(classified.reasons.flatMap((r) => r.recordIds));
  for (const l of loginsOf(index, user.Id)) if (ids.has(l.Id)) evidence.push(row('LoginHistory', l, ['LoginTime', 'LoginType', 'Application', 'SourceIp', 'Status']));
  for (const t of index.tokensByUser.get(user.Id) ?? []) if (ids.has(t.Id)) evidence.push(row('OauthToken', t, ['AppName', 'LastUsedDate', 'UseCount']));
  return outcome('fail', `a person's account used as an integration: ${classified.reasons.map((r) => r.text).join('; ')}`, evidence);
};

const DAYS_PER: Record<string, number> = { day: 1, week: 7, month: 31, year: 366 };
const NAMED_CADENCES: Record<string, number> = {
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  'semi-annual': 183,
  'semi-annually': 183,
  semiannual: 183,
  'half-yearly': 183,
  biannual: 183,
  annual: 366,
  annually: 366,
  yearly: 366,
};

/**
 * A declared review cadence in days ("quarterly", "every 6 months", "90 days"), with a little
 * slack (a month is 31 days, a year 366) so a review done on the due date never reads overdue;
 * null when the words are not understood.
 */
export function cadenceDays(cadence: string): number | null {
  const c = cadence.trim().toLowerCase();
  if (NAMED_CADENCES[c] !== undefined) return NAMED_CADENCES[c];
  const m = /^(?:every\s+)?(\d{1,4})\s*(day|week|month|year)s?$/.exec(c);
  return m ? Number(m[1]) * DAYS_PER[m[2]] : null;
}

export function iu15({ system, asOf }: Pick<UserCheckContext, 'system'> & { asOf: string }): Outcome {
  const missing: string[] = [];
  if (!system.owner.trim()) missing.push('owner');
  if (!system.purpose.trim()) missing.push('purpose');
  if (!system.lastReviewed && !system.reviewCadence?.trim()) missing.push('review date (lastReviewed or reviewCadence)');
  const evidence: EvidenceRow[] = [
    {
      object: 'SystemScope',
      id: system.name,
      owner: system.owner,
      purpose: system.purpose,
      reviewCadence: system.reviewCadence ?? null,
      lastReviewed: system.lastReviewed ?? null,
    },
  ];
  if (missing.length > 0) return outcome('manual', `awaiting the auditor: ${missing.join(', ')} not documented`, evidence);
  const cadence = system.reviewCadence?.trim();
  if (cadence) {
    const days = cadenceDays(cadence);
    if (days === null)
      return outcome('manual', `awaiting the auditor: review cadence "${cadence}" is not a period this check understands (e.g. quarterly, annual, 90 days)`, evidence);
    if (!system.lastReviewed) return outcome('manual', `awaiting the auditor: review cadence ${cadence} declared, but no last review date to compare it with`, evidence);
    const age = Math.floor((Date.parse(asOf) - Date.parse(`${system.lastReviewed}T00:00:00Z`)) / DAY_MS);
    if (age > days) return outcome('fail', `last access review ${system.lastReviewed} is ${age} days old: overdue for a ${cadence} review (every ${days} days at most)`, evidence);
  }
  return outcome('pass', `owner ${system.owner}; purpose documented; review ${system.lastReviewed ? `last ${system.lastReviewed}` : system.reviewCadence}`, evidence);
}
