/**
 * Orgs: register, list, test and remove the Salesforce orgs an auditor audits. Secrets in
 * `orgs.add` input go straight to the SecretStore; no output of any call carries a secret.
 */
import { z } from 'zod';
import { defineCall } from './define';

export const AUTH_METHODS = ['access_token', 'web', 'jwt', 'client_credentials', 'password', 'sf_cli'] as const;
export const AuthMethod = z.enum(AUTH_METHODS);
export type AuthMethod = z.infer<typeof AuthMethod>;

export const OrgStatus = z.enum(['ok', 'reauth_needed', 'offline']);
export type OrgStatus = z.infer<typeof OrgStatus>;

/** Aliases become keys in secret stores and file names in exports: keep them plain. */
export const OrgAlias = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.');

export const ApiVersion = z.string().regex(/^\d{2,3}\.0$/, 'An API version looks like 62.0.');

const HttpsOrLoopbackUrl = z
  .string()
  .url({ message: 'Use a full URL, such as https://yourcompany.my.salesforce.com.', abort: true })
  .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), 'Use an https:// URL (http:// only for 127.0.0.1).');

export const OrgSummary = z.object({
  alias: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  instanceUrl: z.string().nullable(),
  loginUrl: z.string().nullable(),
  apiVersion: z.string(),
  authMethod: AuthMethod,
  username: z.string().nullable(),
  clientId: z.string().nullable(),
  redirectPort: z.number().int().nullable(),
  status: OrgStatus,
  statusMessage: z.string().nullable(),
  currentSnapshotId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrgSummary = z.infer<typeof OrgSummary>;

export const SecretStoreInfo = z.object({
  kind: z.string(),
  persistent: z.boolean(),
  /** Set when secrets will not survive this process, saying how to make them persist. */
  message: z.string().nullable(),
});
export type SecretStoreInfo = z.infer<typeof SecretStoreInfo>;

/**
 * A field a method cannot work without: missing or blank is refused with `sentence`, which
 * reaches the user as is (the form shows it beside the field, the CLI prints it).
 */
function needed<T extends z.ZodString | typeof HttpsOrLoopbackUrl>(schema: T, sentence: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? sentence : undefined) })
    .min(1, sentence)
    .pipe(schema);
}

const LoginUrl = HttpsOrLoopbackUrl.optional();
const ClientId = z.string().min(1).max(300);
const ClientSecret = z.string().min(1).max(500);
const Token = z.string().min(1).max(2000);
const Username = z.string().min(1).max(200);
const Password = z.string().min(1).max(500);
const PrivateKeyPem = z.string().min(1).max(20000);

/**
 * One method's input: the fields every method shares plus the method's own (required ones
 * first, in the order a form asks for them). A field another method uses is refused, in words.
 */
function method<M extends AuthMethod, S extends z.ZodRawShape>(name: M, words: string, shape: S) {
  return z.strictObject(
    {
      alias: OrgAlias,
      method: z.literal(name),
      ...shape,
      apiVersion: ApiVersion.optional(),
      /** Let an existing alias point at a different org (refused otherwise, and always while it holds the old org's snapshots). */
      replace: z.boolean().optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `${words} does not use ${issue.keys.join(', ')}: leave ${issue.keys.length > 1 ? 'them' : 'it'} out.` : undefined) },
  );
}

/**
 * What `orgs.add` takes, per auth method: each method's required fields are required here, so
 * the back end and the Add org form check the same rule (the form asks `addOrgFields`).
 */
