/**
 * FieldDefinition cannot be queried unfiltered in a real org ("a filter on a reified column
 * is required") and rejects OR/IN: the collector asks once per object that the collected
 * permissions mention.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getSnapshotMeta } from '../../../electron/services/snapshots/repository';
import { requireDb } from '../../../electron/services/context';
import { addByToken, rig, type Rig } from './helpers';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

describe('FieldDefinition per object', () => {
  it('queries each permitted object with an equality filter and never unfiltered', async () => {
    r = await rig();
    await addByToken(r);
    const result = await r.backend.call('collect.start', { alias: 'demo', full: true });
    const meta = getSnapshotMeta(requireDb(r.backend.ctx), result.snapshotId)!;
    const stat = meta.objects.find((o) => o.object === 'FieldDefinition')!;
    const queries = stat.soql.split('\n');
    expect(queries.length).toBeGreaterThan(1);
    for (const q of queries) {
      expect(q).toMatch(/ FROM FieldDefinition WHERE EntityDefinition\.QualifiedApiName = '[A-Za-z0-9_]+'$/);
      expect(q).not.toMatch(/\bIN\b|\bOR\b/);
    }
    const objects = queries.map((q) => /= '([^']+)'$/.exec(q)![1]);
    expect(objects).toContain('Contact');
    expect([...objects].sort()).toEqual(objects);
    // The journal agrees: no FieldDefinition query reached the org without its filter.
    const fd = r.org.journal.filter((e) => e.object === 'FieldDefinition' && e.method === 'GET' && /\/query/.test(e.path));
    expect(fd.length).toBe(queries.length);
    expect(result.counts.FieldDefinition).toBe(stat.totalSize);
  });
});
