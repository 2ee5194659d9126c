/**
 * The pre-flight API estimate is an upper bound: a collection it lets start never crosses the
 * reserve on its own, and one that could is refused before any record is fetched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiCeiling, BULK_POLLS, objectCallBound } from '../../../electron/services/salesforce/budget';
import { DEFAULT_BULK } from '../../../electron/services/salesforce/fetch';
import { addByToken, rig, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('API budget', () => {
  it('counts per-entity and chunked scoped queries by what they really take', () => {
    expect(apiCeiling(1000, 20)).toBe(800);
    expect(objectCallBound({ rows: 0, viaBulk: false, perEntity: { entities: 40 } }, DEFAULT_BULK)).toBe(40);
    // 450 permission sets in chunks of 200: three queries, each at least one call.
    expect(objectCallBound({ rows: 10, viaBulk: false, scoped: { permissionSets: 450, chunkSize: 200 } }, DEFAULT_BULK)).toBe(4);
    expect(objectCallBound({ rows: 120_000, viaBulk: true }, DEFAULT_BULK)).toBe(1 + BULK_POLLS + 3);
  });

  it('never lets a collection start that its own calls push past the reserve', async () => {
    r = await rig({ apiLimit: 100_000 });
    await addByToken(r);
    const used = (await r.backend.call('collect.start', { alias: 'demo' })).apiCalls;
    await r.close();
    // Room for exactly what one collection takes: the old estimate counted FieldDefinition
    // (one query per object) and every chunked query as one call, so it started and was
    // stopped half-way by the live check; an upper bound refuses before fetching anything.
    const limit = 1000;
    r = await rig({ apiLimit: limit, apiUsage: apiCeiling(limit, 20) - used + 1 });
    await addByToken(r);
    const before = r.org.journal.length;
    const err = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    expect(err.code).toBe('api_limit');
    expect(err.message).toMatch(/could take up to \d+ API calls/);
    const sent = r.org.journal.slice(before);
    // Only planning went out: no record query (Profile and FieldDefinition are read only when fetching).
    expect(sent.some((e) => (e.object === 'FieldDefinition' || e.object === 'Profile') && /\/query$/.test(e.path))).toBe(false);
  });
});
