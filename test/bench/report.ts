/**
 * What the scenarios report, the targets they are held to, and the two outputs: one JSON
 * object (`--json`) and a readable table with pass/miss next to each figure.
 */

export interface CollectSide {
  ms: number;
  rows: number;
  apiCalls: number;
  snapshotId: string;
  /** queries: how many SOQL queries the collector ran for the object (0 when it had nothing to ask). */
  objects: { object: string; api: string; count: number; apiCalls: number; queries: number }[];
  peakRssMb: number;
}

export interface BareCollectSide {
  ms: number;
  fetchMs: number;
  rows: number;
  /** Requests the demo org journalled while the bare pipeline ran. */
  requests: number;
  pages: number;
  describes: number;
  peakRssMb: number;
}

export interface EvaluateSide {
  ms: number;
  prepareMs: number;
  loadMs: number;
  allUsersAccessMs: number;
  users: number;
  integrationUsers: number;
  userChecks: number;
  peakRssMb: number;
}

export interface ExportSide {
  ms: number;
  rows: number;
  /** Known on the bare side, which sees every sheet's rows. */
  effectiveAccessRows: number | null;
  bytes: number;
  peakRssMb: number;
}

export interface UiSide {
  demoToTableMs: number;
  dashboardMs: number;
}

export interface ExportFigures {
  rowsPerSec: number;
  ratioToBare: number;
  peakRssMb: number;
  rows: number;
  effectiveAccessRows: number | null;
  ms: number;
  bareRowsPerSec: number;
  bareMs: number;
}

export interface LargeExportFigures extends ExportFigures {
  users: number;
  objects: number;
  barePeakRssMb: number;
}

/** The one JSON object `--json` prints. Scenarios not run are absent. */
/** Usage pull (issue #18) on the collected org, and a bare fetch of the same requests. */
export interface UsageSide {
  ms: number;
  apiCalls: number;
  /** The bare side's calls: 1 file list + 1 per file + 1 visibility query + 1 per aggregate query. */
  apiCallsMin: number;
  bareMs: number;
  files: number;
  /** Objects the scoped users may write, and how many the pull counted. */
  objects: number;
  objectsCounted: number;
  /** AggregateResult rows (user groups) the bare side's aggregates answered. */
  groups: number;
  /** What the pull does before its first request (snapshot access objects, index, write targets), timed apart. */
  planMs: number;
  gaps: number;
  peakRssMb: number;
}

export interface BenchResult {
  machine: { nproc: number; memoryMb: number; node: string; loadAverage: number[]; loadAverageEnd?: number[]; mode: 'full' | 'quick'; scale: number };
  collect?: {
    rowsPerSec: number;
    ratioToBare: number;
    apiCalls: number;
    apiCallsMin: number;
    peakRssMb: number;
    rows: number;
    ms: number;
    bareRowsPerSec: number;
    bareMs: number;
  };
  evaluate?: { ms: number; allUsersAccessMs: number; loadMs: number; prepareMs: number; users: number; integrationUsers: number; peakRssMb: number };
  /**
   * The collected org's pack (absent with `--only export-large`) and, in `largeEffectiveAccess`,
   * the synthetic org whose Effective Access sheet has users × objects rows (1M in full mode).
   */
  export?: Partial<ExportFigures> & { largeEffectiveAccess?: LargeExportFigures };
  ui?: { demoToTableMs: number; dashboardMs: number };
  usage?: UsageSide & { timeRatioToBare: number };
  /** `--only big`: the same org at --scale 180000 (about 2 M records), held to memory targets. */
  big?: BigFigures;
  misses: string[];
}

export interface BigFigures {
  scale: number;
  /** The whole scenario, demo org start to the pack written. */
  wallMs?: number;
  /** The demo org's process: spawn to listening (generation and indexing), and its peak RSS through the collection(s). */
  demoOrg?: { readyMs: number; peakRssMb: number | null };
  /** The bare figures are null with `--no-bare`. */
  collect: { rows: number; ms: number; bareMs: number | null; ratioToBare: number | null; peakRssMb: number; barePeakRssMb: number | null; apiCalls: number };
  /** Cold `audit.evaluate` (load, index, every user classified, every check) plus `report --json` streamed to a file; null if it failed. */
  evaluate: { ms: number; evaluateMs: number; users: number; userChecks: number; reportBytes: number; peakRssMb: number } | null;
  export: { ms: number; rows: number; peakRssMb: number } | null;
  /** Steps that failed (e.g. out of memory), each with the line that says why. */
  failed?: string[];
}

