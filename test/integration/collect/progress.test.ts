import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { addByToken, rig, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

describe('collection progress', () => {
  it('reports rows per object and the org’s API budget with the reserve this run keeps', async () => {
    r = await rig({ apiLimit: 50_000, apiUsage: 12_000 });
    await addByToken(r);
    const events: EventPayload<'collect.progress'>[] = [];
    const off = r.backend.ctx.events.subscribe((name, payload) => {
      if (name === 'collect.progress') events.push(payload as EventPayload<'collect.progress'>);
    });
    await r.backend.call('collect.start', { alias: 'demo', reservePercent: 30 });
    off();
    expect(events[events.length - 1].phase).toBe('done');
    const fetches = events.filter((e) => e.phase === 'fetch');
    expect(new Set(fetches.map((e) => e.object))).toContain('User');
    const last = fetches[fetches.length - 1];
    expect(last.budget).toMatchObject({ limit: 50_000, ceiling: 35_000 });
    expect(last.budget!.used).toBeGreaterThanOrEqual(12_000 + last.apiCalls - 5);
    // Usage only grows as the run goes on.
    const used = fetches.map((e) => e.budget?.used ?? 0);
    expect([...used].sort((a, b) => a - b)).toEqual(used);
  });
});
