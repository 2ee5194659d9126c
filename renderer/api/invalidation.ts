/**
 * What a change makes stale. The back end announces every change it makes with one
 * `data.changed { orgAlias, what }` event (whichever door the mutation came through), and the
 * renderer invalidates only the queries that change can affect — once: mutations themselves
 * invalidate nothing. Re-evaluating a snapshot is the expensive part, so a review decision
 * refreshes the evaluation once and leaves scope templates, snapshot lists and the like alone.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { CallName, EventPayload } from '../../shared/contract';

export type DataChange = EventPayload<'data.changed'>;

/** Calls whose answers each kind of change can alter. An unknown kind refreshes everything. */
const STALE_AFTER: Record<string, readonly CallName[]> = {
  orgs: [
    'orgs.list',
    'snapshots.list',
    'snapshots.get',
    'scope.get',
    'scope.history',
    'audit.evaluate',
    'audit.user',
    'audit.diff',
    'usage.report',
    'review.activity',
    'review.settings',
  ],
  snapshots: ['orgs.list', 'snapshots.list', 'snapshots.get', 'scope.get', 'audit.evaluate', 'audit.user', 'audit.diff', 'usage.report', 'review.activity'],
  scope: ['orgs.list', 'scope.get', 'scope.history', 'audit.evaluate', 'audit.user', 'audit.diff', 'usage.report', 'review.activity'],
  review: ['orgs.list', 'audit.evaluate', 'review.activity', 'review.settings'],
  // A usage pull adds log files and write counts to the org's usage history; snapshots are untouched.
  usage: ['usage.report'],
  // The reviewer set in settings: only the settings call answers differently.
  reviewer: ['review.reviewer'],
};

function orgOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const { orgAlias, alias } = input as { orgAlias?: unknown; alias?: unknown };
  return typeof orgAlias === 'string' ? orgAlias : typeof alias === 'string' ? alias : null;
}

/** True when a query keyed `[call, input]` may answer differently after `change`. */
export function isStaleAfter(change: DataChange, queryKey: QueryKey): boolean {
  const [name, input] = queryKey;
  const calls = STALE_AFTER[change.what];
  if (!calls) return true;
  if (!calls.includes(name as CallName)) return false;
  const org = orgOf(input);
  // A query about another org is untouched; one about no org in particular (lists) may change.
  return change.orgAlias === null || org === null || org === change.orgAlias;
}

export function invalidateAfterChange(queryClient: QueryClient, change: DataChange): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => isStaleAfter(change, q.queryKey) });
}
