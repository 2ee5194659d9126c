// A .tsx test: it imports TanStack Query, whose types need the DOM lib (tsconfig.web.json checks it).
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { invalidateAfterChange, isStaleAfter } from '../../../renderer/api/invalidation';

/** Watched queries (as mounted screens hold them) counting how often each is fetched. */
async function watched(keys: [string, object][]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
  const fetches = new Map<string, number>();
  const observers = keys.map((queryKey) => {
    const id = JSON.stringify(queryKey);
    fetches.set(id, 0);
    const o = new QueryObserver(client, { queryKey, queryFn: () => (fetches.set(id, fetches.get(id)! + 1), id) });
    o.subscribe(() => undefined);
    return o;
  });
  await Promise.all(observers.map((o) => o.refetch()));
  for (const k of fetches.keys()) fetches.set(k, 0);
  return { client, fetches: () => Object.fromEntries([...fetches].map(([k, n]) => [JSON.parse(k)[0] + ' ' + JSON.stringify(JSON.parse(k)[1]), n])) };
}

describe('one invalidation per change, only of what changed', () => {
  it('a review decision refetches the evaluation of that org once and nothing else', async () => {
    const w = await watched([
      ['audit.evaluate', { orgAlias: 'acme' }],
      ['audit.evaluate', { orgAlias: 'other' }],
      ['scope.templates', {}],
      ['snapshots.list', { alias: 'acme' }],
      ['orgs.list', {}],
    ]);
    await invalidateAfterChange(w.client, { orgAlias: 'acme', what: 'review' });
    expect(w.fetches()).toEqual({
      'audit.evaluate {"orgAlias":"acme"}': 1,
      'audit.evaluate {"orgAlias":"other"}': 0,
      'scope.templates {}': 0,
      'snapshots.list {"alias":"acme"}': 0,
      'orgs.list {}': 1,
    });
    w.client.clear();
  });

  it("a new snapshot refreshes that org's snapshots and audit, an unknown change everything", () => {
    const change = { orgAlias: 'acme', what: 'snapshots' };
    expect(isStaleAfter(change, ['snapshots.list', { alias: 'acme' }])).toBe(true);
    expect(isStaleAfter(change, ['snapshots.list', {}])).toBe(true);
    expect(isStaleAfter(change, ['audit.user', { orgAlias: 'acme', userId: '005' }])).toBe(true);
    expect(isStaleAfter(change, ['audit.user', { orgAlias: 'b', userId: '005' }])).toBe(false);
    expect(isStaleAfter(change, ['app.info', {}])).toBe(false);
    expect(isStaleAfter({ orgAlias: null, what: 'something new' }, ['app.info', {}])).toBe(true);
  });

  it('a usage pull refreshes that org’s usage report; a decision refreshes the activity log; a scope edit its history', () => {
    expect(isStaleAfter({ orgAlias: 'acme', what: 'usage' }, ['usage.report', { orgAlias: 'acme' }])).toBe(true);
    expect(isStaleAfter({ orgAlias: 'acme', what: 'usage' }, ['audit.evaluate', { orgAlias: 'acme' }])).toBe(false);
    expect(isStaleAfter({ orgAlias: 'acme', what: 'review' }, ['review.activity', { orgAlias: 'acme' }])).toBe(true);
    expect(isStaleAfter({ orgAlias: 'acme', what: 'scope' }, ['scope.history', { orgAlias: 'acme' }])).toBe(true);
    expect(isStaleAfter({ orgAlias: 'acme', what: 'scope' }, ['usage.report', { orgAlias: 'acme' }])).toBe(true);
  });

  it('setting the reviewer refreshes only the reviewer, for every form that shows it', () => {
    expect(isStaleAfter({ orgAlias: null, what: 'reviewer' }, ['review.reviewer', {}])).toBe(true);
    expect(isStaleAfter({ orgAlias: null, what: 'reviewer' }, ['audit.evaluate', { orgAlias: 'acme' }])).toBe(false);
    expect(isStaleAfter({ orgAlias: null, what: 'reviewer' }, ['orgs.list', {}])).toBe(false);
  });
});
