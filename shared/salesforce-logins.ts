/**
 * How Salesforce records a login, and what each kind of login means for an audit. The one
 * place these values live: the classifier, IU-04, IU-10, the dashboard and the collector's
 * integration scope all read them from here.
 *
 * Source: Object Reference, LoginHistory (Summer '26, v67.0)
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_loginhistory.htm
 * - `LoginType` is a restricted picklist; SOQL returns the labels listed below (public code
 *   compares `LoginType === 'Other Apex API'`, queries filter on `'Remote Access 2.0'`).
 * - Every OAuth 2.0 flow is recorded as `Remote Access 2.0`; the grant is in `LoginSubType`
 *   ("type of login flow", restricted picklist). `JWT Bearer` and `OAuth Client Credentials`
 *   are not LoginType values.
 * - LoginSubType is not filterable in SOQL (the Usage section lists the filterable fields), so
 *   it is read from every row and judged here, never in a WHERE clause.
 * The split into browser/API below is our reading of the labels, not a Salesforce statement
 * (docs/checks.md, "Login types"): where a value is not listed, it counts as neither, and a
 * check that needs to know reports it by name.
 */

/** LoginHistory.LoginType values (labels, as SOQL returns them). */
export const LOGIN_TYPE = {
  appExchange: 'AppExchange',
  application: 'Application',
  certificate: 'Certificate-based login',
  chatterCommunityExternal: 'Chatter Communities External User',
  chatterCommunityThirdPartySso: 'Chatter Communities External User Third Party SSO',
  crossTenant: 'Cross Tenant Login',
  employeeLoginToCommunity: 'Employee Login to Community',
  helpAndTraining: 'Help And Training',
  offlineClient: 'Offline Client',
  lightningLogin: 'Lightning Login',
  networksPortalApiOnly: 'Networks Portal API Only',
  oauth1: 'Remote Access Client',
  oauth2: 'Remote Access 2.0',
  otherApexApi: 'Other Apex API',
  partnerProduct: 'Partner Product',
  passwordless: 'Passwordless Login',
  passwordlessPasskey: 'Passwordless Login via Passkeys',
  customerPortal: 'Customer Service Portal',
  customerPortalThirdPartySso: 'Customer Service Portal Third-Party SSO',
  partnerPortalThirdPartySso: 'Partner Portal Third-Party SSO',
  partnerPortal: 'Partner Portal',
  samlIdpInitiated: 'SAML Idp Initiated SSO',
  samlChatterNetworks: 'SAML Chatter Communities External User SSO',
  samlCustomerPortal: 'SAML Customer Service Portal SSO',
  samlPartnerPortal: 'SAML Partner Portal SSO',
  samlSite: 'SAML Site SSO',
  samlSfdcInitiated: 'SAML Sfdc Initiated SSO',
  selfService: 'SelfService',
  thirdPartySso: 'Third Party SSO',
} as const;

/** LoginHistory.LoginSubType values (API names; the "(internal)" ones are marked so in the docs). */
export const LOGIN_SUBTYPE = {
  internalSalesforceAuthentication: 'InternalSalesforceAuthentication',
  oauthClientCredentials: 'OauthClientCredentials',
  oauthHybridRefreshToken: 'OauthHybridRefreshToken',
  oauthHybridTokenExchange: 'OauthHybridTokenExchange',
  oauthHybridUserAgent: 'OauthHybridUserAgent',
  oauthHybridWebServer: 'OauthHybridWebServer',
  oauthOtpLogin: 'OauthOtpLogin',
  oauthRefreshToken: 'OauthRefreshToken',
  oauthTokenExchange: 'OauthTokenExchange',
  oauthUserAgent: 'OauthUserAgent',
  oauthUserAgentIdToken: 'OauthUserAgentIdToken',
  oauthUsernamePassword: 'OauthUsernamePassword',
  oauthWebServer: 'OauthWebServer',
  soapApiLogin: 'SoapApiLogin',
  soapApiLoginMobile: 'SoapApiLoginMobile',
  soapApiLoginNetworksPortal: 'SoapApiLoginNetworksPortal',
  soapApiLoginPortal: 'SoapApiLoginPortal',
  soapApiLoginSelfService: 'SoapApiLoginSelfService',
  uiPasswordReset: 'UiPasswordReset',
  usernamePasswordUiLogin: 'UsernamePasswordUiLogin',
} as const;

