/**
 * Global setup for the Vitest run: gives reliability test files a directory for their
 * counters and, at the end, prints the reliability report (only when reliability files ran).
 * A write seen by any demo org fails the run here too, after the table is printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { COUNTERS, type Counter, type JournalLine, type TallyLine } from './report-types';

const HEAD: Record<Counter, string> = { tests: 'tests', faults: 'faults injected', kills: 'kills survived', hostile: 'hostile inputs', nothingLost: '"nothing lost" checks' };

const NAMES: Record<string, string> = {
  '#1': 'kill -9 while collecting',
  '#2': 'API limit / reserve',
  '#3': '503s and dropped connections',
  '#4': 'expired session, rotated refresh token',
  '#5': 'invalid_grant on refresh',
  '#6': 'unreadable objects (coverage gaps)',
  '#7': 'large org',
  '#8': 'hostile values in org data',
  '#9': 'corrupted / truncated database',
  '#10': 'database from a newer version',
  '#11': 'tampered pack or snapshot file',
  '#12': 'hostile import files',
  '#13': 'secrets never stored or shown',
  '#14': 'read-only guarantee (files, requests)',
  '#15': 'Electron hardening (test/unit/electron)',
  '#16': 'invalid input over the contract',
  '#17': 'two collections at once',
  '#18': 'disk full during a collection',
  // Data safety and hostile input (issue #20, docs/security.md): one row per item.
  s1: 'safety 1: export never deletes or replaces',
  s2: 'safety 2: CSV formula injection',
  s3: 'safety 3: verify bounded (huge parts)',
  s4: 'safety 4: verify sheet floods',
  s5: 'safety 5: duplicate sheet names',
  s6: 'safety 6: one org per alias (--replace)',
  s7: 'safety 7: private files (0700/0600)',
  s8: 'safety 8: oversized browser bodies (413)',
  s9: 'safety 9: bad percent-encoding (400)',
  s10: 'safety 10: file errors in words',
  s11: 'safety 11: future-dated snapshot import',
  s12: 'safety 12: event-stream limits',
  s13: 'safety 13: --from-sf-cli option injection',
  s14: 'safety 14: mistyped --data-dir',
  soak: 'soak: 200 collections, latency, 503s',
  fuzz: 'fuzz: SOQL builder, scope parser',
};

function order(id: string): number {
  const n = /^#(\d+)$/.exec(id);
  if (n) return Number(n[1]);
  const safety = /^s(\d+)$/.exec(id);
  if (safety) return 50 + Number(safety[1]);
  return id === 'soak' ? 100 : 101;
}

export function renderReport(lines: (TallyLine | JournalLine)[]): string {
  const by = new Map<string, Partial<Record<Counter, number>>>();
  for (const l of lines) {
    if (l.kind !== 'tally') continue;
    const t = by.get(l.scenario) ?? {};
    for (const c of COUNTERS) t[c] = (t[c] ?? 0) + (l.counts[c] ?? 0);
    by.set(l.scenario, t);
  }
  const journals = lines.filter((l): l is JournalLine => l.kind === 'journal');
  const j = journals.reduce(
    (a, l) => ({ orgs: a.orgs + l.orgs, requests: a.requests + l.requests, oauth: a.oauth + l.oauth, bulkJobs: a.bulkJobs + l.bulkJobs, other: a.other + l.otherNonGet }),
    { orgs: 0, requests: 0, oauth: 0, bulkJobs: 0, other: 0 },
  );
  // #14 is audited in every file: its row counts the files and the requests checked.
  if (journals.length) by.set('#14', { tests: journals.length, nothingLost: j.requests });
  const rows = [...by].sort(([a], [b]) => order(a) - order(b));
  const header = ['scenario', ...COUNTERS.map((c) => HEAD[c])];
  const body = rows.map(([id, t]) => [id.startsWith('#') ? `${id} ${NAMES[id] ?? ''}`.trim() : (NAMES[id] ?? id), ...COUNTERS.map((c) => String(t[c] ?? 0))]);
  const total = ['total', ...COUNTERS.map((c) => String(rows.reduce((n, [, t]) => n + (t[c] ?? 0), 0)))];
  const table = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  const out = [
    '',
    'Reliability report',
    '',
    fmt(header),
    sep,
    ...body.map(fmt),
    fmt(total),
    '',
    `Scenarios run: ${rows.length}. #15 Electron hardening is covered by test/unit/electron (not counted here). Read-only audit (#14): ${j.requests} requests to ${j.orgs} demo orgs; non-GET: ${j.oauth} OAuth token calls, ${j.bulkJobs} Bulk 2.0 query jobs, ${j.other} other (must be 0).`,
    '',
  ];
  return out.join('\n');
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iua-reliability-report-'));
  project.provide('reliabilityReportDir', dir);
  return () => {
    const file = path.join(dir, 'counters.jsonl');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    if (!text.trim()) return;
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TallyLine | JournalLine);
    process.stdout.write(renderReport(lines) + '\n');
    const writes = lines.filter((l): l is JournalLine => l.kind === 'journal').flatMap((l) => l.violations.map((v) => `${l.file}: ${v}`));
    if (writes.length) throw new Error(`read-only guarantee broken: ${writes.slice(0, 10).join(', ')}`);
  };
}
