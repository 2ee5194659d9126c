/**
 * #16 item 6: a permission set group whose Status is not Updated (Outdated, Updating, Failed)
 * may have an aggregate that does not reflect its members yet: grants through it are flagged,
 * and the access checks it feeds warn instead of passing.
 */
import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

function withGroup(status: string) {
  const h = healthyOrg();
  const ps = h.o.permSet('Mule_Extra');
  h.o.objectPerm(ps, 'Account', { Read: true });
  const g = h.o.group('Mule_Group', [ps], undefined, status);
  h.o.assign(h.mule, g.aggregatePsId, { groupId: g.groupId });
  return { ...h, g };
}

describe('stale permission set groups', () => {
  for (const status of ['Outdated', 'Updating', 'Failed']) {
    it(`${status}: a pass of an access check becomes warn, naming the group, with the group as evidence`, () => {
      const { o, g } = withGroup(status);
      const e = run(o.snapshot(), scopeOf(muleSystem()));
      for (const id of ['IU-03', 'IU-05', 'IU-06']) {
        const r = check(e, id);
        expect(r.status, id).toBe('warn');
        expect(r.summary).toContain(`Mule_Group (${status})`);
        expect(r.evidence).toContainEqual({ object: 'PermissionSetGroup', id: g.groupId, DeveloperName: 'Mule_Group', Status: status });
      }
      // Login checks do not read permissions: unchanged.
      expect(check(e, 'IU-04').status).toBe('pass');
    });
  }
  it('Updated: nothing changes', () => {
    const { o } = withGroup('Updated');
    const e = run(o.snapshot(), scopeOf(muleSystem()));
    expect(check(e, 'IU-06').status).toBe('pass');
    expect(check(e, 'IU-06').summary).not.toContain('recalculating');
  });
  it('a failing check stays fail and still names the stale group; grants through it carry the status', () => {
    const { o, g, mule } = withGroup('Outdated');
    const extra = o.permSet('Mule_Admin', { ModifyAllData: true });
    const g2 = o.group('Admin_Group', [extra], undefined, 'Outdated');
    o.assign(mule, g2.aggregatePsId, { groupId: g2.groupId });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-05');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Admin_Group (Outdated)');
    expect(JSON.stringify(r.evidence)).toContain('"groupStatus":"Outdated"');
    expect(g).toBeTruthy();
  });
});
