/**
 * GreenPath's activity over the last six months: login history per kind of user, OAuth tokens
 * and the setup audit trail, generated from a fixed seed relative to the org's start day.
 */
import type { SfRecord } from '../../../shared/model';
import { Rng } from '../rng';
import { DAY_MS, isoAt } from './builder';
import { DOMAIN, INTEGRATIONS, appName } from './greenpath-catalog';
import type { GreenPathContext } from './greenpath';

export type PersonKind = 'admin' | 'workday-admin' | 'auditor' | 'human' | 'inactive' | 'integration' | 'system';

const HISTORY_DAYS = 180;
const BROWSERS = ['Chrome 126', 'Edge 125', 'Safari 17', 'Firefox 127'];
const PLATFORMS = ['Windows 10', 'Mac OSX', 'Windows 11'];

export function addActivity(ctx: GreenPathContext): void {
  const { b, now, today } = ctx;
  const rng = new Rng(20240607);
  const at = (day: number, minuteOfDay: number) => today - day * DAY_MS + minuteOfDay * 60_000;
  const logins: { ms: number; row: Record<string, string | null> & { UserId: string } }[] = [];
  const login = (user: SfRecord, ms: number, fields: Partial<Record<string, string | null>>) => {
    if (ms > now) return;
    logins.push({
      ms,
      row: {
        UserId: user.Id,
        LoginTime: isoAt(ms),
        LoginType: 'Application',
        LoginSubType: null,
        Application: 'Browser',
        SourceIp: '192.0.2.10',
        Status: 'Success',
        Platform: 'Unknown',
        Browser: 'Unknown',
        ApiType: null,
        ApiVersion: null,
        AuthMethodReference: null,
        LoginUrl: 'greenpath.my.salesforce.com',
        ...fields,
      },
    });
  };
  const browserLogin = (user: SfRecord, day: number, i: number) => {
    // GreenPath is mid-way through an SSO rollout: a third of browser logins go through SAML.
    const sso = rng.chance(0.35);
    const failed = rng.chance(0.03);
    login(user, at(day, 7 * 60 + rng.int(0, 600)), {
      LoginType: sso ? 'SAML Idp Initiated SSO' : 'Application',
      LoginSubType: sso ? null : 'UsernamePasswordUiLogin',
      SourceIp: rng.chance(0.8) ? `192.0.2.${rng.int(10, 250)}` : `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      Status: failed && !sso ? 'Invalid Password' : 'Success',
      Platform: PLATFORMS[i % PLATFORMS.length],
      Browser: BROWSERS[(i * 3) % BROWSERS.length],
      AuthMethodReference: sso ? null : 'pwd',
    });
  };

  let idx = 0;
  for (const [username, user] of ctx.users) {
    const kind = ctx.kinds.get(username);
    idx++;
    if (kind === 'human' || kind === 'admin' || kind === 'auditor' || kind === 'inactive' || kind === 'workday-admin') {
      const lastDay = kind === 'inactive' ? 60 + idx : 0;
      const rate = kind === 'auditor' ? 0.2 : 0.45;
      for (let day = HISTORY_DAYS; day >= lastDay; day--) {
        const weekday = new Date(today - day * DAY_MS).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        if (rng.chance(rate)) browserLogin(user, day, idx);
      }
    }
    if (kind === 'workday-admin') {
      // Workday's connector authorised on Julia's account ~120 days ago and syncs twice a day since.
      for (let day = 120; day >= 0; day--) {
        for (const minute of [2 * 60 + 5, 14 * 60 + 5]) {
          login(user, at(day, minute + rng.int(0, 9)), {
            LoginType: 'Remote Access 2.0',
            LoginSubType: 'OauthRefreshToken',
            Application: 'Workday',
            SourceIp: `203.0.113.${rng.int(200, 220)}`,
            ApiType: 'REST API',
            ApiVersion: '61.0',
            Platform: 'Unknown',
            Browser: 'Unknown',
          });
        }
      }
    }
    if (kind === 'integration') {
      const spec = INTEGRATIONS.find((s) => s.username === username);
      if (!spec) continue;
      for (let day = HISTORY_DAYS; day >= spec.login.lastDaysAgo; day--) {
        for (let k = 0; k < spec.login.perDay; k++) {
          login(user, at(day, Math.floor((k * 1440) / spec.login.perDay) + rng.int(0, 30)), {
            LoginType: spec.login.type,
            LoginSubType: spec.login.subType,
            Application: spec.login.application,
            ApiType: spec.login.apiType,
            ApiVersion: '60.0',
            SourceIp: `${spec.login.ipBase}.${rng.int(20, 40)}`,
            AuthMethodReference: spec.login.type === 'Other Apex API' ? 'pwd' : null,
          });
        }
      }
    }
  }
  logins.sort((a, b2) => a.ms - b2.ms);
  const lastLogin = new Map<string, string>();
  for (const l of logins) {
    b.add('LoginHistory', l.row);
    if (l.row.Status === 'Success') lastLogin.set(l.row.UserId, l.row.LoginTime as string);
  }
  for (const u of ctx.users.values()) u.LastLoginDate = lastLogin.get(u.Id) ?? null;

  // OAuth tokens: each integration for its app, and Workday on Julia's account.
  const token = (username: string, app: string, createdDaysAgo: number, useCount: number, lastUsedDaysAgo: number) => {
    const u = ctx.users.get(username);
    if (!u) return;
    b.add('OauthToken', {
      UserId: u.Id,
      AppName: app,
      UseCount: useCount,
      LastUsedDate: isoAt(Math.min(now, at(lastUsedDaysAgo, 600))),
      CreatedDate: isoAt(at(createdDaysAgo, 600)),
      AppMenuItemId: null,
    });
  };
  for (const spec of INTEGRATIONS) if (spec.app) token(spec.username, appName(spec.app), 170, spec.login.perDay * 170, spec.login.lastDaysAgo);
  token([...ctx.users.keys()].find((u) => u.startsWith('j.alvarez@')) as string, 'Workday', 120, 242, 0);
  // An External Client App's token: AppName is its label (shared/salesforce-apps.ts).
  token(`mulesoft_integration@${DOMAIN}`, 'MuleSoft Anypoint Flows', 40, 320, 0);

  // Setup audit trail: the changes behind each story, plus routine administration.
  const byName = (prefix: string) => [...ctx.users.entries()].find(([u]) => u.startsWith(prefix))?.[1] as SfRecord;
  const [dana, sam, julia] = [byName('admin@'), byName('it.ops@'), byName('j.alvarez@')];
  const trail: [number, SfRecord, string, string, string][] = [
    [170, sam, 'PermSetAssign', 'Manage Users', `Permission set Legacy Migration Access: assigned to user Billing Integration (billing.integration@greenpath.example)`],
    [168, sam, 'PermSetFlsChanged', 'Manage Users', 'Changed permission set Legacy Migration Access: View All Data was changed from False to True'],
    [121, julia, 'insertConnectedApplication', 'Connected Apps', 'Created Connected App Workday'],
    [
      120,
      julia,
      'changedConnectedAppPolicy',
      'Connected Apps',
      'Changed Permitted Users policy of Workday from Admin approved users are pre-authorized to All users may self-authorize',
    ],
    [45, dana, 'PermSetFlsChanged', 'Manage Users', 'Changed Lab Results Integration field-level security for Contact: Birthdate was changed from Read Only to Read/Write'],
    [44, dana, 'PermSetEnableUserPerm', 'Manage Users', 'Permission set Lab Results Integration: object permissions for Contact changed: Edit enabled'],
    [30, sam, 'createdpermsetgroup', 'Manage Users', 'Recalculated permission set group EHR Clinical Sync'],
    [29, sam, 'mutingpermsetchanged', 'Manage Users', 'Muting permission set EHR Clinical Sync (muted): Delete on Contact muted'],
    [60, dana, 'changedUserEmail', 'Manage Users', 'Changed email for user mulesoft_integration@greenpath.example'],
    [10, dana, 'PermSetAssign', 'Manage Users', 'Permission set Integration Auditor: assigned to user Priya Raman (auditor@greenpath.example)'],
    [140, dana, 'loginIpRangeChanged', 'Security Controls', 'Added login IP range 203.0.113.0 to 203.0.113.255 to profile Minimum Access - API Only Integrations'],
  ];
  const routine = ['Reset password for', 'Changed profile for user', 'Activated user', 'Changed role for user', 'Logged in using Login-As access for'];
  const humans = [...ctx.users.entries()].filter(([u]) => ctx.kinds.get(u) === 'human');
  for (let k = 0; k < 120; k++) {
    const [uname] = humans[k % humans.length];
    trail.push([rng.int(0, 178), k % 2 ? dana : sam, 'routine', 'Manage Users', `${routine[k % routine.length]} ${uname}`]);
  }
  trail.sort((x, y) => y[0] - x[0]);
  for (const [day, by, action, section, display] of trail) {
    b.add('SetupAuditTrail', { CreatedDate: isoAt(Math.min(now, at(day, 15 * 60))), CreatedById: by.Id, Action: action, Section: section, Display: display, DelegateUser: null });
  }
}
