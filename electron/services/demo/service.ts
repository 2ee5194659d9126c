/**
 * "Try the demo org": the embedded simulator started in-process, registered as an org,
 * collected like any real org (same code path, same snapshot rules) and given the scope
 * file that ships with it. The simulator lives as long as the back end, so the auditor can
 * collect it again; a new launch gets a new port and simply re-registers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/contract';
import { parseScopeText, type ScopeFile } from '../../../shared/audit/scope';
import type { AuditService } from '../audit/service';
import type { ServiceContext } from '../context';
import { collectOrg } from '../orgs/collect';
import type { OrgDeps } from '../orgs/deps';
import { addOrg } from '../orgs/service';

export const DEMO_ALIAS = 'greenpath-demo';
const SCOPE_FILE = 'greenpath-scope.yaml';

const DAY = 86_400_000;

/**
 * The demo org's records are dated relative to today; the shipped scope's `lastReviewed` dates
 * are fixed. Shift them together so the newest review was 30 days ago and the gaps between them
 * stay as written (so IU-15 reads the same story whenever the demo runs: Pharmacy's quarterly
 * review is overdue, the others are on time).
 */
export function rebaseReviewDates(scope: ScopeFile, today: Date): ScopeFile {
  const dates = scope.systems
    .map((s) => s.lastReviewed)
    .filter((d): d is string => !!d)
    .map((d) => Date.parse(`${d}T00:00:00Z`));
  if (dates.length === 0) return scope;
  const shift = today.getTime() - 30 * DAY - Math.max(...dates);
  const day = (ms: number) => new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);
  return { ...scope, systems: scope.systems.map((s) => (s.lastReviewed ? { ...s, lastReviewed: day(Date.parse(`${s.lastReviewed}T00:00:00Z`) + shift) } : s)) };
}

interface RunningDemo {
  url: string;
  accessToken: string;
  close(): Promise<void>;
}

/** The shipped scope file: beside the simulator in source, copied beside the bundle in builds. */
export function demoScopePath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../demo-org', SCOPE_FILE), path.resolve(here, 'demo-org', SCOPE_FILE), path.resolve(here, SCOPE_FILE)];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${SCOPE_FILE} not found near ${here}`);
  return found;
}

export interface DemoService {
  start(): Promise<{ orgAlias: string; snapshotId: string }>;
  close(): Promise<void>;
}

export function createDemoService(ctx: ServiceContext, deps: OrgDeps, audit: AuditService): DemoService {
  let running: Promise<RunningDemo> | null = null;
  let busy = false;

  function ensureRunning(): Promise<RunningDemo> {
    running ??= import('../../demo-org/index')
      .then((m) => m.startDemoOrg({}))
      .catch((err: unknown) => {
        running = null;
        throw err;
      });
    return running;
  }

  return {
    async start() {
      if (busy) throw new AppError('busy', 'The demo org is already being set up; wait for it to finish.');
      busy = true;
      try {
        const demo = await ensureRunning();
        await addOrg(ctx, deps, { alias: DEMO_ALIAS, method: 'access_token', instanceUrl: demo.url, accessToken: demo.accessToken });
        const result = await collectOrg(ctx, deps, { alias: DEMO_ALIAS });
        const file = demoScopePath();
        const parsed = parseScopeText(fs.readFileSync(file, 'utf8'), { fileName: SCOPE_FILE, format: 'yaml' });
        if (!parsed.ok) throw new Error(`the shipped ${SCOPE_FILE} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
        // Keep an auditor's edits to the demo scope when they try the demo again.
        if (audit.scope(DEMO_ALIAS).systems.length === 0) audit.saveScope(DEMO_ALIAS, rebaseReviewDates(parsed.scope, new Date()), 'Demo (shipped scope)');
        return { orgAlias: DEMO_ALIAS, snapshotId: result.snapshotId };
      } finally {
        busy = false;
      }
    },
    async close() {
      const r = running;
      running = null;
      if (r) await (await r).close();
    },
  };
}
