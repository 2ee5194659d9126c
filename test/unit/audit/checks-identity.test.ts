import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf, daysAgo } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('IU-01 dedicated identity', () => {
  it('passes when only one system declares the user', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-01').status).toBe('pass');
  });
  it('fails when another system declares the same user', () => {
    const { o } = healthyOrg();
    const e = run(o.snapshot(), scopeOf(muleSystem(), muleSystem({ name: 'Billing' })));
    const r = check(e, 'IU-01', { system: 'MuleSoft' });
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Billing');
    expect(r.evidence[0]).toMatchObject({ object: 'User', systems: ['Billing', 'MuleSoft'] });
  });
  it('fails a person’s account used as an integration, agreeing with IU-12', () => {
    const { o, stdProfile } = healthyOrg();
    const j = o.user('j.alvarez@acme.test', stdProfile.profileId);
    o.login(j, 'Remote Access 2.0', 5, { app: 'Workday' });
    o.login(j, 'Application', 6);
    o.token(j, 'Workday');
    const e = run(o.snapshot(), scopeOf(muleSystem({ name: 'Workday', users: ['j.alvarez@acme.test'] })));
    expect(check(e, 'IU-12').status).toBe('fail');
    const r = check(e, 'IU-01');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain("a person's account");
    expect(r.evidence[0]).toMatchObject({ classification: 'human-as-integration' });
  });
});

describe('IU-02 integration license', () => {
  it('passes on the Salesforce Integration license', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-02');
    expect(r.status).toBe('pass');
    expect(r.evidence.map((x) => x.object).sort()).toEqual(['Profile', 'User', 'UserLicense']);
  });
  it('warns on a full license with API Only enforced', () => {
    const { o, fullLicense } = healthyOrg();
    const p = o.profile('API Only Full', fullLicense, { ApiUserOnly: true });
    o.user('erp@acme.test', p.profileId);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'] }))), 'IU-02');
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('API Only User is enforced by profile API Only Full');
  });
  it('fails on a full license without API Only', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ users: ['jane@acme.test'] }))), 'IU-02');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('license Salesforce');
  });
});

describe('IU-03 API only', () => {
  it('passes with the grant as evidence', () => {
    const { o, intProfile } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-03');
    expect(r.status).toBe('pass');
    expect(r.evidence[0].grantedBy?.[0]).toMatchObject({ kind: 'profile', id: intProfile.profileId, recordId: intProfile.psId });
  });
  it('passes when a permission set grants it', () => {
    const { o, fullLicense } = healthyOrg();
    const p = o.profile('Plain', fullLicense);
    const u = o.user('erp@acme.test', p.profileId);
    o.assign(u, o.permSet('Api_Only', { ApiUserOnly: true }));
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ users: ['erp@acme.test'] }))), 'IU-03').status).toBe('pass');
  });
  it('fails when no source grants it', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ users: ['jane@acme.test'] }))), 'IU-03');
    expect(r.status).toBe('fail');
  });
});

describe("IU-12 not a person's account", () => {
  it('passes for a proper integration user', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-12').status).toBe('pass');
  });
  it("fails for a person's account with API logins and tokens", () => {
    const { o, stdProfile } = healthyOrg();
    const j = o.user('j.alvarez@acme.test', stdProfile.profileId);
    const l = o.login(j, 'Remote Access 2.0', 5, { app: 'Workday' });
    o.login(j, 'Application', 6);
    const t = o.token(j, 'Workday');
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'Workday', users: ['j.alvarez@acme.test'] }))), 'IU-12');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((x) => x.id)).toEqual(expect.arrayContaining([j, l, t]));
  });
});

describe('IU-15 owner and purpose documented', () => {
  it('passes when owner, purpose and a review date are filled', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: undefined, lastReviewed: '2025-01-15' }))), 'IU-15').status).toBe('pass');
  });
  it('is manual while anything is missing, naming what', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ owner: '', reviewCadence: undefined, lastReviewed: undefined }))), 'IU-15');
    expect(r.status).toBe('manual');
    expect(r.summary).toContain('owner');
    expect(r.summary).toContain('review date');
  });
  it('fails when the last review is older than the declared cadence', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: 'quarterly', lastReviewed: daysAgo(120).slice(0, 10) }))), 'IU-15');
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/120 days old: overdue for a quarterly review/);
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: 'annual', lastReviewed: daysAgo(120).slice(0, 10) }))), 'IU-15').status).toBe('pass');
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: 'every 90 days', lastReviewed: daysAgo(91).slice(0, 10) }))), 'IU-15').status).toBe('fail');
  });
  it('is manual when a cadence has no last review to compare with, or is not understood', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: 'quarterly', lastReviewed: undefined }))), 'IU-15')).toMatchObject({
      status: 'manual',
      summary: expect.stringContaining('no last review date'),
    });
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ reviewCadence: 'whenever', lastReviewed: daysAgo(1).slice(0, 10) }))), 'IU-15')).toMatchObject({
      status: 'manual',
      summary: expect.stringContaining('"whenever"'),
    });
  });
  it('is reported once for a system without users', () => {
    const { o } = healthyOrg();
    const e = run(o.snapshot(), scopeOf(muleSystem({ users: [] })));
    expect(e.systems[0].checks).toEqual([expect.objectContaining({ id: 'IU-15', username: null, status: 'pass' })]);
  });
});

describe('IU-11 active and in use', () => {
  const eval11 = (opts: Parameters<ReturnType<typeof healthyOrg>['o']['user']>[2]) => {
    const { o, intProfile } = healthyOrg();
    o.user('erp@acme.test', intProfile.profileId, opts);
    return check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'] }))), 'IU-11');
  };
  it('passes for an active, recently used user', () => expect(eval11({ lastLogin: daysAgo(10) }).status).toBe('pass'));
  it('fails for an inactive user', () => expect(eval11({ active: false }).status).toBe('fail'));
  it('fails for a frozen user', () => {
    const r = eval11({ frozen: true });
    expect(r.status).toBe('fail');
    expect(r.evidence).toContainEqual(expect.objectContaining({ object: 'UserLogin', IsFrozen: true }));
  });
  it('warns when unused beyond the staleness window', () => {
    const r = eval11({ lastLogin: daysAgo(120) });
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('120 days');
  });
  it('warns when never used', () => expect(eval11({ lastLogin: null }).status).toBe('warn'));
  it('takes the staleness threshold from the scope', () => {
    const { o, intProfile } = healthyOrg();
    o.user('erp@acme.test', intProfile.profileId, { lastLogin: daysAgo(120) });
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'], thresholds: { staleDays: 150 } }))), 'IU-11');
    expect(r.status).toBe('pass');
  });
});
