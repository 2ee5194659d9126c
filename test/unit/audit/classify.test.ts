import { describe, expect, it } from 'vitest';
import { healthyOrg } from './fixtures';
import { run } from './evaluate-helpers';

function classify(setup: (h: ReturnType<typeof healthyOrg>) => void) {
  const h = healthyOrg();
  setup(h);
  return run(h.o.snapshot(), null).users;
}
const find = (users: ReturnType<typeof classify>, username: string) => users.find((u) => u.username === username)!;

describe('classification', () => {
  it('integration: by license, whatever the username looks like', () => {
    const users = classify(({ o, intProfile }) => o.user('jane.doe@acme.test', intProfile.profileId));
    const u = find(users, 'jane.doe@acme.test');
    expect(u.classification).toBe('integration');
    expect(u.license).toBe('Salesforce Integration');
    expect(u.reasons[0].text).toContain('Salesforce Integration');
  });

  it('a username that looks like an integration does not make one', () => {
    const users = classify(({ o, stdProfile }) => o.user('integration.api@acme.test', stdProfile.profileId));
    expect(find(users, 'integration.api@acme.test').classification).toBe('human');
  });

  it('api-only: other license with effective API Only User, with the granting record', () => {
    let ps = '';
    const users = classify(({ o, stdProfile }) => {
      const u = o.user('etl@acme.test', stdProfile.profileId);
      ps = o.permSet('Api_Only', { ApiUserOnly: true });
      o.assign(u, ps);
      o.login(u, 'Remote Access 2.0', 1, { app: 'ETL' });
    });
    const u = find(users, 'etl@acme.test');
    expect(u.classification).toBe('api-only');
    expect(u.reasons[0].recordIds).toEqual([ps]);
  });

  it('human-as-integration: full license with API logins, alongside browser logins', () => {
    let ids: string[] = [];
    const users = classify(({ o, stdProfile }) => {
      const j = o.user('j.alvarez@acme.test', stdProfile.profileId);
      ids = [o.login(j, 'Remote Access 2.0', 2, { app: 'Workday' }), o.login(j, 'Application', 3)];
    });
    const u = find(users, 'j.alvarez@acme.test');
    expect(u.classification).toBe('human-as-integration');
    expect(u.reasons.map((r) => r.text).join(' ')).toContain('Remote Access 2.0 (Workday) ×1');
    expect(u.reasons.flatMap((r) => r.recordIds)).toEqual(expect.arrayContaining(ids));
  });

  it('human-as-integration: SOAP login() and OAuth username-password logins, named with their subtype', () => {
    const users = classify(({ o, stdProfile }) => {
      const p = o.user('p@acme.test', stdProfile.profileId);
      o.login(p, 'Other Apex API', 2, { app: 'Pharmacy' });
      o.login(p, 'Remote Access 2.0', 3, { app: 'Pharmacy', subType: 'OauthUsernamePassword' });
    });
    const text = find(users, 'p@acme.test')
      .reasons.map((r) => r.text)
      .join(' ');
    expect(find(users, 'p@acme.test').classification).toBe('human-as-integration');
    expect(text).toContain('Other Apex API (Pharmacy) ×1');
    expect(text).toContain('Remote Access 2.0 / OauthUsernamePassword (Pharmacy) ×1');
  });

  it('a browser login of another documented type (Third Party SSO) is named as such, not as an API login', () => {
    const users = classify(({ o, stdProfile }) => o.login(o.user('sso@acme.test', stdProfile.profileId), 'Third Party SSO', 3));
    expect(find(users, 'sso@acme.test').classification).toBe('human');
  });

  it('human-as-integration: OAuth tokens of an integration app alone', () => {
    const users = classify(({ o, stdProfile }) => o.token(o.user('k@acme.test', stdProfile.profileId), 'Workday'));
    expect(find(users, 'k@acme.test').classification).toBe('human-as-integration');
  });

  it("a person's own tools (Salesforce CLI, mobile) do not make an integration", () => {
    const users = classify(({ o, stdProfile }) => {
      const d = o.user('dev@acme.test', stdProfile.profileId);
      o.login(d, 'Remote Access 2.0', 2, { app: 'Salesforce CLI' });
      o.token(d, 'Salesforce for iOS');
    });
    expect(find(users, 'dev@acme.test').classification).toBe('human');
  });

  it('system: users Salesforce creates', () => {
    const users = classify(({ o, intProfile }) => o.user('autoproc@00d.test', intProfile.profileId, { userType: 'AutomatedProcess' }));
    expect(find(users, 'autoproc@00d.test').classification).toBe('system');
  });

  it('human: everyone else', () => {
    expect(
      find(
        classify(() => {}),
        'jane@acme.test',
      ).classification,
    ).toBe('human');
  });

  it('inactive users keep their classification, flagged inactive', () => {
    const users = classify(({ o, stdProfile }) => {
      const u = o.user('old.etl@acme.test', stdProfile.profileId, { active: false });
      o.assign(u, o.permSet('Api_Only', { ApiUserOnly: true }));
    });
    const u = find(users, 'old.etl@acme.test');
    expect(u.classification).toBe('api-only');
    expect(u.isActive).toBe(false);
  });

  it('lists users sorted by username with their declared systems', () => {
    const h = healthyOrg();
    const e = run(h.o.snapshot(), { version: 1, systems: [{ name: 'MuleSoft', owner: 'x', purpose: 'y', users: ['MULE@acme.test'], objects: {} }] });
    expect(e.users.map((u) => u.username)).toEqual(['admin@acme.test', 'jane@acme.test', 'mule@acme.test']);
    expect(find(e.users, 'mule@acme.test').systems).toEqual(['MuleSoft']);
  });
});
