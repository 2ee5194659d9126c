import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('IU-13 changes in period reviewed (hybrid)', () => {
  it('passes when no entry in the period touches the user', () => {
    const { o } = healthyOrg();
    o.audit('Changed permission set Other_Thing', 5);
    o.audit('Assigned permission set MuleSoft_Access to mule@acme.test', 300);
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-13').status).toBe('pass');
  });
  it('is manual listing entries that mention the user, profile or permission sets, or delegate as the user', () => {
    const { o } = healthyOrg();
    const a = o.audit('Changed MuleSoft_Access: Contact edit enabled', 10);
    const b = o.audit('Changed profile Minimum Access - API Only Integrations: login hours', 20);
    const c = o.audit('Reset password for mule@acme.test', 30);
    const d = o.audit('Logged in as another user', 40, { delegateUser: 'mule@acme.test' });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-13');
    expect(r.status).toBe('manual');
    expect(r.evidence.map((e) => e.id).sort()).toEqual([a, b, c, d].sort());
    expect(r.evidence.find((e) => e.id === d)?.matchedOn).toEqual(['delegate user']);
  });
});

describe('IU-14 connected app admin-approved', () => {
  it('passes when every app is admin-approved only', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14').status).toBe('pass');
  });
  it('fails when an app lets users self-authorise', () => {
    const { o, mule } = healthyOrg();
    o.token(mule, 'Open App');
    const app = o.connectedApp('Open App', false);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14');
    expect(r.status).toBe('fail');
    expect(r.evidence).toContainEqual(expect.objectContaining({ object: 'ConnectedApplication', id: app, OptionsAllowAdminApprovedUsersOnly: false }));
  });
  it('warns when the app is not in ConnectedApplication', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ connectedApp: 'Ghost App' }))), 'IU-14').status).toBe('warn');
  });
  it('is n/a without tokens or a declared app', () => {
    const { o, intProfile } = healthyOrg();
    o.user('erp@acme.test', intProfile.profileId);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'], connectedApp: undefined }))), 'IU-14');
    expect(r.status).toBe('n/a');
  });
});

describe('ORG-01 integration inventory complete', () => {
  it('passes when every integration user is declared', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-01').status).toBe('pass');
  });
  it('fails listing undeclared integration and API-only users', () => {
    const { o, fullLicense, intProfile } = healthyOrg();
    const p = o.profile('Api Full', fullLicense, { ApiUserOnly: true });
    const a = o.user('etl@acme.test', p.profileId);
    const b = o.user('spare@acme.test', intProfile.profileId);
    o.user('old@acme.test', intProfile.profileId, { active: false });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-01');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((e) => e.id).sort()).toEqual([a, b].sort());
  });
  it('fails with no scope at all', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), null), 'ORG-01').status).toBe('fail');
  });
});

describe("ORG-02 no person's account runs an integration", () => {
  it('passes in a clean org', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-02').status).toBe('pass');
  });
  it('fails naming the account', () => {
    const { o, stdProfile } = healthyOrg();
    const j = o.user('j.alvarez@acme.test', stdProfile.profileId);
    o.login(j, 'Remote Access 2.0', 2, { app: 'Workday' });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-02');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('j.alvarez@acme.test');
    expect(r.evidence.map((e) => e.id)).toEqual([j]);
  });
});

describe('ORG-03 risky API permissions held by few (hybrid)', () => {
  it('is manual listing holders with their sources', () => {
    const { o, admin, adminProfile } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-03');
    expect(r.status).toBe('manual');
    expect(r.evidence).toEqual([
      expect.objectContaining({ id: admin, permission: 'ApiEnabled', grantedBy: [expect.objectContaining({ kind: 'profile', id: adminProfile.profileId })] }),
    ]);
  });
  it('passes when nobody holds them (integration licenses do not count for API Enabled)', () => {
    const { o } = healthyOrg();
    const snap = o.snapshot();
    for (const r of [...snap.records.PermissionSet, ...snap.records.Profile])
      if (r.Name !== 'Minimum Access - API Only Integrations' && r.Label !== 'Minimum Access - API Only Integrations') r.PermissionsApiEnabled = false;
    expect(check(run(snap, scopeOf(muleSystem())), 'ORG-03').status).toBe('pass');
  });
  it('lists Use Any API Client on any license', () => {
    const { o, mule } = healthyOrg();
    o.assign(mule, o.permSet('Any_Client', { UseAnyApiClient: true }));
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-03');
    expect(r.evidence).toContainEqual(expect.objectContaining({ id: mule, permission: 'UseAnyApiClient' }));
  });
});

describe('ORG-04 coverage', () => {
  it('passes when everything was read', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-04').status).toBe('pass');
  });
  it('fails naming each gap and the checks it feeds', () => {
    const { o } = healthyOrg();
    o.gap('OauthToken', 'INSUFFICIENT_ACCESS');
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-04');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('OauthToken (INSUFFICIENT_ACCESS)');
    expect(r.evidence).toEqual([expect.objectContaining({ id: 'OauthToken', feeds: expect.arrayContaining(['IU-12', 'IU-14', 'ORG-01', 'ORG-02']) })]);
  });
  it('warns for a gap no check needs', () => {
    const { o } = healthyOrg();
    o.gap('Organization', 'INVALID_TYPE');
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'ORG-04').status).toBe('warn');
  });
});
