/**
 * Usage evidence (docs/usage.md): pull the org's usage into the local history, see used versus
 * granted versus declared per system, and write a least-privilege permission set as DX source.
 * Engine result shapes come from shared/audit/usage.ts and shared/remediation (they own them).
 */
import { z } from 'zod';
import { AbsolutePath, defineCall, SnapshotId } from './define';
import { OrgAlias } from './orgs';
import type { UsageReport } from '../audit/usage';
import type { RemediationPlan } from '../remediation/permission-set';
import { RemediationResult as RemediationResultSchema, UsageView as UsageViewSchema } from './results';

const Alias = OrgAlias;

export const UsagePullResult = z.object({
  orgAlias: z.string(),
  orgId: z.string(),
  apiCalls: z.number().int(),
  filesAdded: z.number().int(),
  rowsAdded: z.number().int(),
  objectsCounted: z.number().int(),
  windowStart: z.string(),
  gaps: z.array(z.object({ object: z.string(), errorCode: z.string(), message: z.string() })),
  /** What the org offers, detected by the pull (never asked of the user), and what it does not. */
  sources: z.object({
    /** EventLogFile event types the org lists daily files for (ApiTotalUsage, API, RestApi, BulkApi, BulkApi2). */
    logFileTypes: z.array(z.string()),
    /** Whether any Event Monitoring log file type was found. */
    eventMonitoring: z.boolean(),
    /** Event Log Objects found in the describe (looked for only without Event Monitoring log files). */
    eventLogObjects: z.array(z.string()),
    /** Coverage notes in words: what was not available or not read, and why. */
    notes: z.array(z.string()),
  }),
});
export type UsagePullResult = z.infer<typeof UsagePullResult>;

export interface UsageView {
  orgAlias: string;
  snapshotId: string;
  lastPull: { finishedAt: string; apiCalls: number; filesAdded: number; gaps: { object: string; errorCode: string; message: string }[] } | null;
  history: { logFiles: number; apiRows: number; writeRows: number; scans: number };
  report: UsageReport;
}

export interface RemediationResult {
  dir: string;
  files: string[];
  plan: RemediationPlan;
}

export const usageCalls = {
  'usage.pull': defineCall({
    input: z.strictObject({
      alias: Alias,
      windowDays: z.number().int().min(1).max(3650).optional(),
      reservePercent: z.number().min(0).max(100).optional(),
    }),
    output: UsagePullResult,
    summary: 'Fetch new API event log files and count writes per object into the local usage history (read-only; idempotent).',
  }),
  'usage.report': defineCall({
    input: z.strictObject({ orgAlias: Alias, snapshotId: SnapshotId.optional(), windowDays: z.number().int().min(1).max(3650).optional() }),
    output: UsageViewSchema,
    summary: 'Used versus granted versus declared, per system and integration user, with the usage checks.',
  }),
  'usage.remediate': defineCall({
    input: z.strictObject({
      orgAlias: Alias,
      system: z.string().trim().min(1).max(200),
      /** Absolute path (the CLI resolves a relative one against its working directory). */
      out: AbsolutePath,
      basis: z.enum(['declared', 'used', 'both']).optional(),
    }),
    output: RemediationResultSchema,
    summary: 'Write a least-privilege permission set for one system as a Salesforce DX source folder (never deploys).',
  }),
};
