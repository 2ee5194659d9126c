import { describe, expect, it } from 'vitest';
import { timeAgo, shortUsername, snapshotLabel } from '../../../renderer/lib/format';
import { EMPTY_PROGRESS, progressPercent, progressRate, reduceProgress, type ProgressEvent } from '../../../renderer/features/collect/progress';
import { formatDuration, recordsPerSecond } from '../../../shared/collect-rate';
import { toAddOrgInput, METHODS } from '../../../renderer/features/home/authMethods';
import { AUTH_METHODS } from '../../../shared/contract';

describe('timeAgo', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('says how old a snapshot is in words', () => {
    expect(timeAgo('2026-01-10T11:59:50Z', now)).toBe('just now');
    expect(timeAgo('2026-01-10T11:58:00Z', now)).toBe('2 minutes ago');
    expect(timeAgo('2026-01-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-01-09T12:00:00Z', now)).toBe('1 day ago');
    expect(timeAgo('2025-10-10T12:00:00Z', now)).toBe('3 months ago');
    expect(timeAgo(null, now)).toBe('never');
    expect(timeAgo('not a date', now)).toBe('unknown');
  });
  it('shortens a username to its local part', () => {
    expect(shortUsername('j.alvarez@greenpath.example')).toBe('j.alvarez@…');
    expect(shortUsername('nodomain')).toBe('nodomain');
  });
});

describe('reduceProgress', () => {
  const ev = (p: Partial<ProgressEvent>): ProgressEvent => ({
    alias: 'a',
    phase: 'fetch',
    object: null,
    fetched: 0,
    total: null,
    objectIndex: 0,
    objectCount: 3,
    apiCalls: 0,
    budget: null,
    ...p,
  });
  it('keeps one line per object and marks earlier objects done when the next starts', () => {
    let s = reduceProgress(EMPTY_PROGRESS, ev({ phase: 'connect', apiCalls: 1 }));
    s = reduceProgress(s, ev({ object: 'User', fetched: 100, total: 250, apiCalls: 3 }));
    s = reduceProgress(s, ev({ object: 'User', fetched: 250, total: 250, apiCalls: 4 }));
    s = reduceProgress(s, ev({ object: 'Profile', fetched: 5, total: null, objectIndex: 1, apiCalls: 5 }));
    expect(s.objects).toEqual([
      { object: 'User', fetched: 250, total: 250, done: true },
      { object: 'Profile', fetched: 5, total: null, done: false },
    ]);
    expect(s.apiCalls).toBe(5);
    expect(progressPercent(s)).toBe(33);
    s = reduceProgress(s, ev({ phase: 'done', objectIndex: 3, apiCalls: 6 }));
    expect(s.objects.every((o) => o.done)).toBe(true);
    expect(progressPercent(s)).toBe(100);
  });
  it('measures records per second over the last seconds and the time left for the object being fetched', () => {
    let s = reduceProgress(EMPTY_PROGRESS, ev({ object: 'User', fetched: 0, total: 10_000 }), 0);
    expect(progressRate(s).perSecond).toBeNull();
    s = reduceProgress(s, ev({ object: 'User', fetched: 2_000, total: 10_000 }), 1_000);
    s = reduceProgress(s, ev({ object: 'User', fetched: 4_000, total: 10_000 }), 2_000);
    expect(progressRate(s)).toEqual({ perSecond: 2_000, object: 'User', timeLeftMs: 3_000 });
    // A finished object counts toward the rate; the next one's total is unknown, so no time left.
    s = reduceProgress(s, ev({ object: 'Profile', fetched: 1_000, total: null, objectIndex: 1 }), 3_000);
    expect(progressRate(s)).toEqual({ perSecond: (5_000 / 3_000) * 1000, object: 'Profile', timeLeftMs: null });
    // Only the last few seconds count: a slow object shows its own rate, not the average of the run.
    s = reduceProgress(s, ev({ object: 'Profile', fetched: 1_100, total: null, objectIndex: 1 }), 20_000);
    s = reduceProgress(s, ev({ object: 'Profile', fetched: 1_200, total: null, objectIndex: 1 }), 22_000);
    expect(recordsPerSecond(s.samples)).toBeLessThan(100);
    expect(formatDuration(3_000)).toBe('3 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(4_800_000)).toBe('1 h 20 min');
  });
  it('starts over when another org reports', () => {
    const s = reduceProgress(reduceProgress(EMPTY_PROGRESS, ev({ object: 'User', fetched: 1 })), ev({ alias: 'b', object: 'Profile', fetched: 2 }));
    expect(s.alias).toBe('b');
    expect(s.objects.map((o) => o.object)).toEqual(['Profile']);
  });
});

describe('Add org form', () => {
  it('offers every auth method the contract supports', () => {
    expect(new Set(METHODS.map((m) => m.method))).toEqual(new Set(AUTH_METHODS));
  });
  it('sends only the chosen method’s fields, trimmed, blanks dropped, port as a number', () => {
    const input = toAddOrgInput({
      alias: ' acme ',
      method: 'web',
      loginUrl: ' https://login.salesforce.com ',
      clientId: 'cid',
      clientSecret: '',
      redirectPort: '1717',
      accessToken: 'left over from another method',
      apiVersion: '',
    });
    expect(input).toEqual({ alias: 'acme', method: 'web', loginUrl: 'https://login.salesforce.com', clientId: 'cid', redirectPort: 1717 });
  });
  it('keeps secrets byte for byte (a PEM key keeps its newlines)', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';
    expect(toAddOrgInput({ alias: 'x', method: 'jwt', clientId: 'c', username: 'u@x', privateKeyPem: pem })).toMatchObject({ privateKeyPem: pem });
  });
});

describe('snapshotLabel', () => {
  it('tells apart two snapshots collected in the same minute', () => {
    const a = snapshotLabel({ id: '20261128T125941Z-0a1b2c3d', finishedAt: '2026-11-28T12:59:41.120Z' });
    const b = snapshotLabel({ id: '20261128T125958Z-9f8e7d6c', finishedAt: '2026-11-28T12:59:58.004Z', current: true });
    expect(a).toBe('2026-11-28 12:59:41 UTC · 0a1b2c3d');
    expect(b).toBe('2026-11-28 12:59:58 UTC · 9f8e7d6c (current)');
  });
});
