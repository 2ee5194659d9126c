/**
 * How the integration user logs in: IU-04 interactive logins, IU-09 network restriction,
 * IU-10 credential hygiene, IU-11 active and in use.
 */
import type { SfRecord } from '../../model';
import { isInteractiveLogin, isPasswordLogin, loginKind } from '../../salesforce-logins';
import { parseCidr, parsedIpInRanges, parseIp, rangeFromBounds, type IpRange } from '../ip';
import { loginsOf, str } from '../snapshot-index';
import type { EvidenceRow } from '../types';
import { DAY_MS, recordTime, timeOf } from '../util';
import { outcome, plural, row, type UserCheck, type UserCheckContext } from './context';

const LOGIN_FIELDS = ['LoginTime', 'LoginType', 'LoginSubType', 'Application', 'SourceIp', 'Status'];

/** Successful logins inside the look-back window, newest first. */
export function loginsInWindow(ctx: Pick<UserCheckContext, 'index' | 'windowStartMs' | 'asOfMs'>, userId: string): SfRecord[] {
  return loginsOf(ctx.index, userId).filter((l) => {
    const t = recordTime(l, 'LoginTime');
    const ok = l.Status === undefined || l.Status === null || l.Status === 'Success';
    return ok && t !== null && t >= ctx.windowStartMs && t <= ctx.asOfMs;
  });
}

export const iu04: UserCheck = (ctx) => {
  const interactive = loginsInWindow(ctx, ctx.user.Id).filter((l) => isInteractiveLogin(l));
  const days = ctx.thresholds.lookbackDays;
  if (interactive.length === 0) return outcome('pass', `no browser or SSO logins in the last ${days} days`);
  const types = [...new Set(interactive.map(loginKind))].sort();
  return outcome(
    'fail',
    `${plural(interactive.length, 'interactive login')} (${types.join(', ')}) in the last ${days} days`,
    interactive.map((l) => row('LoginHistory', l, LOGIN_FIELDS)),
  );
};

export const iu09: UserCheck = (ctx) => {
  const { index, user, system } = ctx;
  const profileId = String(user.ProfileId ?? '');
  const profile = index.profileById.get(profileId);
  const rangeRows = index.ipRangesByProfile.get(profileId) ?? [];
  const profileRanges = rangeRows.map((r) => rangeFromBounds(String(r.StartAddress ?? ''), String(r.EndAddress ?? ''))).filter((r): r is IpRange => r !== null);
  const declared = (system.ipRanges ?? []).map(parseCidr).filter((r): r is IpRange => r !== null);
  const logins = loginsInWindow(ctx, user.Id).filter((l) => str(l.SourceIp));
  const evidence: EvidenceRow[] = rangeRows.map((r) => row('LoginIpRange', r, ['ProfileId', 'StartAddress', 'EndAddress']));
  const profileName = str(profile?.Name) ?? profileId;
  if (profileRanges.length === 0) {
    const ips = [...new Set(logins.map((l) => String(l.SourceIp)))].sort();
    if (profile) evidence.push(row('Profile', profile, ['Name']));
    return outcome(
      'fail',
      `profile ${profileName} has no login IP ranges${ips.length ? `; logins came from ${plural(ips.length, 'address', 'addresses')}` : ''} (a connected app IP policy is not visible in the snapshot)`,
      evidence,
    );
  }
  // Parsed once per address: an integration logs in from a handful of addresses, thousands of times.
  const parsed = new Map<string, ReturnType<typeof parseIp>>();
  const ipOf = (l: SfRecord): ReturnType<typeof parseIp> => {
    const text = String(l.SourceIp);
    if (!parsed.has(text)) parsed.set(text, parseIp(text));
    return parsed.get(text) ?? null;
  };
  const outsideProfile = logins.filter((l) => !parsedIpInRanges(ipOf(l), profileRanges));
  const outsideDeclared = declared.length ? logins.filter((l) => !parsedIpInRanges(ipOf(l), declared)) : [];
  const bad = [...new Map([...outsideProfile, ...outsideDeclared].map((l) => [l.Id, l])).values()];
  const outsideProfileSet = new Set(outsideProfile);
  const outsideDeclaredSet = new Set(outsideDeclared);
  evidence.push(...bad.map((l) => row('LoginHistory', l, LOGIN_FIELDS, { outsideProfileRanges: outsideProfileSet.has(l), outsideDeclaredRanges: outsideDeclaredSet.has(l) })));
  if (bad.length > 0) {
    const parts: string[] = [];
    if (outsideProfile.length) parts.push(`${plural(outsideProfile.length, 'login')} outside the profile's IP ranges`);
    if (outsideDeclared.length) parts.push(`${plural(outsideDeclared.length, 'login')} outside the declared ranges (${system.ipRanges?.join(', ')})`);
    return outcome('fail', parts.join('; '), evidence);
  }
  return outcome(
    'pass',
    `profile ${profileName} restricts logins to ${plural(profileRanges.length, 'IP range')}; ${plural(logins.length, 'login')} in the window, all inside`,
    evidence,
  );
};

