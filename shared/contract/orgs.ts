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
  .url()
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

export const AddOrgInput = z
  .object({
    alias: OrgAlias,
    method: AuthMethod,
    instanceUrl: HttpsOrLoopbackUrl.optional(),
    loginUrl: HttpsOrLoopbackUrl.optional(),
    apiVersion: ApiVersion.optional(),
    clientId: z.string().min(1).max(300).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    accessToken: z.string().min(1).max(2000).optional(),
    refreshToken: z.string().min(1).max(2000).optional(),
    /** PEM text of the private key for the JWT bearer flow (the CLI reads --jwt-key FILE). */
    privateKeyPem: z.string().min(1).max(20000).optional(),
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(500).optional(),
    securityToken: z.string().min(1).max(200).optional(),
    /** `sf` alias or username for method 'sf_cli'. */
    sfCliTarget: z.string().min(1).max(200).optional(),
    /** Loopback port registered as the callback of the External Client App (method 'web'). */
    redirectPort: z.number().int().min(1024).max(65535).optional(),
    /** Let an existing alias point at a different org (refused otherwise, and always while it holds the old org's snapshots). */
    replace: z.boolean().optional(),
  })
  .strict();
export type AddOrgInput = z.infer<typeof AddOrgInput>;

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
