/**
 * The review sheets: Cover (what this pack is), Summary (one row per system) and Checklist
 * (every check result with the auditor's decision beside the computed one).
 */
import { CHECK_BY_ID } from '../../../../shared/audit/catalog';
import { USAGE_CHECK_BY_ID } from '../../../../shared/audit/usage-catalog';
import { describeDifference } from '../../../../shared/audit/decisions';
import { PLAN_COLUMNS, planItems, planRow } from '../../../../shared/audit/remediation';
import type { ReviewSummary } from '../../../../shared/contract/review';
import type { CheckResult, UsageWindow } from '../../../../shared/audit/types';
import { STATUSES, type Status } from '../../../../shared/audit/types';
import { DATE_FORMAT_NOTE, datesInText, isoUtc } from '../../../../shared/audit/evidence-words';
import { APP_NAME } from '../../paths';
import { DIGEST_LABEL } from '../canonical';
import type { PackData } from '../data';
import { row, type Cell, type SheetSpec } from '../model';

export const ORG_WIDE = '(org-wide)';

export const STATUS_MEANING: Record<Status, string> = {
  pass: 'the control is in place, with the evidence shown',
  fail: 'the control is not in place; the evidence shows why',
  warn: 'in place with a caveat worth the auditor’s attention',
  'n/a': 'does not apply to this integration',
  manual: 'needs the auditor’s judgement (attest with a justification)',
  error: 'could not be evaluated (data missing); never counts as a pass',
};

/** Where each system's results are in the Checklist, known before the sheet is written (Summary links to them). */
interface ChecklistLayout {
  /** Logical row of the first result of each system (and ORG_WIDE). */
  firstRow: Map<string, number>;
  count: Map<string, number>;
}

/** Checks whose conclusion is about the whole user population (the Users sheet). */
const POPULATION_CHECKS = new Set(['ORG-01', 'ORG-02']);

const one = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * Where a usage result (US-01..US-03) comes from: the usage history over a window, which the
 * system's result carries (a signed-off system keeps the window it was signed on).
 */
export function usageSource(window: UsageWindow | undefined): string {
  return window ? `Usage evidence (Usage sheet) of ${isoUtc(window.start)} to ${isoUtc(window.end)}` : 'Usage evidence (Usage sheet)';
}

const isUsageCheck = (id: string): boolean => USAGE_CHECK_BY_ID.has(id);

function resultRow(pack: PackData, system: string, c: CheckResult, usageWindow?: UsageWindow): Cell[] {
  const usage = isUsageCheck(c.id);
  const def = usage ? USAGE_CHECK_BY_ID.get(c.id) : CHECK_BY_ID.get(c.id);
  const notes = pack.view.notes
    .filter((n) => n.checkId === c.id && (n.system === system || (system === ORG_WIDE && n.system === '')) && (n.userId ?? null) === (c.userId ?? null))
    .map((n) => `${n.author} (${isoUtc(n.at)}): ${n.text}`);
  if (usage) notes.unshift(usageSource(usageWindow));
  const rows = `${c.evidence.length}${c.evidenceOmitted ? ` (+${c.evidenceOmitted} not listed)` : ''}`;
  // The inventory checks rest on the whole population: point at it, so a pass can be re-performed.
  const evidence: Cell = POPULATION_CHECKS.has(c.id)
    ? { text: `${rows}; every user: Users sheet`, link: { sheet: 'Users', row: 1 } }
    : usage
      ? { text: `${rows}; per object: Usage sheet`, link: { sheet: 'Usage', row: 1 } }
      : rows;
  return [
    system,
    c.username ?? '',
    c.id,
    def?.title ?? '',
    c.computedStatus,
    c.override?.status ?? '',
    decisionText(c),
    c.override?.reviewer ?? '',
    isoUtc(c.override?.at),
    one(c.summary),
    evidence,
    (def?.frameworks ?? []).join('; '),
    notes.join(' | '),
    null,
  ];
}

/** The decision in words: what kind, then why (and where it came from when carried forward). */
function decisionText(c: CheckResult): string {
  const o = c.override;
  if (!o) return '';
  const kind = o.kind ?? 'override';
  const head =
    kind === 'exception'
      ? `Accepted exception${o.expiresAt ? ` until ${o.expiresAt}` : ''}: `
      : kind === 'remediation'
        ? `Remediation planned (owner ${o.owner ?? '?'}, due ${o.dueDate ?? '?'}): `
        : '';
  const carried = o.carriedFrom ? ` [carried forward from snapshot ${o.carriedFrom.snapshotId}, decided by ${o.carriedFrom.reviewer} at ${isoUtc(o.carriedFrom.at)}]` : '';
  return `${head}${one(o.justification)}${carried}`;
}

