/** What test files append to the report file, shared by report.ts (in workers) and global-setup.ts (in the main process). */
export const COUNTERS = ['tests', 'faults', 'kills', 'hostile', 'nothingLost'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Partial<Record<Counter, number>>;

export interface TallyLine {
  kind: 'tally';
  file: string;
  scenario: string;
  counts: Counts;
}

export interface JournalLine {
  kind: 'journal';
  file: string;
  orgs: number;
  requests: number;
  oauth: number;
  bulkJobs: number;
  otherNonGet: number;
  violations: string[];
}
