/** What the dashboard counts and says, computed from an evaluation. Pure; unit-tested. */
import { CHECK_BY_ID, SEVERITIES, type Severity } from '../../../shared/audit/catalog';
import { USAGE_CHECK_BY_ID } from '../../../shared/audit/usage-catalog';
import type { Classification, ClassifiedUser, Evaluation, Status } from '../../../shared/audit/types';
import { STATUSES } from '../../../shared/audit/types';
import { allResults, isOpenFinding } from '../home/orgStats';
import { shortUsername } from '../../lib/format';
// The one login list (shared/salesforce-logins.ts): a copy here had drifted before.
import { isApiLogin } from '../../../shared/salesforce-logins';

export const CLASSIFICATIONS: Classification[] = ['human-as-integration', 'integration', 'api-only', 'system', 'human'];
export const INTEGRATION_CLASSES: ReadonlySet<Classification> = new Set(['integration', 'api-only', 'human-as-integration']);

export function classificationCounts(users: ClassifiedUser[]): Record<Classification, number> {
  const out = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
  for (const u of users) out[u.classification] = (out[u.classification] ?? 0) + 1;
  return out;
}

export function usersBySystem(e: Evaluation): { system: string; users: number }[] {
  const rows = e.systems.map((s) => ({ system: s.name, users: s.users.length }));
  const undeclared = e.users.filter((u) => INTEGRATION_CLASSES.has(u.classification) && u.systems.length === 0).length;
  if (undeclared > 0) rows.push({ system: '(no declared system)', users: undeclared });
  return rows;
}

/** `severity` is null for a check this UI's catalog does not know; `open` counts failures and warnings. */
export type FindingRow = { checkId: string; title: string; severity: Severity | null; open: number } & Record<Status, number>;

/** One row per check, counting results by status across all systems and org checks. */
export function findingsByCheck(e: Evaluation): FindingRow[] {
  const rows = new Map<string, FindingRow>();
  for (const r of allResults(e)) {
    let row = rows.get(r.id);
    if (!row) {
      const def = CHECK_BY_ID.get(r.id) ?? USAGE_CHECK_BY_ID.get(r.id);
      row = { checkId: r.id, title: def?.title ?? r.id, severity: def?.severity ?? null, open: 0, ...(Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>) };
      rows.set(r.id, row);
    }
    row[r.status]++;
    if (isOpenFinding(r)) row.open++;
  }
  return [...rows.values()].sort((a, b) => a.checkId.localeCompare(b.checkId, 'en', { numeric: true }));
}

/** A chart label: the check's id and name ("IU-05 No high-risk system permissions"), the id alone only for an unknown check. */
export function checkLabel(f: Pick<FindingRow, 'checkId' | 'title'>): string {
  return f.title && f.title !== f.checkId ? `${f.checkId} ${f.title}` : f.checkId;
}

/** Open findings per severity (checks of unknown severity are left out), for the chart's summary line. */
export function openFindingsBySeverity(rows: FindingRow[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of rows) if (r.severity) out[r.severity] += r.open;
  return out;
}

/**
 * The systems a person's account is used by: the classification's own reasons first (OAuth
 * apps, then applications behind API logins), then evidence rows, then declared systems.
 */
export function appsUsing(e: Evaluation, user: ClassifiedUser): string[] {
  const apps = new Set<string>();
  for (const reason of user.reasons) {
    const m = /OAuth tokens of integration apps: (.+)$/.exec(reason.text);
    if (m) for (const part of m[1].split(/,\s*/)) apps.add(part.replace(/\s*\(?[×x]?\d+\)?$/, '').trim());
  }
  if (apps.size === 0) {
    for (const reason of user.reasons) {
      const l = /API login\(s\): (.+)$/.exec(reason.text);
      if (l) for (const mm of l[1].matchAll(/\(([^()]+)\)/g)) if (!/^\d+$/.test(mm[1])) apps.add(mm[1]);
    }
  }
  if (apps.size === 0) {
    for (const r of allResults(e)) {
      if (r.userId !== user.id) continue;
      for (const row of r.evidence) {
        if (row.object === 'OauthToken' && typeof row.AppName === 'string') apps.add(row.AppName);
        if (row.object === 'LoginHistory' && typeof row.Application === 'string' && isApiLogin(row)) apps.add(row.Application);
      }
    }
  }
  if (apps.size === 0) for (const s of user.systems) apps.add(s);
  return [...apps].filter(Boolean).sort();
}

export function joinWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The Vertex-style risk in one sentence, per person's account used as an integration. */
export function personAccountRisks(e: Evaluation): { user: ClassifiedUser; sentence: string }[] {
  return e.users
    .filter((u) => u.classification === 'human-as-integration')
    .map((user) => {
      const apps = appsUsing(e, user);
      const by = apps.length ? joinWords(apps) : 'an external system';
      return { user, sentence: `${shortUsername(user.username)} is a person's account used by ${by}: if this person leaves, the integration stops.` };
    });
}