export const AddOrgInput = z.discriminatedUnion(
  'method',
  [
    method('access_token', 'The access token method', {
      instanceUrl: needed(HttpsOrLoopbackUrl, 'The access token method needs the instance URL the token belongs to (https://yourcompany.my.salesforce.com).'),
      accessToken: needed(Token, 'The access token method needs an access token, e.g. from `sf org auth show-access-token`.'),
      /** Renews the session when it expires (with clientId, and clientSecret when the app has one). */
      refreshToken: Token.optional(),
      clientId: ClientId.optional(),
      clientSecret: ClientSecret.optional(),
      loginUrl: LoginUrl,
    }),
    method('web', 'Browser sign-in', {
      clientId: needed(ClientId, 'Browser sign-in needs the consumer key (client ID) of the External Client App.'),
      loginUrl: LoginUrl,
      clientSecret: ClientSecret.optional(),
      /** Loopback port registered as the callback of the External Client App. */
      redirectPort: z.number().int().min(1024).max(65535).optional(),
    }),
    method('jwt', 'The JWT bearer method', {
      clientId: needed(ClientId, 'The JWT bearer method needs the consumer key (client ID) of the External Client App.'),
      username: needed(Username, 'The JWT bearer method needs the username of the auditing user.'),
      /** PEM text of the private key (the CLI reads --jwt-key FILE). */
      privateKeyPem: needed(PrivateKeyPem, 'The JWT bearer method needs the private key (PEM) matching the certificate on the External Client App.'),
      loginUrl: LoginUrl,
    }),
    method('client_credentials', 'The client credentials method', {
      clientId: needed(ClientId, 'The client credentials method needs the consumer key (client ID) of the External Client App.'),
      clientSecret: needed(ClientSecret, 'The client credentials method needs the consumer secret of the External Client App.'),
      /** The org's My Domain URL (Salesforce serves this flow on My Domain, not login.salesforce.com). */
      loginUrl: LoginUrl,
    }),
    method('password', 'The username-password method', {
      username: needed(Username, 'The username-password method needs the username.'),
      password: needed(Password, 'The username-password method needs the password.'),
      clientId: needed(ClientId, 'The username-password method needs the consumer key (client ID) of the connected app.'),
      clientSecret: needed(ClientSecret, 'The username-password method needs the consumer secret of the connected app.'),
      securityToken: z.string().min(1).max(200).optional(),
      loginUrl: LoginUrl,
    }),
    method('sf_cli', 'The Salesforce CLI method', {
      /** `sf` alias or username, as `sf org list` shows it. */
      sfCliTarget: needed(z.string().min(1).max(200), 'The Salesforce CLI method needs the alias or username of an org from `sf org list`.'),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `Choose how to connect: one of ${AUTH_METHODS.join(', ')}.` : undefined) },
);
export type AddOrgInput = z.infer<typeof AddOrgInput>;

/** Every auth method has exactly one schema (a compile error names the one missing or extra). */
const everyMethodHasASchema: [AuthMethod, AddOrgInput['method']] extends [AddOrgInput['method'], AuthMethod] ? true : never = true;
void everyMethodHasASchema;

/** A field of one method's input a form asks for (not alias, method, apiVersion or replace, which every method shares). */
export type AddOrgFieldKey = Exclude<
  { [M in AddOrgInput['method']]: keyof Extract<AddOrgInput, { method: M }> }[AddOrgInput['method']],
  'alias' | 'method' | 'apiVersion' | 'replace'
>;
const SHARED_FIELDS: readonly string[] = ['alias', 'method', 'apiVersion', 'replace'];

/** The fields `method` takes, in the schema's order, and whether each is required: what the Add org form shows. */
export function addOrgFields(method: AuthMethod): { key: AddOrgFieldKey; required: boolean }[] {
  const option = AddOrgInput.options.find((o) => o.shape.method.value === method);
  if (!option) return [];
  return Object.entries(option.shape as Record<string, z.ZodType>)
    .filter(([key]) => !SHARED_FIELDS.includes(key))
    .map(([key, schema]) => ({ key: key as AddOrgFieldKey, required: !schema.safeParse(undefined).success }));
}

export const ObjectAccess = z.object({
  object: z.string(),
  readable: z.boolean(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
});

export const orgCalls = {
  'orgs.list': defineCall({
    input: z.object({}).strict(),
    output: z.object({ orgs: z.array(OrgSummary) }),
    summary: 'The registered orgs, without secrets.',
  }),
  'orgs.add': defineCall({
    input: AddOrgInput,
    output: z.object({
      org: OrgSummary,
      updated: z.boolean(),
      secretStore: SecretStoreInfo,
      /** What the user should know about this connection, e.g. that it cannot be renewed without them. */
      notice: z.string().nullable().optional(),
    }),
    summary: 'Connect an org (or update an existing alias) with one of the auth methods.',
  }),
  'orgs.remove': defineCall({
    input: z.object({ alias: OrgAlias }).strict(),
    output: z.object({ removed: z.boolean(), snapshotsKept: z.number().int() }),
    summary: 'Forget an org and its credentials; its snapshots stay as evidence.',
  }),
  'orgs.sfCliOrgs': defineCall({
    input: z.object({}).strict(),
    output: z.object({
      /** False when `sf` is not installed or not on PATH. */
      installed: z.boolean(),
      orgs: z.array(z.object({ alias: z.string().nullable(), username: z.string(), instanceUrl: z.string().nullable(), connected: z.boolean() })),
      /** Why the list is empty or missing, in words. */
      message: z.string().nullable(),
    }),
    summary: 'The orgs the Salesforce CLI on this machine is signed in to (`sf org list`), without secrets, to pick one to import.',
  }),
  'orgs.test': defineCall({
    input: z.object({ alias: OrgAlias }).strict(),
    output: z.object({
      alias: z.string(),
      orgId: z.string(),
      orgName: z.string(),
      username: z.string(),
      apiVersion: z.string(),
      apiUsage: z.object({ used: z.number(), limit: z.number() }).nullable(),
      objects: z.array(ObjectAccess),
      /** Objects where Salesforce would return only the auditing user's own rows (no error). */
      visibility: z.array(z.object({ object: z.string(), permissions: z.array(z.string()), visible: z.boolean(), message: z.string().nullable() })),
    }),
    summary: 'Check connectivity, which of the needed objects the auditing user can read, and where it would see only its own rows.',
  }),
};