const CHECKLIST_HEADER = [
  'System',
  'Integration user',
  'Check',
  'Title',
  'Computed status',
  'Auditor status',
  'Justification',
  'Reviewer',
  'Decided (UTC)',
  'Evidence summary',
  'Evidence rows',
  'Framework citations',
  'Review notes',
  'Auditor notes',
];

/** The systems' results in Checklist order (a system's usage results, US-xx, after its own: audit/service), then the org-wide ones. */
function checklistGroups(pack: PackData): { name: string; checks: readonly CheckResult[]; usageWindow?: UsageWindow }[] {
  return [...pack.systems.map((s) => ({ name: s.name, checks: s.checks, usageWindow: s.usageWindow })), { name: ORG_WIDE, checks: pack.orgChecks }];
}

export function checklistLayout(pack: PackData): ChecklistLayout {
  const firstRow = new Map<string, number>();
  const count = new Map<string, number>();
  let rows = 1;
  for (const g of checklistGroups(pack)) {
    firstRow.set(g.name, rows + 1);
    count.set(g.name, g.checks.length);
    rows += g.checks.length;
  }
  return { firstRow, count };
}

/** Checklist: every result, its rows built as the sheet is written (tens of thousands at 180,000 users). */
export function checklistSheet(pack: PackData): SheetSpec {
  return {
    name: 'Checklist',
    widths: [22, 30, 8, 34, 12, 12, 36, 18, 22, 70, 10, 40, 36, 30],
    headerRow: true,
    statusColumns: [5, 6],
    rows: function* () {
      yield row([...CHECKLIST_HEADER], 'header');
      for (const g of checklistGroups(pack)) for (const c of g.checks) yield row(resultRow(pack, g.name, c, g.usageWindow));
    },
  };
}

function counts(checks: readonly CheckResult[]): number[] {
  return STATUSES.map((st) => checks.filter((c) => c.status === st).length);
}

export function summarySheet(pack: PackData, layout: ChecklistLayout): SheetSpec {
  const reviews = new Map(pack.view.reviews.map((r) => [r.system, r]));
  const link = (name: string): Cell => {
    const n = layout.count.get(name) ?? 0;
    return n === 0 ? 'no results' : { text: `${n} result${n === 1 ? '' : 's'} in Checklist`, link: { sheet: 'Checklist', row: layout.firstRow.get(name)! } };
  };
  return {
    name: 'Summary',
    widths: [22, 36, 38, 14, 26, 7, 7, 7, 7, 8, 7, 24],
    headerRow: true,
    rows: function* () {
      yield row(['System', 'Owner', 'Integration users', 'Review state', 'Signed off by', 'Pass', 'Fail', 'Warn', 'N/A', 'Manual', 'Error', 'Results'], 'header');
      const all: CheckResult[] = [];
      for (const s of pack.systems) {
        const r = reviews.get(s.name);
        const so = r?.signOff ? `${r.signOff.reviewer} (${r.signOff.role}), ${isoUtc(r.signOff.at)}` : '';
        all.push(...s.checks);
        yield row([s.name, s.owner, s.users.join(', '), r?.state ?? 'not started', so, ...counts(s.checks), link(s.name)]);
      }
      all.push(...pack.orgChecks);
      yield row([ORG_WIDE, '', '', '', '', ...counts(pack.orgChecks), link(ORG_WIDE)]);
      yield row(['All results', '', `${pack.users.length} integration user${pack.users.length === 1 ? '' : 's'} in this pack`, '', '', ...counts(all), ''], 'total');
      yield row([]);
      const everyone = pack.view.evaluation.users;
      const active = everyone.filter((u) => u.isActive).length;
      yield row(
        [
          'Population',
          { text: `${everyone.length} user${everyone.length === 1 ? '' : 's'} (${active} active) in Users`, link: { sheet: 'Users', row: 1 } },
          'every user of the snapshot with its classification and the reasons for it: the inventory ORG-01 and ORG-02 rest on',
        ],
        'section',
      );
      yield row([]);
      yield row(['Legend', 'Status', 'Meaning'], 'section');
      for (const st of STATUSES) yield row(['', st, STATUS_MEANING[st]]);
      yield row(['', 'Computed status', 'what the engine decided from the snapshot']);
      yield row(['', 'Auditor status', 'the auditor’s decision, with its justification, when it differs from or confirms the computed one']);
    },
  };
}

