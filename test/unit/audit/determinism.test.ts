import { describe, expect, it } from 'vitest';
import { createAccessEngine } from '../../../shared/audit/access';
import { evaluate } from '../../../shared/audit/evaluate';
import { buildIndex } from '../../../shared/audit/snapshot-index';
import { AS_OF, healthyOrg, muleSystem, scopeOf } from './fixtures';

function messyOrg() {
  const h = healthyOrg();
  const { o, mule, stdProfile } = h;
  for (const n of ['Zed', 'Alpha', 'Mid']) {
    const ps = o.permSet(n, { AuthorApex: n === 'Zed', ApiEnabled: true });
    o.objectPerm(ps, 'Case', { Read: true, ViewAllRecords: n === 'Alpha' });
    o.assign(mule, ps);
  }
  const j = o.user('j.alvarez@acme.test', stdProfile.profileId);
  o.login(j, 'Remote Access 2.0', 2, { app: 'Workday' });
  o.audit('Changed Zed permission set', 3);
  return h;
}

describe('determinism', () => {
  it('evaluating twice gives byte-identical JSON', () => {
    const { o } = messyOrg();
    const scope = scopeOf(muleSystem(), muleSystem({ name: 'Workday', users: ['j.alvarez@acme.test'] }));
    const a = JSON.stringify(evaluate({ snapshot: o.snapshot(), scope, asOf: AS_OF }));
    const b = JSON.stringify(evaluate({ snapshot: o.snapshot(), scope, asOf: AS_OF }));
    expect(a).toBe(b);
  });

  it('does not depend on record order in the snapshot or system order in the scope', () => {
    const { o } = messyOrg();
    const snap = o.snapshot();
    const reversed = structuredClone(snap);
    for (const k of Object.keys(reversed.records)) reversed.records[k].reverse();
    const scope = scopeOf(muleSystem(), muleSystem({ name: 'Workday', users: ['j.alvarez@acme.test'] }));
    const scopeRev = scopeOf(...[...scope.systems].reverse());
    expect(JSON.stringify(evaluate({ snapshot: reversed, scope: scopeRev, asOf: AS_OF }))).toBe(JSON.stringify(evaluate({ snapshot: snap, scope, asOf: AS_OF })));
  });

  it('effective access is sorted (sources by kind then name)', () => {
    const { o, mule } = messyOrg();
    const a = createAccessEngine(buildIndex(o.snapshot()), AS_OF).effectiveAccess(mule)!;
    expect(a.objects.Case!.Read!.map((s) => s.name)).toEqual(['Alpha', 'Mid', 'Zed']);
    expect(Object.keys(a.objects)).toEqual([...Object.keys(a.objects)].sort());
  });
});
