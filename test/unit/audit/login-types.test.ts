/**
 * #16 item 1: logins as Salesforce records them — every OAuth flow is 'Remote Access 2.0' with
 * the grant in LoginSubType; SOAP login() is 'Other Apex API' or 'Partner Product'.
 */
import { describe, expect, it } from 'vitest';
import { API_LOGIN_TYPES, INTERACTIVE_LOGIN_TYPES, LOGIN_TYPE, isApiLogin, isInteractiveLogin, isPasswordLogin, normalizeSubtype } from '../../../shared/salesforce-logins';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('the login lists', () => {
  it('hold only documented LoginType labels, and never the old invented ones', () => {
    const documented = new Set<string>(Object.values(LOGIN_TYPE));
    for (const t of [...API_LOGIN_TYPES, ...INTERACTIVE_LOGIN_TYPES]) expect(documented.has(t), t).toBe(true);
    expect(documented.has('JWT Bearer')).toBe(false);
    expect(documented.has('OAuth Client Credentials')).toBe(false);
    expect(new Set(API_LOGIN_TYPES).size + new Set(INTERACTIVE_LOGIN_TYPES).size).toBe(new Set([...API_LOGIN_TYPES, ...INTERACTIVE_LOGIN_TYPES]).size);
  });
  it('compare subtypes whether SOQL returns the API name or the label', () => {
    expect(normalizeSubtype('OAuth Username-Password')).toBe(normalizeSubtype('OauthUsernamePassword'));
    expect(isPasswordLogin({ LoginType: 'Remote Access 2.0', LoginSubType: 'OAuth Username-Password' })).toBe(true);
    expect(isPasswordLogin({ LoginType: 'Remote Access 2.0', LoginSubType: 'OauthRefreshToken' })).toBe(false);
    expect(isPasswordLogin({ LoginType: 'Remote Access 2.0', LoginSubType: null })).toBe(false);
  });
  it('treat a browser-consent OAuth flow as interactive and a machine flow as API only', () => {
    expect(isInteractiveLogin({ LoginType: 'Remote Access 2.0', LoginSubType: 'OauthWebServer' })).toBe(true);
    expect(isInteractiveLogin({ LoginType: 'Remote Access 2.0', LoginSubType: 'OauthClientCredentials' })).toBe(false);
    expect(isApiLogin({ LoginType: 'Remote Access 2.0', LoginSubType: 'OauthWebServer' })).toBe(true);
    expect(isInteractiveLogin({ LoginType: 'SAML Some Future SSO' })).toBe(true);
    expect(isApiLogin({ LoginType: 'JWT Bearer' })).toBe(false);
  });
});

describe('IU-10 sees every way a password is sent', () => {
  for (const [type, subType] of [
    ['Remote Access 2.0', 'OauthUsernamePassword'],
    ['Other Apex API', null],
    ['Partner Product', null],
  ] as const) {
    it(`fails on ${type}${subType ? ` / ${subType}` : ''} when another flow is declared`, () => {
      const { o, mule } = healthyOrg();
      const l = o.login(mule, type, 4, { subType });
      const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-10');
      expect(r.status).toBe('fail');
      expect(r.summary).toContain(subType ? `${type} / ${subType}` : type);
      expect(r.evidence.find((x) => x.id === l)).toMatchObject({ LoginType: type, LoginSubType: subType });
    });
  }
  it('passes refresh-token and client-credentials OAuth logins', () => {
    const { o, mule } = healthyOrg();
    o.login(mule, 'Remote Access 2.0', 4, { subType: 'OauthRefreshToken' });
    o.login(mule, 'Remote Access 2.0', 5, { subType: 'OauthClientCredentials' });
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-10').status).toBe('pass');
  });
});

describe('IU-04 covers every browser and SSO login type', () => {
  const browserTypes = [
    'Application',
    'SAML Sfdc Initiated SSO',
    'Third Party SSO',
    'Lightning Login',
    'Passwordless Login',
    'Certificate-based login',
    'Employee Login to Community',
    'Partner Portal',
    'Customer Service Portal',
    'Chatter Communities External User',
  ];
  for (const type of browserTypes) {
    it(`fails on ${type}`, () => {
      const { o, mule } = healthyOrg();
      const l = o.login(mule, type, 6);
      const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-04');
      expect(r.status).toBe('fail');
      expect(r.evidence.map((x) => x.id)).toEqual([l]);
    });
  }
  it('fails when the account consented to an app in a browser (OAuth web-server flow)', () => {
    const { o, mule } = healthyOrg();
    o.login(mule, 'Remote Access 2.0', 6, { subType: 'OauthWebServer' });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-04');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Remote Access 2.0 / OauthWebServer');
  });
});
