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

const DECISION_STATES = ['open', 'remediation planned', 'accepted exception'] as const;

function decisionState(c: CheckResult): (typeof DECISION_STATES)[number] {
  const kind = c.override?.kind ?? (c.override ? 'override' : null);
  if (kind === 'remediation') return 'remediation planned';
  if (kind === 'exception') return 'accepted exception';
  return 'open';
}

/** Each distinct text once, numbered in the order first seen. */
class TextList {
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
  /** Forget the lookup once no new text comes: the list stays. */
  seal(): void {
    this.ids.clear();
  }
}

/**
 * The plan's items while the results are read, one column per field so a large org's plan
 * (222,000 items at 180,000 users) stays a few bytes per item: texts are numbers into lists
 * of each distinct text, the first result an item closes and its first user are kept inline
 * and any further ones aside (most items close one result of one user), and the decision
 * states are bits of DECISION_STATES.
 */
class PlanGroups {
  readonly causes = new TextList();
  readonly grants = new TextList();
  readonly closesTexts = new TextList();
  readonly userTexts = new TextList();
  readonly cause: number[] = [];
  readonly grant: number[] = [];
  readonly closes: number[] = [];
  readonly user: number[] = [];
  readonly states: number[] = [];
  readonly moreCloses = new Map<number, number[]>();
  readonly moreUsers = new Map<number, number[]>();
  readonly decided = new Map<number, { owner: string; dueDate: string }>();
  // Root cause → grant → item.
  private readonly byCause = new Map<number, Map<number, number>>();

  get size(): number {
    return this.cause.length;
  }

  item(cause: number, grant: number): number {
    let grants = this.byCause.get(cause);
    if (!grants) {
      grants = new Map();
      this.byCause.set(cause, grants);
    }
    let i = grants.get(grant);
    if (i === undefined) {
      i = this.cause.length;
      grants.set(grant, i);
      this.cause.push(cause);
      this.grant.push(grant);
      this.closes.push(-1);
      this.user.push(-1);
      this.states.push(0);
    }
    return i;
  }

  /** Adds `id` to the item's list (first inline, the rest aside) unless it is there already. */
  private static add(first: number[], more: Map<number, number[]>, i: number, id: number): void {
    if (first[i] === -1) first[i] = id;
    else if (first[i] !== id) {
      const rest = more.get(i);
      if (!rest) more.set(i, [id]);
      else if (!rest.includes(id)) rest.push(id);
    }
  }

  addCloses(i: number, closes: number): void {
    PlanGroups.add(this.closes, this.moreCloses, i, closes);
  }

  addUser(i: number, user: number): void {
    PlanGroups.add(this.user, this.moreUsers, i, user);
  }

  list(first: number[], more: Map<number, number[]>, texts: TextList, i: number): string[] {
    return first[i] === -1 ? [] : [texts.texts[first[i]], ...(more.get(i) ?? []).map((id) => texts.texts[id])];
  }

  closesCount(i: number): number {
    return 1 + (this.moreCloses.get(i)?.length ?? 0);
  }

  /** No item is added after this: the lookups go, the columns stay. */
  seal(): void {
    this.byCause.clear();
    for (const t of [this.causes, this.grants, this.closesTexts, this.userTexts]) t.seal();
  }
}

/**
 * Findings grouped by root cause: every failing or warning result whose evidence names the
 * grant behind it, grouped by (granting profile / permission set / group, permission removed),
 * so one permission set with View All Data shows once with the IU-05, IU-06 and IU-08 results
 * it causes. Owner and due date come from the remediation decisions of those results. Most
 * results closed first, then by root cause and grant.
 *
 * Items are built one at a time as they are read, after the grouping and the sort, so a
 * caller that writes them out (the evidence pack's Remediation Plan sheet) never holds the
 * whole plan.
 */
export function* planItems(systems: readonly SystemResult[]): Generator<PlanItem> {
  const g = new PlanGroups();
  for (const s of systems) {
    for (const c of s.checks) {
      if (c.computedStatus !== 'fail' && c.computedStatus !== 'warn') continue;
      const closes = g.closesTexts.idOf(`${s.name} ${c.id}${c.username ? ` (${c.username})` : ''}`);
      const user = c.username ? g.userTexts.idOf(c.username) : -1;
      const state = 1 << DECISION_STATES.indexOf(decisionState(c));
      const planned = c.override?.kind === 'remediation' ? c.override : null;
      for (const row of c.evidence) {
        for (const src of row.grantedBy ?? []) {
          const perm = src.impliedBy ?? (typeof row.permission === 'string' ? row.permission : null);
          if (!perm) continue;
          const on = src.impliedBy ? '' : typeof row.field === 'string' ? ` on field ${row.field}` : typeof row.sobject === 'string' ? ` on ${row.sobject}` : '';
          const i = g.item(g.causes.idOf(holder(src)), g.grants.idOf(`${permissionLabel(perm)}${on}`));
          g.addCloses(i, closes);
          if (user >= 0) g.addUser(i, user);
          g.states[i] |= state;
          if (planned) {
            const d = g.decided.get(i) ?? { owner: '', dueDate: '' };
            d.owner ||= planned.owner ?? '';
            d.dueDate ||= planned.dueDate ?? '';
            g.decided.set(i, d);
          }
        }
      }
    }
  }
  g.seal();
  const causeOf = (i: number) => g.causes.texts[g.cause[i]];
  const grantOf = (i: number) => g.grants.texts[g.grant[i]];
  const order = Array.from({ length: g.size }, (_v, i) => i);
  order.sort((a, b) => {
    const byCount = g.closesCount(b) - g.closesCount(a);
    if (byCount) return byCount;
    const ca = causeOf(a);
    const cb = causeOf(b);
    if (ca !== cb) return ca < cb ? -1 : 1;
    const ga = grantOf(a);
    const gb = grantOf(b);
    return ga < gb ? -1 : ga > gb ? 1 : 0;
  });
  for (const i of order) {
    const rootCause = causeOf(i);
    const grant = grantOf(i);
    const users = g.list(g.user, g.moreUsers, g.userTexts, i);
    yield {
      rootCause,
      grant,
      change: `remove ${grant} from ${rootCause}${rootCause.startsWith('profile') ? '' : users.length ? `, or unassign it from ${users.join(', ')}` : ''}`,
      users,
      closes: g.list(g.closes, g.moreCloses, g.closesTexts, i),
      owner: g.decided.get(i)?.owner ?? '',
      dueDate: g.decided.get(i)?.dueDate ?? '',
      status: DECISION_STATES.filter((_st, bit) => g.states[i] & (1 << bit))
        .sort()
        .join(' / '),
    };
  }
}

/** The whole remediation plan (planItems), for a view that shows all of it. */
export function remediationPlan(systems: readonly SystemResult[]): PlanItem[] {
  return [...planItems(systems)];
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
