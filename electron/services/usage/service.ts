/**
 * The usage back end: pull (network, pull.ts), the report (used versus granted versus declared
 * with the US checks) and remediation folders. The report reads the current (or a given)
 * snapshot's effective access, the org's declared scope and what the usage history holds for
 * the window ending at the later of the snapshot and the last pull.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract';
import type { RemediationResult, UsagePullResult, UsageView } from '../../../shared/contract/usage';
import { usageRows, type LazyUsageReport } from '../../../shared/audit/usage';
import type { PreparedAudit } from '../../../shared/audit/evaluate';
import type { SystemScope } from '../../../shared/audit/scope';
import type { UsageWindow } from '../../../shared/audit/types';
import type { EffectiveAccess } from '../../../shared/audit/access';
import { packageXml, permissionSetXml, planRemediation, remediationMarkdown, type Basis } from '../../../shared/remediation/permission-set';
import { writeFileAtomic } from '../atomic-file';
import type { AuditService } from '../audit/service';
import { requireDb, type ServiceContext } from '../context';
import type { OrgDeps } from '../orgs/deps';
import { pullUsage } from './pull';
import { currentUsageWindow, lazyUsageReportFor, usageReportFor } from './evidence';
import { historyCounts, lastPull, loadEvidence } from './repository';

export interface UsageService {
  pull(input: { alias: string; windowDays?: number; reservePercent?: number }): Promise<UsagePullResult>;
  report(input: { orgAlias: string; snapshotId?: string; windowDays?: number }): UsageView;
  remediate(input: { orgAlias: string; system: string; out: string; basis?: Basis }): RemediationResult;
}

type UsageViewInput = { orgAlias: string; snapshotId?: string; windowDays?: number };

/** The usage view of a snapshot: also what the evidence pack's Usage sheet shows (buildLazyUsageView). */
export function buildUsageView(ctx: ServiceContext, audit: AuditService, input: UsageViewInput): UsageView {
  return usageViewWith(ctx, audit, input, usageReportFor);
}

/** The usage view with each user's rows built when read (the evidence pack writes them user by user). */
export type LazyUsageView = Omit<UsageView, 'report'> & { report: LazyUsageReport };

export function buildLazyUsageView(ctx: ServiceContext, audit: AuditService, input: UsageViewInput): LazyUsageView {
  return usageViewWith(ctx, audit, input, lazyUsageReportFor);
}

function usageViewWith<R>(
  ctx: ServiceContext,
  audit: AuditService,
  input: UsageViewInput,
  build: (db: ReturnType<typeof requireDb>, orgId: string, prepared: PreparedAudit, systems: readonly SystemScope[], window: UsageWindow) => R,
): Omit<UsageView, 'report'> & { report: R } {
  const db = requireDb(ctx);
  const snapshotId = audit.resolveSnapshotId(input.orgAlias, input.snapshotId);
  const loaded = audit.loaded(snapshotId);
  const orgId = loaded.snapshot.meta.orgId;
  const scope = audit.scope(input.orgAlias);
  const pulled = lastPull(db, orgId);
  const window = currentUsageWindow(db, orgId, loaded.snapshot.meta.finishedAt, input.windowDays);
  const r = build(db, orgId, loaded.prepared, scope.systems, window);
  return {
    orgAlias: input.orgAlias,
    snapshotId,
    lastPull: pulled ? { finishedAt: pulled.finishedAt, apiCalls: pulled.apiCalls, filesAdded: pulled.filesAdded, gaps: pulled.gaps } : null,
    history: orgId ? historyCounts(db, orgId) : { logFiles: 0, apiRows: 0, writeRows: 0, scans: 0 },
    report: r,
  };
}

