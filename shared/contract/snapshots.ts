/** Snapshots: list and inspect the immutable collections of an org. */
import { z } from 'zod';
import { defineCall } from './define';
import { CoverageGapShape } from './sync';

export const ObjectStatShape = z.object({
  object: z.string(),
  count: z.number().int(),
  totalSize: z.number().int(),
  soql: z.string(),
  api: z.enum(['rest', 'bulk', 'tooling']),
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

export const snapshotCalls = {
  'snapshots.list': defineCall({
    input: z.object({ alias: z.string().optional() }).strict(),
    output: z.object({ snapshots: z.array(SnapshotSummary) }),
    summary: 'Snapshots, newest first (of one org when alias is given).',
  }),
  'snapshots.get': defineCall({
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: SnapshotMetaShape,
    summary: 'One snapshot: what was collected, how, and what could not be read.',
  }),
};
