/**
 * #16 item 5: Salesforce's own users as it ships them, and the Integration license as documented.
 */
import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe("Salesforce's own users", () => {
  it('Platform Integration User (CloudIntegrationUser), Automated Process and site guests are system; a Chatter Free person is not', () => {
    const { o, stdProfile } = healthyOrg();
    o.user('platform@00d.example', stdProfile.profileId, { userType: 'CloudIntegrationUser' });
    o.user('autoproc@00d.example', stdProfile.profileId, { userType: 'AutomatedProcess' });
    o.user('guest@site.example', stdProfile.profileId, { userType: 'Guest' });
    const chatter = o.user('chatter@acme.test', stdProfile.profileId, { userType: 'CsnOnly' });
    o.login(chatter, 'Remote Access 2.0', 2, { app: 'Sync Tool', subType: 'OauthRefreshToken' });
    const users = run(o.snapshot(), null).users;
    const cls = (u: string) => users.find((x) => x.username === u)!.classification;
    expect([cls('platform@00d.example'), cls('autoproc@00d.example'), cls('guest@site.example')]).toEqual(['system', 'system', 'system']);
    // A Chatter Free account used by an integration must stay visible to ORG-01/ORG-02.
    expect(cls('chatter@acme.test')).toBe('human-as-integration');
  });

  it('the CRM Analytics integration user (Standard, on the Analytics Cloud Integration User license) is system, by license not by name', () => {
    const { o } = healthyOrg();
    const lic = o.license('Analytics Cloud Integration User');
    const p = o.profile('Analytics Cloud Integration User', lic, { ApiEnabled: true, ViewAllData: true });
    o.user('insightsintegration@00d.example', p.profileId, { userType: 'Standard' });
    const u = run(o.snapshot(), null).users.find((x) => x.username === 'insightsintegration@00d.example')!;
    expect(u.classification).toBe('system');
    expect(u.reasons[0].text).toContain('Analytics Cloud Integration User');
  });
});

describe('IU-02 explains the Integration license', () => {
  it('names what a full license lacks: the profile and the permission set license', () => {
    const { o, stdProfile } = healthyOrg();
    o.user('erp@acme.test', stdProfile.profileId);
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ name: 'ERP', users: ['erp@acme.test'] }))), 'IU-02');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Minimum Access - API Only Integrations');
    expect(r.summary).toContain('Salesforce API Integration');
  });
  it('on the Integration license, says whether the Salesforce API Integration permission set license is assigned', () => {
    const { o, mule } = healthyOrg();
    const bare = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-02');
    expect(bare.status).toBe('pass');
    const psl = o.add('PermissionSetLicense', { DeveloperName: 'SalesforceAPIIntegrationPsl', MasterLabel: 'Salesforce API Integration' }, '0PL');
    const other = o.add('PermissionSetLicenseAssign', { AssigneeId: 'someone-else', PermissionSetLicenseId: psl }, '2LA');
    const without = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-02');
    expect(without.status).toBe('pass');
    expect(without.summary).toContain('permission set license is not assigned');
    const held = o.add('PermissionSetLicenseAssign', { AssigneeId: mule, PermissionSetLicenseId: psl }, '2LA');
    const withPsl = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-02');
    expect(withPsl.summary).toBe('license Salesforce Integration with the Salesforce API Integration permission set license');
    expect(withPsl.evidence.map((e) => e.id)).toContain(held);
    expect(withPsl.evidence.map((e) => e.id)).not.toContain(other);
  });
});
