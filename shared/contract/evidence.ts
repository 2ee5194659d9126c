/** Calls for evidence packs: write one, verify one later. */
import { z } from 'zod';
import { AbsolutePath, defineCall, PersonName, SnapshotId } from './define';
import { OrgAlias } from './orgs';

export const EvidenceFormat = z.enum(['xlsx', 'json', 'csv']);

export const evidenceCalls = {
  'evidence.export': defineCall({
    input: z.strictObject({
      orgAlias: OrgAlias,
      snapshotId: SnapshotId.optional(),
      since: SnapshotId.optional(),
      systems: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
      format: EvidenceFormat.default('xlsx'),
      /** Absolute path; default: the data directory's exports folder. */
      outPath: AbsolutePath.optional(),
      /** Who exports (activity log); default: the reviewer set in settings. */
      actor: PersonName.optional(),
    }),
    output: z.object({ path: z.string(), digest: z.string(), rows: z.number() }),
    summary: 'Write the evidence pack and return its path and digest.',
  }),
  'evidence.verify': defineCall({
    input: z.strictObject({
      path: AbsolutePath,
      digest: z
        .string()
        .regex(/^[0-9a-f]{64}$/i)
        .optional(),
    }),
    output: z.object({
      intact: z.boolean(),
      digest: z.string().nullable(),
      problems: z.array(z.object({ sheet: z.string().nullable(), cell: z.string().nullable(), message: z.string() })),
    }),
    summary: 'Recompute every sheet hash and the pack digest of an evidence pack.',
  }),
};
