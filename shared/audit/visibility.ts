/**
 * What the auditing user can see. Salesforce does not refuse a query for records the user may
 * not see: it returns fewer rows, with no error. A snapshot collected by a user without the
 * right permission therefore looks complete and clean. The auditing user is one of the
 * snapshot's users, so its effective permissions are computed from the snapshot itself, and
 * where it lacks what an object needs, the object gets a "partial visibility" coverage gap:
 * every check fed by it is `error` with that reason, never `pass`.
 *
 * The rules (docs/checks.md, "What the auditing user can see"):
 * - LoginHistory: "only users with Manage Users or Monitor Login History permissions can access
 *   this object … in API version 37.0 and later, all users can retrieve their own login history
 *   records" — Object Reference, LoginHistory, Special Access Rules
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_loginhistory.htm
 * - OauthToken: users with Customize Application see every user's tokens; others see their own
 *   — Object Reference, OauthToken
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_oauthtoken.htm
 * - UserLogin: needs Manage Users (Object Reference, UserLogin, Special Access Rules)
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userlogin.htm
 * Whether Modify All Data / View All Data alone lift these limits is unverified: they do not
 * count here, so the unsafe reading (a full snapshot where it may not be) is never taken.
 */
import type { CoverageGap } from '../model';
import type { AccessEngine } from './access';

export const PARTIAL_VISIBILITY = 'PARTIAL_VISIBILITY';

export interface VisibilityRule {
  object: string;
  /** System permissions (short names); any one of them lets the auditing user see every row. */
  anyOf: readonly string[];
  /** What the auditing user sees without them. */
  without: string;
}

export const VISIBILITY_RULES: readonly VisibilityRule[] = [
  { object: 'LoginHistory', anyOf: ['ManageUsers', 'MonitorLoginHistory'], without: 'only its own login history' },
  { object: 'OauthToken', anyOf: ['CustomizeApplication'], without: 'only its own OAuth tokens' },
  { object: 'UserLogin', anyOf: ['ManageUsers'], without: 'only its own frozen/locked state, or none' },
];

/** Salesforce's labels for the permissions above, for messages an admin acts on. */
export const PERMISSION_LABELS: Record<string, string> = {
  ManageUsers: 'Manage Users',
  MonitorLoginHistory: 'Monitor Login History',
  CustomizeApplication: 'Customize Application',
};

export function visibilityMessage(rule: VisibilityRule, username: string): string {
  const perms = rule.anyOf.map((p) => PERMISSION_LABELS[p] ?? p).join(' or ');
  return `partial visibility: the auditing user ${username} lacks ${perms}, so Salesforce returned ${rule.without} from ${rule.object} (no error, just fewer rows)`;
}

/**
 * Gaps for the objects the auditing user could see only partly. Empty when the auditing user is
 * not among the snapshot's users (a snapshot built elsewhere): there is nothing to compute from.
 */
export function visibilityGaps(engine: AccessEngine, auditingUsername: string): CoverageGap[] {
  const user = engine.index.userByUsername.get(auditingUsername.toLowerCase());
  if (!user) return [];
  const gaps: CoverageGap[] = [];
  for (const rule of VISIBILITY_RULES) {
    if (rule.anyOf.some((p) => engine.hasSystemPermission(user.Id, p))) continue;
    gaps.push({ object: rule.object, errorCode: PARTIAL_VISIBILITY, message: visibilityMessage(rule, String(user.Username ?? auditingUsername)) });
  }
  return gaps;
}
