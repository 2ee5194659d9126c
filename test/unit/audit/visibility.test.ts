/**
 * #16 item 2: what the auditing user cannot see is not clean. Without Manage Users / Monitor
 * Login History, LoginHistory holds only its own rows; without Customize Application, OauthToken
 * only its own tokens; without Manage Users, UserLogin — no error, fewer rows. The checks fed by
 * such an object are `error`, naming the object and the missing permission.
 */
import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

// The fixture snapshot's meta names 'auditor@test' as the auditing user.
function withAuditor(perms: Record<string, boolean>) {
  const h = healthyOrg();
  const p = h.o.profile('Auditor Profile', h.fullLicense, { ApiEnabled: true, ViewSetup: true, ...perms });
  h.o.user('auditor@test', p.profileId);
  return h;
}

describe('partial visibility of the auditing user', () => {
  it('without Manage Users, Monitor Login History or Customize Application: login, token and frozen-state checks are error, naming what is missing', () => {
    const { o } = withAuditor({});
    const e = run(o.snapshot(), scopeOf(muleSystem()));
    for (const id of ['IU-04', 'IU-09', 'IU-10']) {
      const r = check(e, id);
      expect(r.status, id).toBe('error');
      expect(r.summary).toContain('LoginHistory');
      expect(r.summary).toContain('Manage Users or Monitor Login History');
      expect(r.evidence[0]).toMatchObject({ object: 'CoverageGap', id: 'LoginHistory', errorCode: 'PARTIAL_VISIBILITY' });
    }
    expect(check(e, 'IU-14').summary).toContain('Customize Application');
    expect(check(e, 'IU-14').status).toBe('error');
    expect(check(e, 'IU-11').status).toBe('error');
    expect(check(e, 'IU-11').summary).toContain('UserLogin');
    // Classification reads logins and tokens: the inventory checks cannot pass either.
    expect(check(e, 'ORG-01').status).toBe('error');
    expect(check(e, 'ORG-04').status).toBe('fail');
    // Access checks do not read these objects and are still evaluated.
    expect(check(e, 'IU-05').status).toBe('pass');
  });

  it('Monitor Login History alone opens LoginHistory, not UserLogin', () => {
    const { o } = withAuditor({ MonitorLoginHistory: true, CustomizeApplication: true });
    const e = run(o.snapshot(), scopeOf(muleSystem()));
    expect(check(e, 'IU-04').status).toBe('pass');
    expect(check(e, 'IU-14').status).not.toBe('error');
    expect(check(e, 'IU-11').status).toBe('error');
  });

  it('with Manage Users and Customize Application nothing is partial', () => {
    const { o } = withAuditor({ ManageUsers: true, CustomizeApplication: true });
    const e = run(o.snapshot(), scopeOf(muleSystem()));
    for (const id of ['IU-04', 'IU-10', 'IU-11', 'IU-14']) expect(check(e, id).status, id).not.toBe('error');
    expect(check(e, 'ORG-04').status).toBe('pass');
  });

  it('a permission granted through a permission set counts, an expired one does not', () => {
    const h = withAuditor({});
    const ps = h.o.permSet('Auditor_Extra', { ManageUsers: true, CustomizeApplication: true });
    const auditor = h.o.snapshot().records.User.find((u) => u.Username === 'auditor@test')!.Id;
    h.o.assign(auditor, ps, { expiration: '2020-01-01T00:00:00.000+0000' });
    expect(check(run(h.o.snapshot(), scopeOf(muleSystem())), 'IU-04').status).toBe('error');
    h.o.assign(auditor, ps);
    expect(check(run(h.o.snapshot(), scopeOf(muleSystem())), 'IU-04').status).toBe('pass');
  });
});
