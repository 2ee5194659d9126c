/**
 * Counters for the reliability report. Tests tally what they did per scenario (faults
 * injected, kills survived, hostile inputs tried, "nothing lost" checks); each file appends
 * its tallies, and the read-only audit of every demo org it started, to a JSON-lines file in
 * the directory the global setup provides. The global teardown prints the table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import type { DemoOrg, JournalEntry } from '../../../electron/demo-org/index';
import type { Counter, Counts, JournalLine, TallyLine } from './report-types';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityReportDir: string;
  }
}

export { type Counts } from './report-types';

const tallies = new Map<string, Counts>();
const watched: DemoOrg[] = [];
let fileName = 'unknown';

/** Adds to a scenario's counters (scenario ids: "#1".."#18", "soak", "fuzz"). */
export function tally(scenario: string, counts: Counts): void {
  const t = tallies.get(scenario) ?? {};
  for (const [k, v] of Object.entries(counts) as [Counter, number][]) t[k] = (t[k] ?? 0) + v;
  tallies.set(scenario, t);
}

/** Names this file in the report (call once at the top of a test file). */
export function reportAs(file: string): void {
  fileName = file;
}

/** Every demo org a reliability test starts is audited for writes when its file ends. */
export function watchOrg<T extends DemoOrg>(org: T): T {
  watched.push(org);
  return org;
}

const TOKEN = '/services/oauth2/token';
const BULK_JOBS = /^\/services\/data\/v\d+\.\d\/jobs\/query$/;

/** Classifies one request: the read-only guarantee allows GET, OAuth token calls and Bulk 2.0 query job creation. */
export function requestKind(e: JournalEntry): 'get' | 'oauth' | 'bulkJob' | 'other' {
  if (e.method === 'GET' || e.method === 'HEAD') return 'get';
  if (e.method === 'POST' && e.path === TOKEN) return 'oauth';
  if (e.method === 'POST' && BULK_JOBS.test(e.path)) return 'bulkJob';
  return 'other';
}

function reportDir(): string | null {
  try {
    return inject('reliabilityReportDir') ?? null;
  } catch {
    return null;
  }
}

afterAll(() => {
  const journal: JournalLine = { kind: 'journal', file: fileName, orgs: watched.length, requests: 0, oauth: 0, bulkJobs: 0, otherNonGet: 0, violations: [] };
  for (const org of watched) {
    for (const e of org.journal) {
      journal.requests++;
      const k = requestKind(e);
      if (k === 'oauth') journal.oauth++;
      else if (k === 'bulkJob') journal.bulkJobs++;
      else if (k === 'other') {
        journal.otherNonGet++;
        journal.violations.push(`${e.method} ${e.path}`);
      }
    }
  }
  const dir = reportDir();
  if (dir && fs.existsSync(dir)) {
    const lines = [...tallies].map(([scenario, counts]): TallyLine => ({ kind: 'tally', file: fileName, scenario, counts }));
    if (watched.length) lines.push(journal as never);
    if (lines.length) fs.appendFileSync(path.join(dir, 'counters.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
  // #14 read-only: no demo org started by this file saw a create, update or delete.
  expect(journal.violations, `${fileName}: non-read requests reached the org`).toEqual([]);
});
