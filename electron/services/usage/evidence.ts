/**
 * The usage evidence a review reads: the window (ending at the later of the snapshot and the
 * last pull, unless a sign-off froze one) and the usage report over it. One place, so the
 * usage view, the evidence pack and the review's US results (audit/service) agree.
 */
import type Database from 'better-sqlite3';
import { resolveSettings } from '../../../shared/audit/settings';
import { EMPTY_EVIDENCE, lazyUsageReport, usageReport, usageSystemChecks, type LazyUsageReport, type LazyUsageSystem, type UsageReport } from '../../../shared/audit/usage';
import type { CheckResult } from '../../../shared/audit/types';
import type { PreparedAudit } from '../../../shared/audit/evaluate';
import type { SystemScope } from '../../../shared/audit/scope';
import type { UsageWindow } from '../../../shared/audit/types';
import { lastPull, loadEvidence } from './repository';

/** The window a review of this snapshot reads now: `days` back from the later of the snapshot and the last pull. */
export function currentUsageWindow(db: Database.Database, orgId: string, snapshotFinishedAt: string, days?: number): UsageWindow {
  const pulled = orgId ? lastPull(db, orgId) : null;
  const end = pulled && pulled.finishedAt > snapshotFinishedAt ? pulled.finishedAt : snapshotFinishedAt;
  const length = days ?? resolveSettings({}).lookbackDays;
  return { start: new Date(Date.parse(end) - length * 86_400_000).toISOString(), end };
}

function usageInput(db: Database.Database, orgId: string, prepared: PreparedAudit, systems: readonly SystemScope[], window: UsageWindow) {
  const evidence = orgId ? loadEvidence(db, orgId, window.start, window.end) : EMPTY_EVIDENCE(window.start, window.end);
  const index = prepared.index;
  return {
    engine: prepared.engine,
    systems,
    userIdOf: (u: string) => index.userByUsername.get(u.toLowerCase())?.Id ?? null,
    evidence,
  };
}

/** Used versus granted versus declared for `systems`, from what the history holds for `window`. */
export function usageReportFor(db: Database.Database, orgId: string, prepared: PreparedAudit, systems: readonly SystemScope[], window: UsageWindow): UsageReport {
  return usageReport(usageInput(db, orgId, prepared, systems, window));
}

/** The same report with each user's rows built when read (the evidence pack writes them user by user). */
export function lazyUsageReportFor(db: Database.Database, orgId: string, prepared: PreparedAudit, systems: readonly SystemScope[], window: UsageWindow): LazyUsageReport {
  return lazyUsageReport(usageInput(db, orgId, prepared, systems, window));
}

/** A system's usage: its users (rows built when read) and its US results. */
export type SystemUsage = LazyUsageSystem & { checks: CheckResult[] };

/**
 * Each system's usage (rows and US results) over its own window, reading the history once per
 * distinct window: signed-off systems keep the window they were signed on, the rest share the
 * current one. The results are computed here, one user's rows at a time; the rows themselves
 * are built again only if read (never every user's at once).
 */
export function usageBySystem(
  db: Database.Database,
  orgId: string,
  prepared: PreparedAudit,
  systems: readonly { scope: SystemScope; window: UsageWindow }[],
): Map<string, { window: UsageWindow; usage: SystemUsage }> {
  const byWindow = new Map<string, { window: UsageWindow; systems: SystemScope[] }>();
  for (const { scope, window } of systems) {
    const key = `${window.start}/${window.end}`;
    const group = byWindow.get(key) ?? { window, systems: [] };
    group.systems.push(scope);
    byWindow.set(key, group);
  }
  const out = new Map<string, { window: UsageWindow; usage: SystemUsage }>();
  for (const { window, systems: group } of byWindow.values()) {
    const input = usageInput(db, orgId, prepared, group, window);
    for (const u of lazyUsageReport(input).systems) out.set(u.name, { window, usage: { ...u, checks: usageSystemChecks(prepared.engine, u, input.evidence) } });
  }
  return out;
}