export function createUsageService(ctx: ServiceContext, deps: OrgDeps, audit: AuditService, now: () => Date = () => new Date()): UsageService {
  const report = (input: { orgAlias: string; snapshotId?: string; windowDays?: number }): UsageView => buildUsageView(ctx, audit, input);

  function remediate(input: { orgAlias: string; system: string; out: string; basis?: Basis }): RemediationResult {
    const basis = input.basis ?? 'both';
    const view = report({ orgAlias: input.orgAlias });
    const scope = audit.scope(input.orgAlias);
    const system = scope.systems.find((s) => s.name.toLowerCase() === input.system.trim().toLowerCase());
    if (!system)
      throw new AppError('not_found', `No system "${input.system}" in the declared scope of ${input.orgAlias}; systems: ${scope.systems.map((s) => s.name).join(', ') || 'none'}.`);
    const loaded = audit.loaded(view.snapshotId);
    const index = loaded.prepared.index;
    const access: EffectiveAccess[] = [];
    const rows = [];
    const evidence = loadEvidence(requireDb(ctx), loaded.snapshot.meta.orgId, view.report.windowStart, view.report.windowEnd);
    // The system's users' whole effective access is read below: their rows in a few passes (speed only).
    loaded.prepared.engine.prefetch(
      system.users.map((u) => index.userByUsername.get(u.toLowerCase())?.Id ?? ''),
      { allFields: true },
    );
    for (const username of system.users) {
      const user = index.userByUsername.get(username.toLowerCase());
      if (!user) continue;
      const a = loaded.prepared.engine.effectiveAccess(user.Id);
      if (a) access.push(a);
      rows.push(...usageRows(loaded.prepared.engine, user.Id, system, evidence));
    }
    if (access.length === 0) throw new AppError('not_found', `None of ${system.name}'s declared users is in snapshot ${view.snapshotId}: nothing to right-size.`);
    // Several users of one system: an object level is kept if any of them needs it.
    const merged = mergeRows(rows);
    const plan = planRemediation({ system, basis, access, rows: merged });
    const ps = plan.permissionSet;
    const files: Record<string, string> = {
      [path.join('permissionsets', `${ps.fullName}.permissionset-meta.xml`)]: permissionSetXml(ps),
      'package.xml': packageXml(ps.fullName),
      'REMEDIATION.md': remediationMarkdown(plan, {
        orgAlias: input.orgAlias,
        snapshotId: view.snapshotId,
        generatedAt: now().toISOString(),
        windowStart: view.report.windowStart,
        windowEnd: view.report.windowEnd,
      }),
    };
    const dir = writeFolder(path.resolve(input.out), files);
    return { dir, files: Object.keys(files).sort(), plan };
  }

  return {
    pull: (input) => pullUsage(ctx, deps, { ...input, now }, audit.scope(input.alias)),
    report,
    remediate,
  };
}

function mergeRows(rows: ReturnType<typeof usageRows>): ReturnType<typeof usageRows> {
  const by = new Map<string, ReturnType<typeof usageRows>[number]>();
  for (const r of rows) {
    const k = r.sobject.toLowerCase();
    const prior = by.get(k);
    if (!prior) {
      by.set(k, { ...r, granted: { ...r.granted }, used: [...r.used] });
      continue;
    }
    for (const [level, sources] of Object.entries(r.granted))
      prior.granted[level as keyof typeof prior.granted] = [...(prior.granted[level as keyof typeof prior.granted] ?? []), ...(sources ?? [])];
    prior.used = [...new Set([...prior.used, ...r.used])];
  }
  return [...by.values()];
}

/**
 * Writes the folder without touching anything already there: a new folder is built under a
 * temporary name and renamed into place; an existing folder must be empty.
 */
function writeFolder(dir: string, files: Record<string, string>): string {
  if (fs.existsSync(dir)) {
    const st = fs.statSync(dir);
    if (!st.isDirectory()) throw new AppError('conflict', `${dir} exists and is not a folder; choose a new folder for the remediation files.`);
    if (fs.readdirSync(dir).length > 0) throw new AppError('conflict', `${dir} is not empty; choose a new or empty folder (nothing was written, nothing there was changed).`);
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true, mode: 0o700 });
      writeFileAtomic(path.join(dir, rel), text, 0o600);
    }
    return dir;
  }
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) throw new AppError('not_found', `The folder ${parent} does not exist; create it or choose another place.`);
  const tmp = path.join(parent, `.${path.basename(dir)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  fs.mkdirSync(tmp, { mode: 0o700 });
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true, mode: 0o700 });
      writeFileAtomic(path.join(tmp, rel), text, 0o600);
    }
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}