export interface EvaluateAppSide {
  ms: number;
  evaluateMs: number;
  users: number;
  userChecks: number;
  reportBytes: number;
  peakRssMb: number;
}

/**
 * The fewest calls that can fetch these rows: the global describe and one per object, then
 * per REST query ceil(rows/2000) pages (at least one; FieldDefinition needs one query per
 * object, as Salesforce refuses it unfiltered or with IN/OR), or for Bulk 2.0 the job
 * creation, one status check and its 50,000-row pages.
 */
export function minimumCalls(objects: CollectSide['objects'], restPage = 2000, bulkPage = 50_000): number {
  let calls = 1 + objects.length;
  for (const o of objects) {
    if (o.queries === 0) continue;
    calls += o.api === 'bulk' ? 2 + Math.max(1, Math.ceil(o.count / bulkPage)) : Math.max(o.queries, Math.ceil(o.count / restPage));
  }
  return calls;
}

interface Target {
  label: string;
  figure: (r: BenchResult) => number | undefined;
  show: (v: number) => string;
  goal: string;
  ok: (v: number, r: BenchResult) => boolean;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (v: number) => `${fmt(v)} ms`;

export const TARGETS: Target[] = [
  { label: 'collect: rows/s vs bare', figure: (r) => r.collect?.ratioToBare, show: (v) => `${fmt(v, 2)}×`, goal: '≥ 0.50×', ok: (v) => v >= 0.5 },
  { label: 'collect: API calls vs minimum', figure: (r) => r.collect?.apiCalls, show: (v) => fmt(v), goal: '≤ 1.5 × min', ok: (v, r) => v <= 1.5 * (r.collect?.apiCallsMin ?? 0) },
  { label: 'evaluate: all integration users', figure: (r) => r.evaluate?.ms, show: ms, goal: '< 1,000 ms', ok: (v) => v < 1000 },
  { label: 'export: rows/s vs bare', figure: (r) => r.export?.ratioToBare, show: (v) => `${fmt(v, 2)}×`, goal: '≥ 0.50×', ok: (v) => v >= 0.5 },
  { label: 'export: peak RSS', figure: (r) => r.export?.peakRssMb, show: (v) => `${fmt(v)} MB`, goal: '< 1,024 MB', ok: (v) => v < 1024 },
  {
    label: 'export (large Effective Access): rows/s vs bare',
    figure: (r) => r.export?.largeEffectiveAccess?.ratioToBare,
    show: (v) => `${fmt(v, 2)}×`,
    goal: '≥ 0.50×',
    ok: (v) => v >= 0.5,
  },
  {
    label: 'export (large Effective Access): peak RSS',
    figure: (r) => r.export?.largeEffectiveAccess?.peakRssMb,
    show: (v) => `${fmt(v)} MB`,
    goal: '< 1,024 MB',
    ok: (v) => v < 1024,
  },
  { label: 'ui: demo → users table', figure: (r) => r.ui?.demoToTableMs, show: ms, goal: '< 5,000 ms', ok: (v) => v < 5000 },
  { label: 'usage: API calls vs minimum', figure: (r) => r.usage?.apiCalls, show: (v) => fmt(v), goal: '≤ 1.5 × min', ok: (v, r) => v <= 1.5 * (r.usage?.apiCallsMin ?? 0) },
  { label: 'big: collect peak RSS', figure: (r) => r.big?.collect.peakRssMb, show: (v) => `${fmt(v)} MB`, goal: '< 1,024 MB', ok: (v) => v < 1024 },
  { label: 'big: collect rows/s vs bare', figure: (r) => r.big?.collect.ratioToBare ?? undefined, show: (v) => `${fmt(v, 2)}×`, goal: '≥ 0.50×', ok: (v) => v >= 0.5 },
  { label: 'big: evaluate + report --json', figure: (r) => r.big?.evaluate?.ms, show: ms, goal: '< 5,000 ms', ok: (v) => v < 5000 },
  { label: 'big: export peak RSS', figure: (r) => r.big?.export?.peakRssMb, show: (v) => `${fmt(v)} MB`, goal: '< 1,024 MB', ok: (v) => v < 1024 },
];

export function missesOf(r: BenchResult): string[] {
  const out: string[] = [];
  for (const t of TARGETS) {
    const v = t.figure(r);
    if (v !== undefined && !t.ok(v, r)) out.push(`${t.label}: ${t.show(v)} (target ${t.goal})`);
  }
  for (const f of r.big?.failed ?? []) out.push(`big: ${f} (step failed)`);
  return out;
}

export function table(r: BenchResult): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `Benchmarks (${m.mode}, demo org --scale ${fmt(m.scale)}) — ${m.nproc} cores, ${fmt(m.memoryMb)} MB, Node ${m.node}, load average ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')} at start${m.loadAverageEnd ? `, ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' ')} at end` : ''}`,
  );
  lines.push('');
  const rows: [string, string, string][] = [];
  if (r.collect) {
    const c = r.collect;
    rows.push(['collect.rowsPerSec', `${fmt(c.rowsPerSec)} rows/s (${fmt(c.rows)} rows in ${ms(c.ms)}; bare ${fmt(c.bareRowsPerSec)} rows/s in ${ms(c.bareMs)})`, '']);
    rows.push(['collect.ratioToBare', `${fmt(c.ratioToBare, 2)}×`, verdict(r, 0)]);
    rows.push(['collect.apiCalls', `${fmt(c.apiCalls)} (min ${fmt(c.apiCallsMin)}, ${fmt(c.apiCalls / c.apiCallsMin, 2)}×)`, verdict(r, 1)]);
    rows.push(['collect.peakRssMb', `${fmt(c.peakRssMb)} MB`, '']);
  }
  if (r.evaluate) {
    const e = r.evaluate;
    rows.push([
      'evaluate.ms',
      `${ms(e.ms)} (index ${ms(e.prepareMs)} + classify/checks ${ms(e.ms - e.prepareMs)}; ${fmt(e.users)} users, ${fmt(e.integrationUsers)} integration)`,
      verdict(r, 2),
    ]);
    rows.push(['evaluate.allUsersAccessMs', ms(e.allUsersAccessMs), '']);
    rows.push(['evaluate.loadMs', `${ms(e.loadMs)} (snapshot from SQLite, not in evaluate.ms)`, '']);
  }
  const x = r.export;
  if (x?.rowsPerSec !== undefined) {
    rows.push([
      'export.rowsPerSec',
      `${fmt(x.rowsPerSec)} rows/s (${fmt(x.rows ?? 0)} rows, Effective Access ${x.effectiveAccessRows == null ? '?' : fmt(x.effectiveAccessRows)}, in ${ms(x.ms ?? 0)}; bare ${fmt(x.bareRowsPerSec ?? 0)} rows/s in ${ms(x.bareMs ?? 0)})`,
      '',
    ]);
    rows.push(['export.ratioToBare', `${fmt(x.ratioToBare ?? 0, 2)}×`, verdict(r, 3)]);
    rows.push(['export.peakRssMb', `${fmt(x.peakRssMb ?? 0)} MB`, verdict(r, 4)]);
  }
  const g = r.big;
  if (g) {
    if (g.wallMs !== undefined) rows.push(['big.wallMs', `${ms(g.wallMs)} for the whole scenario (demo org start to the pack written)`, '']);
    if (g.demoOrg)
      rows.push([
        'big.demoOrg',
        `ready in ${ms(g.demoOrg.readyMs)} (generation and indexing), peak RSS ${g.demoOrg.peakRssMb === null ? '?' : `${fmt(g.demoOrg.peakRssMb)} MB`}`,
        '',
      ]);
    const c = g.collect;
    const bare = c.bareMs === null ? 'bare pipeline skipped (--no-bare)' : `bare ${ms(c.bareMs)}, peak ${fmt(c.barePeakRssMb ?? 0)} MB`;
    rows.push(['big.collect', `${fmt(c.rows)} rows in ${ms(c.ms)} (${fmt(c.apiCalls)} API calls); ${bare}`, '']);
    rows.push(['big.collect.peakRssMb', `${fmt(c.peakRssMb)} MB`, verdictOf(r, 'big: collect peak RSS')]);
    if (c.ratioToBare !== null) rows.push(['big.collect.ratioToBare', `${fmt(c.ratioToBare, 2)}×`, verdictOf(r, 'big: collect rows/s vs bare')]);
    const e = g.evaluate;
    if (e) {
      rows.push([
        'big.evaluate.ms',
        `${ms(e.ms)} (audit.evaluate ${ms(e.evaluateMs)}; ${fmt(e.users)} users, ${fmt(e.userChecks)} user checks; report ${fmt(e.reportBytes)} bytes; peak ${fmt(e.peakRssMb)} MB)`,
        verdictOf(r, 'big: evaluate + report --json'),
      ]);
    }
    if (g.export) rows.push(['big.export.peakRssMb', `${fmt(g.export.peakRssMb)} MB (${fmt(g.export.rows)} rows in ${ms(g.export.ms)})`, verdictOf(r, 'big: export peak RSS')]);
    for (const f of g.failed ?? []) rows.push(['big: FAILED', f, '']);
  }
  const l = x?.largeEffectiveAccess;
  if (l) {
    const k = 'export.largeEffectiveAccess';
    rows.push([
      `${k}.rowsPerSec`,
      `${fmt(l.rowsPerSec)} rows/s (${fmt(l.rows)} rows, Effective Access ${fmt(l.effectiveAccessRows ?? 0)} = ${fmt(l.users)} users × ${fmt(l.objects)} objects, in ${ms(l.ms)}; bare ${fmt(l.bareRowsPerSec)} rows/s in ${ms(l.bareMs)}, peak ${fmt(l.barePeakRssMb)} MB)`,
      '',
    ]);
    rows.push([`${k}.ratioToBare`, `${fmt(l.ratioToBare, 2)}×`, verdict(r, 5)]);
    rows.push([`${k}.peakRssMb`, `${fmt(l.peakRssMb)} MB`, verdict(r, 6)]);
  }
  if (r.ui) rows.push(['ui.demoToTableMs', `${ms(r.ui.demoToTableMs)} (dashboard after ${ms(r.ui.dashboardMs)})`, verdict(r, 7)]);
  if (r.usage) {
    const u = r.usage;
    rows.push([
      'usage.ms',
      `${ms(u.ms)} (${fmt(u.files)} log file(s), ${fmt(u.objectsCounted)} of ${fmt(u.objects)} objects counted, ${fmt(u.groups)} user groups, ${fmt(u.gaps)} gaps; bare ${ms(u.bareMs)}; time ${fmt(u.timeRatioToBare, 2)}× bare, ${fmt((u.ms - u.planMs) / Math.max(1, u.bareMs), 2)}× without the ${ms(u.planMs)} of planning)`,
      '',
    ]);
    rows.push([
      'usage.apiCalls',
      `${fmt(u.apiCalls)} (min ${fmt(u.apiCallsMin)}, ${fmt(u.apiCalls / Math.max(1, u.apiCallsMin), 2)}×)`,
      verdict(
        r,
        TARGETS.findIndex((t) => t.label.startsWith('usage:')),
      ),
    ]);
  }
  const w0 = Math.max(...rows.map((x) => x[0].length));
  for (const [k, v, s] of rows) lines.push(`  ${k.padEnd(w0)}  ${v}${s ? `   ${s}` : ''}`);
  lines.push('');
  lines.push(r.misses.length ? `MISSED ${r.misses.length} target${r.misses.length === 1 ? '' : 's'}:\n${r.misses.map((x) => `  ✗ ${x}`).join('\n')}` : 'All targets met.');
  return lines.join('\n');
}

function verdictOf(r: BenchResult, label: string): string {
  return verdict(
    r,
    TARGETS.findIndex((t) => t.label === label),
  );
}

function verdict(r: BenchResult, i: number): string {
  const t = TARGETS[i];
  const v = t.figure(r);
  if (v === undefined) return '';
  return `${t.ok(v, r) ? 'pass' : 'MISS'} (target ${t.goal})`;
}
