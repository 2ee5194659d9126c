/**
 * What "Add org" asks for, per auth method the back end supports, in plain words. Which fields
 * a method takes and which it requires come from the contract's AddOrgInput (`addOrgFields`);
 * this file only words them. Pure: the dialog renders it, tests check it.
 */
import { addOrgFields, type AddOrgFieldKey, type AddOrgInput, type AuthMethod, type OrgSummary } from '../../../shared/contract';

export type FieldKey = AddOrgFieldKey | 'apiVersion';

/** How a field is shown: its words and kind (whether it is required is the contract's to say). */
export interface FieldText {
  label: string;
  secret?: boolean;
  multiline?: boolean;
  placeholder?: string;
  help?: string;
}

export interface FieldSpec extends FieldText {
  key: FieldKey;
  required: boolean;
}

export interface MethodSpec {
  method: AuthMethod;
  label: string;
  guidance: string;
  fields: FieldSpec[];
}

const FIELD_TEXT: Record<FieldKey, FieldText> = {
  loginUrl: { label: 'Login URL', placeholder: 'https://login.salesforce.com', help: 'Your My Domain URL, or https://test.salesforce.com for a sandbox.' },
  instanceUrl: { label: 'Instance URL', placeholder: 'https://yourcompany.my.salesforce.com' },
  clientId: { label: 'Consumer key (client ID)', help: 'From the External Client App (or connected app) you created for the auditor.' },
  clientSecret: { label: 'Consumer secret', secret: true },
  accessToken: { label: 'Access token', secret: true },
  refreshToken: { label: 'Refresh token', secret: true, help: 'Lets the app renew the session when the access token expires (needs the consumer key).' },
  privateKeyPem: {
    label: 'Private key (PEM)',
    secret: true,
    multiline: true,
    placeholder: '-----BEGIN PRIVATE KEY-----',
    help: 'Paste the key or load the .key/.pem file. It goes to the secret store, never the database.',
  },
  username: { label: 'Username' },
  password: { label: 'Password', secret: true },
  securityToken: { label: 'Security token', secret: true, help: 'Needed unless your IP is in the org’s trusted ranges.' },
  sfCliTarget: { label: 'sf alias or username', placeholder: 'my-prod-org' },
  redirectPort: { label: 'Callback port', placeholder: '1717', help: 'The port in the callback URL registered on the External Client App.' },
  apiVersion: { label: 'API version', placeholder: '62.0', help: 'Leave blank for the app’s default.' },
};

/** The method's label, guidance, and where a field reads differently for it. */
const METHOD_TEXT: Record<AuthMethod, { label: string; guidance: string; fields?: Partial<Record<FieldKey, Partial<FieldText>>> }> = {
  web: {
    label: 'Sign in with the browser (OAuth web flow)',
    guidance:
      'Recommended for people. The app opens Salesforce’s login page; you sign in there, so the app never sees your password. The External Client App must list http://localhost:PORT/callback as its callback URL.',
    fields: { clientSecret: { help: 'Only if the app requires a secret for the web flow.' } },
  },
  jwt: {
    label: 'JWT bearer (certificate)',
    guidance:
      'For scheduled, unattended audits. Upload the certificate to the External Client App, pre-authorise the auditing user, and paste the matching private key (PEM) here.',
    fields: { username: { label: 'Username of the auditing user', placeholder: 'auditor@yourcompany.com' } },
  },
  client_credentials: {
    label: 'Client credentials',
    guidance: 'The External Client App runs as a chosen “Run As” user. Salesforce serves this flow on the org’s My Domain: give it as the login URL.',
    fields: { loginUrl: { label: 'Login URL (My Domain)', placeholder: 'https://yourcompany.my.salesforce.com', help: 'The org’s My Domain URL.' } },
  },
  access_token: {
    label: 'Access token (session ID)',
    guidance: 'Paste an access token you already have, e.g. from `sf org auth show-access-token`. It expires, usually within hours: fine for a one-off collection.',
    fields: { loginUrl: { help: 'Only used to renew the session with a refresh token.' }, clientSecret: { help: 'Only with a refresh token, if the app has a secret.' } },
  },
  sf_cli: {
    label: 'Salesforce CLI (sf)',
    guidance:
      'Reuse an org you already signed in to with the Salesforce CLI on this machine: pick it from the list, or give its alias or username as `sf org list` shows it. The app keeps the CLI’s refresh token in its secret store, so collections keep working after the session expires.',
  },
  password: {
    label: 'Username and password (legacy)',
    guidance:
      'Not recommended: Salesforce is retiring the username-password flow, and the password is a long-lived secret. Use it only where nothing else is allowed; it needs a connected app’s consumer key and secret.',
    fields: { clientId: { help: 'From the connected app that allows the username-password flow.' } },
  },
};

function fieldSpec(method: AuthMethod, key: FieldKey, required: boolean): FieldSpec {
  return { key, required, ...FIELD_TEXT[key], ...METHOD_TEXT[method].fields?.[key] };
}

/** One entry per auth method (in METHOD_TEXT's order, the most recommended first), its fields exactly those the contract takes for it, in the contract's order. */
export const METHODS: MethodSpec[] = (Object.keys(METHOD_TEXT) as AuthMethod[]).map((method) => ({
  method,
  label: METHOD_TEXT[method].label,
  guidance: METHOD_TEXT[method].guidance,
  fields: addOrgFields(method).map((f) => fieldSpec(method, f.key, f.required)),
}));

export const API_VERSION_FIELD: FieldSpec = { key: 'apiVersion', required: false, ...FIELD_TEXT.apiVersion };

export type AddOrgForm = { alias: string; method: AuthMethod } & Partial<Record<FieldKey, string>>;

export function methodSpec(method: AuthMethod): MethodSpec {
  return METHODS.find((m) => m.method === method) ?? METHODS[0];
}

/**
 * The call input for the chosen method: only that method's fields, blanks left out (so an
 * optional field stays optional), the port as a number. Values typed for another method are
 * kept in the form (nothing lost when switching) but not sent.
 */
export function toAddOrgInput(form: AddOrgForm): AddOrgInput {
  const spec = methodSpec(form.method);
  const out: Record<string, unknown> = { alias: form.alias.trim(), method: form.method };
  for (const f of [...spec.fields, API_VERSION_FIELD]) {
    const raw = form[f.key];
    if (raw === undefined) continue;
    const v = f.secret || f.multiline ? raw : raw.trim();
    if (v === '') continue;
    out[f.key] = f.key === 'redirectPort' ? (/^\d+$/.test(v) ? Number(v) : v) : v;
  }
  return out as AddOrgInput;
}

/** What "Reconnect" prefills from a registered org (never a secret: the contract has none). */
export function reconnectForm(org: OrgSummary): Partial<AddOrgForm> {
  return {
    alias: org.alias,
    method: org.authMethod,
    instanceUrl: org.instanceUrl ?? '',
    loginUrl: org.loginUrl ?? '',
    username: org.username ?? '',
    clientId: org.clientId ?? '',
    ...(org.redirectPort ? { redirectPort: String(org.redirectPort) } : {}),
  };
}
