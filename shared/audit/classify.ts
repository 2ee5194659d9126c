/**
 * Every user gets exactly one classification and the reasons (with record Ids) that decided
 * it. Integration users are recognised by license, never by name: names are free text and
 * differ by org age.
 */
import type { LookupCall, SfRecord } from '../model';
import { INTEGRATION_LICENSE_NAME, SYSTEM_LICENSE_NAMES, SYSTEM_USER_TYPES } from '../salesforce-users';
import { API_LOGIN_TYPES, isApiLogin, isInteractiveLogin, loginKind } from '../salesforce-logins';
import type { AccessEngine } from './access';
import type { AuditSettings } from './settings';
import { loginsOf, str, type SnapshotIndex } from './snapshot-index';
import type { ClassifiedUser, Reason, Source } from './types';
import { cmp } from './util';

// The login lists and rules live in shared/salesforce-logins.ts (with their source).
export { isApiLogin, isInteractiveLogin };

export function describeSources(sources: readonly Source[]): string {
  const names = sources.map((s) => {
    const kind = s.kind === 'permissionSet' ? 'permission set' : s.kind === 'group' ? 'group' : 'profile';
    const via = s.viaComponent ? ` → ${s.viaComponent.name}` : '';
    const implied = s.impliedBy ? ` (via ${s.impliedBy})` : '';
    const stale = s.groupStatus ? ` [group ${s.groupStatus}: not recalculated]` : '';
    return `${kind} ${s.name}${via}${implied}${stale}`;
  });
  return [...new Set(names)].join(', ');
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => cmp(a, b))
    .map(([v, n]) => `${v} ×${n}`)
    .join(', ');
}

const MAX_REASON_IDS = 20;
/** The system permission that makes a user API-only (asked of every user). */
export const API_ONLY_PERMISSION = 'ApiUserOnly';
const IGNORE_INACTIVE = { ignoreInactive: true };

const personalSets = new WeakMap<AuditSettings, Set<string>>();
function personalSet(settings: AuditSettings): Set<string> {
  let s = personalSets.get(settings);
  if (!s) personalSets.set(settings, (s = new Set(settings.personalApps.map((a) => a.toLowerCase()))));
  return s;
}

type Base = Omit<ClassifiedUser, 'classification' | 'reasons'>;

// A plain literal rather than `{ ...base, … }`: this runs for every user of the org.
function make(b: Base, classification: ClassifiedUser['classification'], reasons: Reason[]): ClassifiedUser {
  return {
    id: b.id,
    username: b.username,
    name: b.name,
    isActive: b.isActive,
    userType: b.userType,
    profileId: b.profileId,
    profile: b.profile,
    license: b.license,
    lastLogin: b.lastLogin,
    systems: b.systems,
    classification,
    reasons,
  };
}

function isPersonal(personal: Set<string>, app: unknown): boolean {
  return typeof app === 'string' && personal.size > 0 && personal.has(app.toLowerCase());
}

