import { describe, expect, it } from 'vitest';
import { drift } from '../../../shared/audit/drift';
import { evaluate } from '../../../shared/audit/evaluate';
import { AS_OF, healthyOrg, muleSystem, scopeOf } from './fixtures';

describe('drift between two snapshots', () => {
  it('reports users added/removed, classification changes, permissions gained/lost with sources, and check changes', () => {
    const before = healthyOrg();
    const after = healthyOrg();
    // Same Ids on both sides: the builders are deterministic.
    const extra = after.o.permSet('Extra_Case');
    const row = after.o.objectPerm(extra, 'Case', { Read: true });
    after.o.assign(after.mule, extra);
    const newUser = after.o.user('new@acme.test', after.stdProfile.profileId);
    after.o.login(after.person, 'Remote Access 2.0', 1, { app: 'Workday' });
    after.o.records.ObjectPermissions = after.o.records.ObjectPermissions.filter((r) => !(r.ParentId === after.mulePs && r.SobjectType === 'Contact'));
    const scope = scopeOf(muleSystem());
    const d = drift({ snapshot: before.o.snapshot('s1'), scope, asOf: AS_OF }, { snapshot: after.o.snapshot('s2'), scope, asOf: AS_OF });
    expect(d.from.snapshotId).toBe('s1');
    expect(d.usersAdded).toEqual([{ id: newUser, username: 'new@acme.test', classification: 'human' }]);
    expect(d.usersRemoved).toEqual([]);
    expect(d.classificationChanges).toEqual([{ id: after.person, username: 'jane@acme.test', from: 'human', to: 'human-as-integration' }]);
    const mule = d.permissions.find((p) => p.username === 'mule@acme.test')!;
    expect(mule.gained.map((g) => g.key)).toEqual(['object:Case:Read']);
    expect(mule.gained[0].sources).toEqual([expect.objectContaining({ kind: 'permissionSet', name: 'Extra_Case', recordId: row })]);
    expect(mule.lost.map((g) => g.key)).toEqual(['object:Contact:Read']);
    expect(d.checkChanges).toContainEqual({ systemName: 'MuleSoft', id: 'IU-06', username: 'mule@acme.test', from: 'pass', to: 'fail' });
    expect(d.checkChanges).toContainEqual({ systemName: null, id: 'ORG-02', username: null, from: 'pass', to: 'fail' });
  });

  it('is empty between identical snapshots', () => {
    const { o } = healthyOrg();
    const input = { snapshot: o.snapshot(), scope: scopeOf(muleSystem()), asOf: AS_OF };
    const d = drift(input, input);
    expect([d.usersAdded, d.usersRemoved, d.classificationChanges, d.permissions, d.checkChanges]).toEqual([[], [], [], [], []]);
    expect(evaluate(input).systems).toHaveLength(1);
  });
});
