import { evaluate } from '../../../shared/audit/evaluate';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { CheckResult, Evaluation } from '../../../shared/audit/types';
import type { SnapshotData } from '../../../shared/model';
import { AS_OF } from './fixtures';

export function run(snapshot: SnapshotData, scope: ScopeFile | null): Evaluation {
  return evaluate({ snapshot, scope, asOf: AS_OF });
}

export function check(e: Evaluation, id: string, opts: { system?: string; username?: string } = {}): CheckResult {
  const results = id.startsWith('ORG') ? e.orgChecks : e.systems.filter((s) => !opts.system || s.name === opts.system).flatMap((s) => s.checks);
  const r = results.find((c) => c.id === id && (!opts.username || c.username === opts.username));
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}