export const iu10: UserCheck = (ctx) => {
  const { user, system, thresholds, asOfMs } = ctx;
  // SOAP login() and the OAuth username-password flow both send the password (shared/salesforce-logins.ts).
  const passwordLogins = loginsInWindow(ctx, user.Id).filter(isPasswordLogin);
  const kinds = [...new Set(passwordLogins.map(loginKind))].sort().join(', ');
  const evidence = passwordLogins.map((l) => row('LoginHistory', l, LOGIN_FIELDS));
  const declaredPassword = system.authFlow === 'password';
  if (passwordLogins.length === 0 && !declaredPassword)
    return outcome('pass', `no username+password logins (SOAP login or OAuth username-password) in the last ${thresholds.lookbackDays} days`);
  if (passwordLogins.length > 0 && system.authFlow && !declaredPassword) {
    return outcome('fail', `declared auth flow ${system.authFlow}, but ${plural(passwordLogins.length, 'username+password login')} (${kinds}) observed`, evidence);
  }
  const changed = timeOf(user.LastPasswordChangeDate) ?? timeOf(user.CreatedDate);
  evidence.unshift(row('User', user, ['Username', 'LastPasswordChangeDate', 'CreatedDate']));
  if (changed === null) return outcome('fail', 'password-based, and no password change date is recorded', evidence);
  const age = Math.floor((asOfMs - changed) / DAY_MS);
  if (age > thresholds.rotationDays) return outcome('fail', `password-based; password last changed ${age} days ago (policy ${thresholds.rotationDays} days)`, evidence);
  return outcome('pass', `password-based${kinds ? ` (${kinds})` : ''}, password changed ${age} days ago, within ${thresholds.rotationDays} days`, evidence);
};

export const iu11: UserCheck = (ctx) => {
  const { index, user, thresholds, asOfMs } = ctx;
  const evidence: EvidenceRow[] = [row('User', user, ['Username', 'IsActive', 'LastLoginDate'])];
  const ul = index.userLoginByUser.get(user.Id);
  if (ul) evidence.push(row('UserLogin', ul, ['IsFrozen', 'IsPasswordLocked']));
  if (user.IsActive === false) return outcome('fail', 'user is inactive', evidence);
  if (ul?.IsFrozen === true) return outcome('fail', 'user is frozen', evidence);
  const lastLogin = loginsInWindow({ index, windowStartMs: -Infinity, asOfMs }, user.Id)[0];
  const times = [timeOf(user.LastLoginDate), lastLogin ? recordTime(lastLogin, 'LoginTime') : null].filter((t): t is number => t !== null && t <= asOfMs);
  if (times.length === 0) return outcome('warn', 'active but never logged in: an unused integration user', evidence);
  const age = Math.floor((asOfMs - Math.max(...times)) / DAY_MS);
  if (age > thresholds.staleDays) return outcome('warn', `active but unused: last login ${plural(age, 'day')} ago (threshold ${thresholds.staleDays} days)`, evidence);
  return outcome('pass', `active, not frozen, last login ${plural(age, 'day')} ago`, evidence);
};
