/**
 * How to fix a finding: the catalog's general advice per check, and for each failing evidence
 * row that names who grants the access, the concrete change ("remove View All Data from
 * permission set Legacy_Migration_Access, or unassign it from billing.integration@…"). Pure.
 * Kept apart from catalog.ts so checks added there need no edit here to stay valid.
 */
import type { CheckResult, EvidenceRow, Source, SystemResult } from './types';

/** General remediation per check id; a check missing here shows none rather than a wrong one. */
export const REMEDIATION: Readonly<Record<string, string>> = {
  'IU-01': 'Give each system its own integration user; move the other systems to their own accounts and remove them from this one.',
  'IU-02': 'Assign the Salesforce Integration license (profile "Minimum Access - API Only Integrations") or, at least, enforce API Only User.',
  'IU-03': 'Grant the API Only User permission through the profile or a permission set assigned only to integration users.',
  'IU-04': 'Stop interactive logins: enforce API Only User, rotate the credentials that were used in the browser, and find out who logged in.',
  'IU-05': "Remove the high-risk permission from the permission set or profile that grants it, or declare it with a justification in the system's scope if it is truly needed.",
  'IU-06': "Remove the object permission beyond the declared scope from the granting permission set or profile, or declare it in the system's scope.",
  'IU-07': "Remove read/edit on the sensitive field from the granting permission set or profile, or declare the field (or its classification) in the system's scope.",
  'IU-08': 'Remove View All / Modify All from the granting permission set or profile (or the View/Modify All Data that implies it), or declare it.',
  'IU-09': "Set login IP ranges on the integration profile to the system's egress addresses (and declare them as ipRanges).",
  'IU-10': 'Move to JWT or client credentials; until then rotate the password within the declared rotation period.',
  'IU-11': 'Deactivate the account if the integration is retired; otherwise confirm it is still needed and why it is unused.',
  'IU-12': "Create a dedicated integration user, move the integration to it, and revoke the person's tokens for the app.",
  'IU-13': 'Match each setup change to an approved change ticket; investigate any that has none.',
  'IU-14': 'Set the connected app to "Admin approved users are pre-authorized" and assign it only to the integration user.',
  'IU-15': "Fill in owner, purpose and the last review date in the system's scope, and review access at the declared cadence.",
  'ORG-01': 'Declare every integration user in a system (or deactivate the ones nobody owns).',
  'ORG-02': "Move each integration off the person's account to a dedicated integration user.",
  'ORG-03': 'Limit Use Any API Client and Approve Uninstalled Connected Apps to the few who need them.',
  'ORG-04': 'Grant the auditing user read access to the missing objects and collect again.',
};

const PERMISSION_LABEL: Readonly<Record<string, string>> = {
  ViewAllData: 'View All Data',
  ModifyAllData: 'Modify All Data',
  ManageUsers: 'Manage Users',
  AuthorApex: 'Author Apex',
  CustomizeApplication: 'Customize Application',
  ApiUserOnly: 'API Only User',
  ApiEnabled: 'API Enabled',
  ViewAllRecords: 'View All',
  ModifyAllRecords: 'Modify All',
  ExportReport: 'Export Reports',
  ViewSetup: 'View Setup',
  UseAnyApiClient: 'Use Any API Client',
  CanApproveUninstalledApps: 'Approve Uninstalled Connected Apps',
  BulkApiHardDelete: 'Bulk API Hard Delete',
};

/** A permission's label as Setup shows it, with the API name beside it when they differ. */
export function permissionLabel(name: string): string {
  const label = PERMISSION_LABEL[name];
  return label ? `${label} (${name})` : name;
}

function holder(s: Source): string {
  if (s.kind === 'profile') return `profile ${s.name}`;
  if (s.kind === 'group') return s.viaComponent ? `permission set ${s.viaComponent.name} (in group ${s.name})` : `permission set group ${s.name}`;
  return `permission set ${s.name}`;
}

/** The concrete change that removes one failing evidence row's access; null when the row names no grant. */
export function fixForRow(row: EvidenceRow, username: string | null): string | null {
  const sources = row.grantedBy ?? [];
  if (sources.length === 0) return null;
  const perm = typeof row.permission === 'string' ? permissionLabel(row.permission) : 'the permission';
  const what = typeof row.field === 'string' ? `${perm} on field ${row.field}` : typeof row.sobject === 'string' ? `${perm} on ${row.sobject}` : perm;
  const fixes = sources.map((s) => {
    if (s.impliedBy) return `remove ${permissionLabel(s.impliedBy)} from ${holder(s)} (it implies ${what})`;
    if (s.kind === 'profile') return `remove ${what} from ${holder(s)}, or move the user to a profile without it`;
    return `remove ${what} from ${holder(s)}${username ? `, or unassign it from ${username}` : ''}`;
  });
  return [...new Set(fixes)].join('; and ');
}

