import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRecordJson } from '../../../electron/services/snapshots/canonical';
import { hashPrepared } from '../../support/snapshot-hash';
import { type PreparedRecord } from '../../../electron/services/snapshots/canonical';

const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));
const record = fc.record({ Id: fc.stringMatching(/^[A-Za-z0-9]{18}$/), A: value, B: value, Zed: value });
const objects = fc.dictionary(fc.constantFrom('User', 'Profile', 'PermissionSet', 'LoginHistory'), fc.uniqueArray(record, { selector: (r) => r.Id, maxLength: 8 }));

function prepared(objs: Record<string, Record<string, unknown>[]>, shuffle: (n: number) => number[]): Map<string, PreparedRecord[]> {
  const names = Object.keys(objs);
  const m = new Map<string, PreparedRecord[]>();
  for (const i of shuffle(names.length)) {
    const rs = objs[names[i]];
    m.set(
      names[i],
      shuffle(rs.length).map((j) => {
        // Key order inside the record is shuffled too.
        const keys = Object.keys(rs[j]);
        const shuffled = Object.fromEntries(shuffle(keys.length).map((k) => [keys[k], rs[j][keys[k]]]));
        return { id: String(rs[j].Id), parentId: null, json: canonicalRecordJson(shuffled as never) };
      }),
    );
  }
  return m;
}

describe('canonical serialisation and content hash', () => {
  it('does not depend on object order, record order or key order', () => {
    fc.assert(
      fc.property(objects, fc.integer(), (objs, seed) => {
        let s = seed;
        const rand = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        const shuffle = (n: number) => [...Array(n).keys()].sort(() => rand() - 0.5);
        const identity = (n: number) => [...Array(n).keys()];
        expect(hashPrepared(prepared(objs, shuffle))).toBe(hashPrepared(prepared(objs, identity)));
      }),
    );
  });

  it('changes when one value, one record or an empty object changes', () => {
    const base = { User: [{ Id: '005000000000001AAA', Name: 'A', IsActive: true }] };
    const h = (o: Record<string, Record<string, unknown>[]>) => hashPrepared(prepared(o, (n) => [...Array(n).keys()]));
    expect(h(base)).not.toBe(h({ User: [{ Id: '005000000000001AAA', Name: 'B', IsActive: true }] }));
    expect(h(base)).not.toBe(h({ User: [{ Id: '005000000000001AAA', Name: 'A', IsActive: 'true' }] }));
    expect(h(base)).not.toBe(h({ ...base, Profile: [] }));
    expect(h(base)).not.toBe(h({ User: [] }));
  });

  it('sorts keys, drops attributes and keeps hostile strings exact', () => {
    const json = canonicalRecordJson({ b: 1, Id: 'x', a: 'O\'Brien\\ =HYPERLINK("x")\t😀', attributes: 'skip' } as never);
    expect(json).toBe('{"Id":"x","a":"O\'Brien\\\\ =HYPERLINK(\\"x\\")\\t😀","b":1}');
    expect(JSON.parse(json).a).toBe('O\'Brien\\ =HYPERLINK("x")\t😀');
  });
});
