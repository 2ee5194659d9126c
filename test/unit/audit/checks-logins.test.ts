import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('IU-04 no interactive logins', () => {
  it('passes with only API logins', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-04').status).toBe('pass');
  });
  it('fails on a browser or SAML login in the window, listing it', () => {
    const { o, mule } = healthyOrg();
    const a = o.login(mule, 'Application', 10);
    const s = o.login(mule, 'SAML Idp Initiated SSO', 20);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-04');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((x) => x.id).sort()).toEqual([a, s].sort());
  });
  it('ignores logins before the look-back window and failed attempts', () => {
    const { o, mule } = healthyOrg();
    o.login(mule, 'Application', 200);
    o.login(mule, 'Application', 5, { status: 'Invalid Password' });
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-04').status).toBe('pass');
  });
  it('uses the scope look-back threshold', () => {
    const { o, mule } = healthyOrg();
    o.login(mule, 'Application', 200);
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ thresholds: { lookbackDays: 365 } }))), 'IU-04').status).toBe('fail');
  });
});

describe('IU-09 network restriction', () => {
  it('passes when the profile has ranges and logins come from inside', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-09');
    expect(r.status).toBe('pass');
    expect(r.evidence[0].object).toBe('LoginIpRange');
  });
  it('fails when the profile has no login IP ranges', () => {
    const { o, fullLicense } = healthyOrg();
    const p = o.profile('Open Integration', fullLicense, { ApiUserOnly: true });
    o.user('erp@acme.test', p.profileId);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'] }))), 'IU-09');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('no login IP ranges');
  });
  it('fails when a login comes from outside the declared ranges', () => {
    const { o, mule } = healthyOrg();
    const l = o.login(mule, 'Remote Access 2.0', 3, { ip: '198.51.100.200' });
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ ipRanges: ['198.51.100.0/25'] }))), 'IU-09');
    expect(r.status).toBe('fail');
    expect(r.evidence).toContainEqual(expect.objectContaining({ id: l, outsideDeclaredRanges: true, outsideProfileRanges: false }));
  });
  it('fails when a login comes from outside the profile ranges', () => {
    const { o, mule } = healthyOrg();
    o.login(mule, 'Remote Access 2.0', 3, { ip: '192.0.2.1' });
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ ipRanges: undefined }))), 'IU-09');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain("outside the profile's IP ranges");
  });
});

describe('IU-10 credential hygiene', () => {
  it('passes without username+password logins', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-10').status).toBe('pass');
  });
  it('fails on SOAP logins when another flow is declared', () => {
    const { o, mule } = healthyOrg();
    const l = o.login(mule, 'Other Apex API', 4);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-10');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((x) => x.id)).toContain(l);
  });
  it('passes a password flow rotated within the policy', () => {
    const { o, intProfile } = healthyOrg();
    const u = o.user('erp@acme.test', intProfile.profileId, { lastPasswordChange: new Date(Date.parse('2025-06-01T00:00:00Z')).toISOString() });
    o.login(u, 'Other Apex API', 4);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'], authFlow: 'password' }))), 'IU-10');
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('29 days');
  });
  it('fails a password flow not rotated within the policy', () => {
    const { o, intProfile } = healthyOrg();
    const u = o.user('erp@acme.test', intProfile.profileId, { lastPasswordChange: '2024-12-01T00:00:00.000+0000' });
    o.login(u, 'Other Apex API', 4);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'], authFlow: undefined }))), 'IU-10');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('policy 90 days');
  });
});