const T = LOGIN_TYPE;
const S = LOGIN_SUBTYPE;

/** Login types where a person signs in through a browser or SSO (IU-04, classification). */
export const INTERACTIVE_LOGIN_TYPES: readonly string[] = [
  T.application,
  T.certificate,
  T.chatterCommunityExternal,
  T.chatterCommunityThirdPartySso,
  T.employeeLoginToCommunity,
  T.lightningLogin,
  T.passwordless,
  T.passwordlessPasskey,
  T.customerPortal,
  T.customerPortalThirdPartySso,
  T.partnerPortal,
  T.partnerPortalThirdPartySso,
  T.samlIdpInitiated,
  T.samlChatterNetworks,
  T.samlCustomerPortal,
  T.samlPartnerPortal,
  T.samlSite,
  T.samlSfdcInitiated,
  T.selfService,
  T.thirdPartySso,
  T.helpAndTraining,
  T.appExchange,
  T.offlineClient,
];

/** Login types where an external system calls the API (classification, integration scope). */
export const API_LOGIN_TYPES: readonly string[] = [T.oauth2, T.oauth1, T.otherApexApi, T.partnerProduct, T.networksPortalApiOnly];

/**
 * Remote Access 2.0 subtypes whose flow puts a person in front of a browser consent page: the
 * account was used interactively when it authorised the app (IU-04).
 */
export const BROWSER_OAUTH_SUBTYPES: readonly string[] = [S.oauthWebServer, S.oauthUserAgent, S.oauthUserAgentIdToken, S.oauthHybridWebServer, S.oauthHybridUserAgent];

/** Login types where the client sends the user's password (SOAP `login()`): IU-10. */
export const PASSWORD_API_LOGIN_TYPES: readonly string[] = [T.otherApexApi, T.partnerProduct];
/** Remote Access 2.0 subtypes where the client sends the user's password (OAuth username-password flow): IU-10. */
export const PASSWORD_OAUTH_SUBTYPES: readonly string[] = [S.oauthUsernamePassword];

/**
 * Subtypes compared without case, spaces or hyphens: whether SOQL returns the API name
 * (`OauthUsernamePassword`) or the label (`OAuth Username-Password`) is unverified.
 */
export function normalizeSubtype(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\s_-]+/g, '').toLowerCase() : '';
}

const INTERACTIVE = new Set(INTERACTIVE_LOGIN_TYPES);
const API = new Set(API_LOGIN_TYPES);
const BROWSER_OAUTH = new Set(BROWSER_OAUTH_SUBTYPES.map(normalizeSubtype));
const PASSWORD_TYPES = new Set(PASSWORD_API_LOGIN_TYPES);
const PASSWORD_OAUTH = new Set(PASSWORD_OAUTH_SUBTYPES.map(normalizeSubtype));

/** A LoginHistory row or an evidence row of one: only LoginType and LoginSubType are read. */
export type LoginLike = Readonly<Record<string, unknown>>;

/** A person signed in through a browser or SSO, or consented to an OAuth app in a browser. */
export function isInteractiveLogin(login: LoginLike): boolean {
  const type = login.LoginType;
  if (typeof type !== 'string') return false;
  if (INTERACTIVE.has(type)) return true;
  // Unknown SAML variants (a newer release) are still single sign-on in a browser.
  if (type.startsWith('SAML ')) return true;
  return type === T.oauth2 && BROWSER_OAUTH.has(normalizeSubtype(login.LoginSubType));
}

/** An external client called the API (any OAuth flow, SOAP login, partner product). */
export function isApiLogin(login: LoginLike): boolean {
  return typeof login.LoginType === 'string' && API.has(login.LoginType);
}

/** The client sent the user's password: SOAP `login()` or the OAuth username-password flow. */
export function isPasswordLogin(login: LoginLike): boolean {
  const type = login.LoginType;
  if (typeof type !== 'string') return false;
  if (PASSWORD_TYPES.has(type)) return true;
  return type === T.oauth2 && PASSWORD_OAUTH.has(normalizeSubtype(login.LoginSubType));
}

/** "Remote Access 2.0 / OauthUsernamePassword", or the type alone when no subtype is recorded. */
export function loginKind(login: LoginLike): string {
  const type = typeof login.LoginType === 'string' ? login.LoginType : 'unknown type';
  return typeof login.LoginSubType === 'string' && login.LoginSubType ? `${type} / ${login.LoginSubType}` : type;
}
