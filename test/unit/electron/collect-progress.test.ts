import { describe, expect, it } from 'vitest';
import { bar, progressMeter } from '../../../electron/cli/commands/collect';
import type { EventPayload } from '../../../shared/contract';

const ev = (p: Partial<EventPayload<'collect.progress'>>): EventPayload<'collect.progress'> => ({
  alias: 'a',
  phase: 'fetch',
  object: 'User',
  fetched: 0,
  total: null,
  objectIndex: 0,
  objectCount: 20,
  apiCalls: 0,
  budget: null,
  ...p,
});

describe('iua collect progress line', () => {
  it('shows rows, the rate over all objects, the time left for the object and API calls against the budget', () => {
    const meter = progressMeter();
    expect(meter(ev({ object: 'Profile', fetched: 500, total: 500 }), 0)).toBeNull();
    meter(ev({ object: 'User', fetched: 0, total: 10_500, objectIndex: 1 }), 500);
    const rate = meter(ev({ object: 'User', fetched: 4_500, total: 10_500, objectIndex: 1 }), 2_000);
    // 4,500 more rows over all objects in 2 s; 6,000 left at that rate.
    expect(rate).toBe(2_250);
    const line = bar(ev({ object: 'User', fetched: 4_500, total: 10_500, objectIndex: 1, apiCalls: 12, budget: { used: 1_000, limit: 15_000, ceiling: 12_000 } }), rate);
    expect(line).toContain('2/20 User 4500/10500');
    expect(line).toContain('2,250/s, 3 s left');
    expect(line).toContain('api calls: 12 (org 1000/15000, stops at 12000)');
    // Not fetching: no rate, and a phase without totals still reads.
    expect(bar(ev({ phase: 'store', object: null }), null)).toMatch(/^store\s+\[\.+\]/);
  });
});