export function classifyUser(engine: AccessEngine, user: SfRecord, settings: AuditSettings, systems: string[] = []): ClassifiedUser {
  const index = engine.index;
  const profileId = str(user.ProfileId);
  const profile = profileId ? index.profileById.get(profileId) : undefined;
  const license = profile ? index.licenseById.get(String(profile.UserLicenseId ?? '')) : undefined;
  const licenseName = str(license?.Name);
  const userType = str(user.UserType);
  const base: Base = {
    id: user.Id,
    username: String(user.Username ?? ''),
    name: str(user.Name),
    isActive: user.IsActive !== false,
    userType,
    profileId,
    profile: str(profile?.Name),
    license: licenseName,
    lastLogin: str(user.LastLoginDate),
    systems,
  };

  if (userType && SYSTEM_USER_TYPES.includes(userType)) {
    return make(base, 'system', [{ text: `UserType ${userType}: a user Salesforce creates for itself`, recordIds: [user.Id] }]);
  }
  if (licenseName && SYSTEM_LICENSE_NAMES.includes(licenseName)) {
    return make(base, 'system', [
      { text: `license ${licenseName}: held only by users Salesforce creates for itself (CRM Analytics)`, recordIds: [user.Id, ...licenseIdsOf(profile, license)] },
    ]);
  }
  if (licenseName === INTEGRATION_LICENSE_NAME) {
    return make(base, 'integration', [{ text: `license ${licenseName} (profile ${base.profile ?? profileId})`, recordIds: licenseIdsOf(profile, license) }]);
  }
  // Inactive users keep their classification, so what they would hold counts (holdersOf ignores IsActive).
  if (engine.holdersOf(API_ONLY_PERMISSION).has(user.Id, profileId)) {
    const apiOnly = engine.systemPermission(user.Id, 'ApiUserOnly', IGNORE_INACTIVE);
    return make(base, 'api-only', [
      { text: `license ${licenseName ?? 'unknown'}, API Only User granted by ${describeSources(apiOnly)}`, recordIds: [...new Set(apiOnly.map((s) => s.recordId ?? s.id))] },
    ]);
  }

  const personal = personalSet(settings);
  const rows = apiLoginsByUser(index).get(user.Id) ?? NONE;
  const allTokens = index.tokensByUser.get(user.Id) ?? NONE;
  // Most users are people with browser logins only: decide that without building any list.
  let anyApi = false;
  for (const l of rows)
    if (isApiLogin(l) && !isPersonal(personal, l.Application)) {
      anyApi = true;
      break;
    }
  if (!anyApi)
    for (const t of allTokens)
      if (!isPersonal(personal, t.AppName)) {
        anyApi = true;
        break;
      }
  if (anyApi) {
    const logins = loginsOf(index, user.Id);
    const apiLogins = logins.filter((l) => isApiLogin(l) && !isPersonal(personal, l.Application));
    const tokens = allTokens.filter((t) => !isPersonal(personal, t.AppName));
    const reasons: Reason[] = [{ text: `license ${licenseName ?? 'unknown'} without API Only User`, recordIds: [user.Id, ...licenseIdsOf(profile, license)] }];
    if (apiLogins.length > 0) {
      reasons.push({
        text: `${apiLogins.length} API login(s): ${countBy(apiLogins.map((l) => `${loginKind(l)}${str(l.Application) ? ` (${l.Application})` : ''}`))}`,
        recordIds: apiLogins.slice(0, MAX_REASON_IDS).map((l) => l.Id),
      });
    }
    if (tokens.length > 0) {
      reasons.push({
        text: `OAuth tokens of integration apps: ${countBy(tokens.map((t) => String(t.AppName ?? '?')))}`,
        recordIds: tokens.slice(0, MAX_REASON_IDS).map((t) => t.Id),
      });
    }
    const browser = logins.filter((l) => isInteractiveLogin(l));
    if (browser.length > 0) {
      reasons.push({ text: `alongside ${browser.length} browser/SSO login(s)`, recordIds: browser.slice(0, MAX_REASON_IDS).map((l) => l.Id) });
    }
    return make(base, 'human-as-integration', reasons);
  }
  return make(base, 'human', [{ text: `license ${licenseName ?? 'unknown'}, no API Only User, no integration API logins or tokens`, recordIds: [user.Id] }]);
}

const NONE: readonly SfRecord[] = [];

const apiLogins = new WeakMap<SnapshotIndex, Map<string, SfRecord[]>>();

/** The logins classification reads of every user: those of an API login type. */
export const API_LOGINS = { method: 'where', object: 'LoginHistory', anyOf: { LoginType: API_LOGIN_TYPES } } as const satisfies LookupCall;

/**
 * Each user's API logins (isApiLogin), in snapshot order: all classification asks of every
 * user's logins, so only those rows are read (a few thousand of 500,000 in a large org).
 */
function apiLoginsByUser(index: SnapshotIndex): Map<string, SfRecord[]> {
  let out = apiLogins.get(index);
  if (!out) {
    out = new Map();
    for (const l of index.rowsWhere(API_LOGINS.object, API_LOGINS.anyOf)) {
      const userId = str(l.UserId);
      if (!userId || !isApiLogin(l)) continue;
      const list = out.get(userId);
      if (list) list.push(l);
      else out.set(userId, [l]);
    }
    apiLogins.set(index, out);
  }
  return out;
}

function licenseIdsOf(profile: SfRecord | undefined, license: SfRecord | undefined): string[] {
  return [profile?.Id, license?.Id].filter((x): x is string => !!x);
}

/** Classify every user, sorted by username. `systemsByUser` maps lower-cased usernames to declared systems. */
export function classifyUsers(engine: AccessEngine, settings: AuditSettings, systemsByUser: Map<string, string[]> = new Map()): ClassifiedUser[] {
  // Resolve the few declared usernames to users, rather than lower-casing every username of the org.
  const systemsById = new Map<string, string[]>();
  for (const [username, systems] of systemsByUser) {
    const user = engine.index.userByUsername.get(username);
    if (user) systemsById.set(user.Id, systems);
  }
  // The users whose logins classification reads in full (human-as-integration reasons), in one pass.
  engine.index.loginRowsByUser.prefetch([...apiLoginsByUser(engine.index).keys(), ...engine.index.tokensByUser.keys()]);
  return engine.index.users.map((u) => classifyUser(engine, u, settings, systemsById.get(u.Id) ?? [])).sort((a, b) => cmp(a.username, b.username) || cmp(a.id, b.id));
}

export const INTEGRATION_LIKE: readonly ClassifiedUser['classification'][] = ['integration', 'api-only', 'human-as-integration'];
