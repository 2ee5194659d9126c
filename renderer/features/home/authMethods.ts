/**
 * What "Add org" asks for, per auth method the back end supports (AUTH_METHODS in
 * shared/contract/orgs.ts), in plain words. Pure: the dialog renders it, tests check it.
 */
import type { AddOrgInput, AuthMethod, OrgSummary } from '../../../shared/contract';

export type FieldKey =
  | 'instanceUrl'
  | 'loginUrl'
  | 'clientId'
  | 'clientSecret'
  | 'accessToken'
  | 'privateKeyPem'
  | 'username'
  | 'password'
  | 'securityToken'
  | 'sfCliTarget'
  | 'redirectPort'
  | 'apiVersion';

export interface FieldSpec {
  key: FieldKey;
  label: string;
  required: boolean;
  secret?: boolean;
  multiline?: boolean;
  placeholder?: string;
  help?: string;
}

export interface MethodSpec {
  method: AuthMethod;
  label: string;
  guidance: string;
  fields: FieldSpec[];
}

const LOGIN_URL: FieldSpec = {
  key: 'loginUrl',
  label: 'Login URL',
  required: false,
  placeholder: 'https://login.salesforce.com',
  help: 'Your My Domain URL, or https://test.salesforce.com for a sandbox.',
};
const INSTANCE_URL: FieldSpec = { key: 'instanceUrl', label: 'Instance URL', required: true, placeholder: 'https://yourcompany.my.salesforce.com' };
const CLIENT_ID: FieldSpec = {
  key: 'clientId',
  label: 'Consumer key (client ID)',
  required: true,
  help: 'From the External Client App (or connected app) you created for the auditor.',
};

export const METHODS: MethodSpec[] = [
  {
    method: 'web',
    label: 'Sign in with the browser (OAuth web flow)',
    guidance:
      'Recommended for people. The app opens Salesforce’s login page; you sign in there, so the app never sees your password. The External Client App must list http://localhost:PORT/callback as its callback URL.',
    fields: [
      LOGIN_URL,
      CLIENT_ID,
      { key: 'clientSecret', label: 'Consumer secret', required: false, secret: true, help: 'Only if the app requires a secret for the web flow.' },
      { key: 'redirectPort', label: 'Callback port', required: false, placeholder: '1717', help: 'The port in the callback URL registered on the External Client App.' },
    ],
  },
  {
    method: 'jwt',
    label: 'JWT bearer (certificate)',
    guidance:
      'For scheduled, unattended audits. Upload the certificate to the External Client App, pre-authorise the auditing user, and paste the matching private key (PEM) here.',
    fields: [
      LOGIN_URL,
      CLIENT_ID,
      { key: 'username', label: 'Username of the auditing user', required: true, placeholder: 'auditor@yourcompany.com' },
      {
        key: 'privateKeyPem',
        label: 'Private key (PEM)',
        required: true,
        secret: true,
        multiline: true,
        placeholder: '-----BEGIN PRIVATE KEY-----',
        help: 'Paste the key or load the .key/.pem file. It goes to the secret store, never the database.',
      },
    ],
  },
  {
    method: 'client_credentials',
    label: 'Client credentials',
    guidance: 'The External Client App runs as a chosen “Run As” user. Use the org’s My Domain URL as the instance URL.',
    fields: [INSTANCE_URL, CLIENT_ID, { key: 'clientSecret', label: 'Consumer secret', required: true, secret: true }],
  },
  {
    method: 'access_token',
    label: 'Access token (session ID)',
    guidance: 'Paste an access token you already have, e.g. from `sf org auth show-access-token`. It expires, usually within hours: fine for a one-off collection.',
    fields: [INSTANCE_URL, { key: 'accessToken', label: 'Access token', required: true, secret: true }],
  },
  {
    method: 'sf_cli',
    label: 'Salesforce CLI (sf)',
    guidance:
      'Reuse an org you already signed in to with the Salesforce CLI on this machine: pick it from the list, or give its alias or username as `sf org list` shows it. The app keeps the CLI’s refresh token in its secret store, so collections keep working after the session expires.',
    fields: [{ key: 'sfCliTarget', label: 'sf alias or username', required: true, placeholder: 'my-prod-org' }],
  },
  {
    method: 'password',
    label: 'Username and password (legacy)',
    guidance: 'Not recommended: Salesforce is retiring SOAP password login, and the password is a long-lived secret. Use it only where nothing else is allowed.',
    fields: [
      LOGIN_URL,
      { key: 'username', label: 'Username', required: true },
      { key: 'password', label: 'Password', required: true, secret: true },
      { key: 'securityToken', label: 'Security token', required: false, secret: true, help: 'Needed unless your IP is in the org’s trusted ranges.' },
      { ...CLIENT_ID, required: false },
      { key: 'clientSecret', label: 'Consumer secret', required: false, secret: true },
    ],
  },
];

export const API_VERSION_FIELD: FieldSpec = { key: 'apiVersion', label: 'API version', required: false, placeholder: '62.0', help: 'Leave blank for the app’s default.' };

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