/** The Cover's heading over the list of signed results that differ from an evaluation now. */
export const SIGNED_DIFFERS = 'Current results differ from what was signed';

function signedVersion(r: ReviewSummary | undefined): string {
  if (!r?.signed) return '';
  return r.signed.scopeVersion === null ? 'not recorded (signed before scope versions)' : String(r.signed.scopeVersion);
}

function currentResults(r: ReviewSummary | undefined): string {
  const s = r?.signed;
  if (!s) return '';
  if (s.matches) return 'same as signed';
  const parts: string[] = [];
  if (s.differences.length) parts.push(`${s.differences.length} result(s) differ`);
  if (s.scopeVersion !== null && s.scopeVersion !== s.currentScopeVersion) parts.push(`declared scope now version ${s.currentScopeVersion}`);
  return `differ from what was signed (this pack shows the signed results): ${parts.join('; ') || 'evaluation hash differs'}`;
}

export function coverSheet(pack: PackData, digest: string): SheetSpec {
  const m = pack.meta;
  const reviews = new Map(pack.view.reviews.map((r) => [r.system, r]));
  const names = pack.systems.map((s) => s.name);
  return {
    name: 'Cover',
    widths: [30, 40, 16, 24, 22, 24, 60],
    headerRow: false,
    rows: function* () {
      yield row([`${APP_NAME} — evidence pack`], 'title');
      yield row([DIGEST_LABEL, digest]);
      yield row(['Organization', m.orgName]);
      yield row(['Org id', m.orgId]);
      yield row(['Instance', m.instanceUrl]);
      yield row(['Snapshot', m.id]);
      yield row(['Snapshot taken (UTC)', isoUtc(m.finishedAt)]);
      yield row(['Review period (UTC)', `${isoUtc(pack.windowStart)} to ${isoUtc(m.finishedAt)} (look-back ${m.lookbackDays} days)`]);
      yield row(['Systems in scope', names.length ? `${names.length}: ${names.join(', ')}` : 'none declared']);
      yield row(['Compared with snapshot', pack.since ? pack.since.snapshotId : 'no comparison requested']);
      yield row(['Snapshot content hash', m.contentHash]);
      yield row(['Exported (UTC)', isoUtc(pack.exportedAt)]);
      yield row(['Dates and times', DATE_FORMAT_NOTE]);
      yield row(['Exported with', `${APP_NAME} ${pack.appVersion}`]);
      yield row(['How to verify', 'iua verify <this file> --digest <the pack digest above>; see the Manifest sheet']);
      yield row([]);
      yield row(
        ['Reviews and sign-off', 'System', 'Review state', 'Reviewer', 'Role', 'Signed off (UTC)', 'Statement', 'Scope version signed', 'Evaluation SHA-256 signed', 'Results now'],
        'section',
      );
      for (const s of pack.systems) {
        const r = reviews.get(s.name);
        const so = r?.signOff;
        yield row([
          '',
          s.name,
          r?.state ?? 'not started',
          so?.reviewer ?? '',
          so?.role ?? '',
          isoUtc(so?.at),
          so?.statement ?? '',
          signedVersion(r),
          r?.signed?.evaluationHash ?? '',
          currentResults(r),
        ]);
      }
      const diverged = pack.systems.map((s) => reviews.get(s.name)).filter((r): r is ReviewSummary => !!r?.signed && !r.signed.matches);
      if (diverged.length) {
        yield row([]);
        yield row([SIGNED_DIFFERS, 'System', 'What differs'], 'section');
        for (const r of diverged) {
          for (const d of r.signed!.differences) yield row(['', r.system, datesInText(describeDifference(d))]);
          for (const c of r.signed!.scopeChanges) yield row(['', r.system, `declared scope changed since sign-off: ${c}`]);
          if (r.signed!.legacy)
            yield row(['', r.system, 'signed before results were frozen: the results in this pack are evaluated now and their hash differs from the signed one']);
        }
      }
    },
  };
}

/** Remediation Plan: findings grouped by root cause, one fix per row with every result it closes. */
export function remediationPlanSheet(pack: PackData): SheetSpec {
  return {
    name: 'Remediation Plan',
    widths: [40, 36, 70, 34, 60, 22, 12, 26],
    headerRow: true,
    rows: function* () {
      // The same columns as the window's CSV download (shared/audit/remediation.ts).
      yield row([...PLAN_COLUMNS], 'header');
      // Built item by item as the sheet is written: a large org's plan is never held whole.
      for (const p of planItems(pack.systems)) yield row(planRow(p));
    },
  };
}
