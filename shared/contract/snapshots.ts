/** Snapshots: list and inspect the immutable collections of an org. */
import { z } from 'zod';
import { AbsolutePath, defineCall, SnapshotId } from './define';
import { OrgAlias } from './orgs';
import { CoverageGapShape } from './collect';

export const ObjectStatShape = z.object({
  object: z.string(),
  count: z.number().int(),
  totalSize: z.number().int(),
  soql: z.string(),
  api: z.enum(['rest', 'bulk']),
  apiCalls: z.number().int(),
});

export const SnapshotSummary = z.object({
  id: z.string(),
  orgAlias: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  instanceUrl: z.string(),
  apiVersion: z.string(),
  auditingUsername: z.string(),
  appVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  apiCalls: z.number().int(),
  permissionScope: z.enum(['integration', 'full']),
  lookbackDays: z.number().int(),
  contentHash: z.string(),
  recordCount: z.number().int(),
  gapCount: z.number().int(),
  current: z.boolean(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const SnapshotMetaShape = SnapshotSummary.extend({
  objects: z.array(ObjectStatShape),
  gaps: z.array(CoverageGapShape),
});

/** Absolute path on the machine running the back end. */
/** Passphrases travel only as call input (the CLI reads env or a prompt, never an argument). */
const Passphrase = z.string().min(1).max(1024);

export const SnapshotFilePreviewShape = z.object({
  path: z.string(),
  encrypted: z.boolean(),
  formatVersion: z.number().int(),
  fileBytes: z.number().int(),
  payloadBytes: z.number().int(),
  payloadHash: z.string(),
  exportedAt: z.string(),
  exportedByAppVersion: z.string(),
  snapshot: SnapshotSummary.omit({ gapCount: true, current: true }).extend({
    objects: z.array(z.object({ object: z.string(), count: z.number().int(), api: z.string() })),
    gaps: z.array(CoverageGapShape),
  }),
  /** What importing would do: target alias, whether an offline org is created, whether it becomes current, or why it would be refused. */
  plan: z.object({ alias: z.string(), createsOrg: z.boolean(), becomesCurrent: z.boolean(), problem: z.string().nullable() }),
});
export type SnapshotFilePreview = z.infer<typeof SnapshotFilePreviewShape>;

/** Staged uploads: a browser page cannot learn a file's path, so it sends the bytes once. */
export const STAGE_MAX_BYTES = 48 * 1024 * 1024;
/** The largest request body browser mode reads: the largest upload as base64, plus room for the JSON around it. */
export const HTTP_MAX_BODY_BYTES = Math.ceil(STAGE_MAX_BYTES / 3) * 4 + 1024 * 1024;
export const STAGE_TOO_LARGE = `The file is larger than ${STAGE_MAX_BYTES / 1024 / 1024} MiB, the most the window can upload; import it with \`iua snapshot import FILE\` instead.`;

export const snapshotFileCalls = {
  'snapshots.export': defineCall({
    input: z
      .object({
        orgAlias: OrgAlias,
        /** Default: the org's current snapshot. */
        snapshotId: SnapshotId.optional(),
        outPath: AbsolutePath,
        /** Encrypts the file (scrypt + AES-256-GCM) when given. */
        passphrase: Passphrase.optional(),
      })
      .strict(),
    output: z.object({
      path: z.string(),
      bytes: z.number().int(),
      snapshotId: z.string(),
      orgAlias: z.string(),
      contentHash: z.string(),
      payloadHash: z.string(),
      recordCount: z.number().int(),
      encrypted: z.boolean(),
    }),
    summary: 'Write one snapshot to a portable .iuasnap file (never with credentials).',
  }),
  'snapshots.stage': defineCall({
    input: z
      .object({
        /** Only for messages: the staged file gets a random name. */
        fileName: z.string().min(1).max(255),
        /** Bounded loosely here so the back end can refuse an oversized file with a message that says what to do instead. */
        base64: z.string().max(STAGE_MAX_BYTES * 2),
      })
      .strict(),
    output: z.object({ path: z.string() }),
    summary: 'Write uploaded snapshot-file bytes to the data directory (incoming/) so preview and import can read them by path.',
  }),
  'snapshots.preview': defineCall({
    input: z.object({ path: AbsolutePath, passphrase: Passphrase.optional(), alias: OrgAlias.optional() }).strict(),
    output: SnapshotFilePreviewShape,
    summary: 'Validate a snapshot file completely and show what it holds and what importing it would do; writes nothing.',
  }),
  'snapshots.import': defineCall({
    input: z.object({ path: AbsolutePath, passphrase: Passphrase.optional(), alias: OrgAlias.optional() }).strict(),
    output: z.object({
      snapshotId: z.string(),
      orgAlias: z.string(),
      orgCreated: z.boolean(),
      current: z.boolean(),
      recordCount: z.number().int(),
      contentHash: z.string(),
      payloadHash: z.string(),
    }),
    summary: 'Import a snapshot file, all or nothing (creates an offline org entry when the org is unknown).',
  }),
  'snapshots.delete': defineCall({
    input: z.object({ orgAlias: OrgAlias, id: SnapshotId, force: z.boolean().default(false) }).strict(),
    output: z.object({
      snapshotId: z.string(),
      orgAlias: z.string(),
      signOffsDeleted: z.array(z.object({ system: z.string(), reviewer: z.string(), at: z.string() })),
      currentSnapshotId: z.string().nullable(),
    }),
    summary: 'Delete a snapshot; refused when a sign-off refers to it unless force (then the sign-offs are deleted too).',
  }),
};

export const snapshotCalls = {
  'snapshots.list': defineCall({
    input: z.object({ alias: OrgAlias.optional() }).strict(),
    output: z.object({ snapshots: z.array(SnapshotSummary) }),
    summary: 'Snapshots, newest first (of one org when alias is given).',
  }),
  'snapshots.get': defineCall({
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: SnapshotMetaShape,
    summary: 'One snapshot: what was collected, how, and what could not be read.',
  }),
  ...snapshotFileCalls,
};