/** One fix in a remediation plan: a grant to remove, with every result it closes. */
export interface PlanItem {
  /** Who grants it: "permission set Legacy_Migration_Access", "profile System Administrator"… */
  rootCause: string;
  /** What to remove from it. */
  grant: string;
  change: string;
  users: string[];
  /** "Billing IU-05 (billing.integration@…)" per result it closes. */
  closes: string[];
  owner: string;
  dueDate: string;
  /** open, remediation planned, accepted exception (or a mix, named). */
  status: string;
}

function decisionState(c: CheckResult): string {
  const kind = c.override?.kind ?? (c.override ? 'override' : null);
  if (kind === 'remediation') return 'remediation planned';
  if (kind === 'exception') return 'accepted exception';
  return 'open';
}

/**
 * Findings grouped by root cause: every failing or warning result whose evidence names the
 * grant behind it, grouped by (granting profile / permission set / group, permission removed),
 * so one permission set with View All Data shows once with the IU-05, IU-06 and IU-08 results
 * it causes. Owner and due date come from the remediation decisions of those results.
 */
export function remediationPlan(systems: readonly SystemResult[]): PlanItem[] {
  const byKey = new Map<string, PlanItem & { states: Set<string> }>();
  for (const s of systems) {
    for (const c of s.checks) {
      if (c.computedStatus !== 'fail' && c.computedStatus !== 'warn') continue;
      for (const row of c.evidence) {
        for (const src of row.grantedBy ?? []) {
          const perm = src.impliedBy ?? (typeof row.permission === 'string' ? row.permission : null);
          if (!perm) continue;
          const on = src.impliedBy ? '' : typeof row.field === 'string' ? ` on field ${row.field}` : typeof row.sobject === 'string' ? ` on ${row.sobject}` : '';
          const rootCause = holder(src);
          const grant = `${permissionLabel(perm)}${on}`;
          const key = `${rootCause}\u0000${grant}`;
          let item = byKey.get(key);
          if (!item) {
            item = { rootCause, grant, change: '', users: [], closes: [], owner: '', dueDate: '', status: '', states: new Set() };
            byKey.set(key, item);
          }
          const closes = `${s.name} ${c.id}${c.username ? ` (${c.username})` : ''}`;
          if (!item.closes.includes(closes)) item.closes.push(closes);
          if (c.username && !item.users.includes(c.username)) item.users.push(c.username);
          item.states.add(decisionState(c));
          if (c.override?.kind === 'remediation') {
            item.owner ||= c.override.owner ?? '';
            item.dueDate ||= c.override.dueDate ?? '';
          }
        }
      }
    }
  }
  return [...byKey.values()]
    .map(({ states, ...item }) => ({
      ...item,
      change: `remove ${item.grant} from ${item.rootCause}${item.rootCause.startsWith('profile') ? '' : item.users.length ? `, or unassign it from ${item.users.join(', ')}` : ''}`,
      status: [...states].sort().join(' / '),
    }))
    .sort((a, b) => b.closes.length - a.closes.length || (a.rootCause < b.rootCause ? -1 : a.rootCause > b.rootCause ? 1 : a.grant < b.grant ? -1 : a.grant > b.grant ? 1 : 0));
}

/** The remediation plan as a table: the pack's Remediation Plan sheet and the window's CSV. */
export const PLAN_COLUMNS = ['Root cause (granted by)', 'Grant', 'Change', 'Integration users', 'Results it closes', 'Owner', 'Due', 'Status'] as const;

export function planRow(p: PlanItem): string[] {
  return [p.rootCause, p.grant, p.change, p.users.join(', '), p.closes.join('; '), p.owner, p.dueDate, p.status];
}

/** Every fix that lives in one permission set, group or profile: one root cause, shown once. */
export interface RootCause {
  rootCause: string;
  /** The grants to remove from it, each with its concrete change (plan order). */
  grants: { grant: string; change: string }[];
  users: string[];
  /** Every result these changes close, each once. */
  closes: string[];
  owner: string;
  dueDate: string;
  status: string;
}

/**
 * The plan grouped by root cause alone: a profile that grants forty permissions beyond scope
 * is one row with forty grants, not forty rows. Most results closed first. Pure.
 */
export function groupByRootCause(plan: readonly PlanItem[]): RootCause[] {
  const byCause = new Map<string, RootCause & { states: Set<string> }>();
  for (const p of plan) {
    let g = byCause.get(p.rootCause);
    if (!g) {
      g = { rootCause: p.rootCause, grants: [], users: [], closes: [], owner: '', dueDate: '', status: '', states: new Set() };
      byCause.set(p.rootCause, g);
    }
    g.grants.push({ grant: p.grant, change: p.change });
    for (const u of p.users) if (!g.users.includes(u)) g.users.push(u);
    for (const c of p.closes) if (!g.closes.includes(c)) g.closes.push(c);
    g.owner ||= p.owner;
    g.dueDate ||= p.dueDate;
    for (const s of p.status.split(' / ')) if (s) g.states.add(s);
  }
  return [...byCause.values()]
    .map(({ states, ...g }) => ({ ...g, status: [...states].sort().join(' / ') }))
    .sort((a, b) => b.closes.length - a.closes.length || (a.rootCause < b.rootCause ? -1 : a.rootCause > b.rootCause ? 1 : 0));
}
