/** Collecting: pull everything an audit needs from one org into a new immutable snapshot. */
import { z } from 'zod';
import { defineCall } from './define';
import { OrgAlias } from './orgs';

export const CoverageGapShape = z.object({ object: z.string(), errorCode: z.string(), message: z.string() });

export const CollectResult = z.object({
  snapshotId: z.string(),
  counts: z.record(z.string(), z.number().int()),
  apiCalls: z.number().int(),
  contentHash: z.string(),
  gaps: z.array(CoverageGapShape),
});
export type CollectResult = z.infer<typeof CollectResult>;

export const collectCalls = {
  'collect.start': defineCall({
    input: z
      .object({
        alias: OrgAlias,
        /** Object and field permissions for every permission set, not only integration candidates'. */
        full: z.boolean().optional(),
        lookbackDays: z.number().int().min(1).max(3650).optional(),
        /** Share of the daily API limit to leave untouched (default 20). */
        reservePercent: z.number().min(0).max(100).optional(),
      })
      .strict(),
    output: CollectResult,
    summary: 'Collect a new snapshot; answers when it is stored (or with the reason it was not).',
  }),
  'collect.cancel': defineCall({
    input: z.object({ alias: OrgAlias }).strict(),
    output: z.object({ cancelled: z.boolean() }),
    summary: 'Cancel the running collection of an org; nothing of it is kept.',
  }),
};

export const collectEvents = {
  'collect.progress': z.object({
    alias: z.string(),
    phase: z.enum(['connect', 'describe', 'plan', 'fetch', 'store', 'done']),
    /** The object being fetched (null outside the fetch phase). */
    object: z.string().nullable(),
    fetched: z.number().int(),
    total: z.number().int().nullable(),
    objectIndex: z.number().int(),
    objectCount: z.number().int(),
    apiCalls: z.number().int(),
    /**
     * The org's daily API allocation as Salesforce last reported it (Sforce-Limit-Info), and
     * the ceiling this collection will not cross (limit minus the reserve). Null until known.
     */
    budget: z.object({ used: z.number().int(), limit: z.number().int(), ceiling: z.number().int() }).nullable(),
  }),
};
