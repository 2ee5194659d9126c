import { describe, expect, it } from 'vitest';
import { createAccessEngine } from '../../../shared/audit/access';
import { buildIndex } from '../../../shared/audit/snapshot-index';
import { AS_OF, OrgBuilder, daysAgo } from './fixtures';

function setup() {
  const o = new OrgBuilder();
  for (const e of ['Account', 'Contact', 'Case']) o.entity(e);
  const lic = o.license('Salesforce');
  const prof = o.profile('Plain', lic);
  const user = o.user('u@acme.test', prof.profileId);
  const access = () => createAccessEngine(buildIndex(o.snapshot()), AS_OF).effectiveAccess(user)!;
  return { o, lic, prof, user, access };
}

describe('effective access', () => {
  it('takes the profile from its own permission set', () => {
    const { o, prof, access } = setup();
    const row = o.objectPerm(prof.psId, 'Account', { Read: true });
    expect(access().objects.Account?.Read).toEqual([{ kind: 'profile', id: prof.profileId, name: 'Plain', recordId: row }]);
  });

  it('applies object implications: ModifyAll ⇒ all, Delete ⇒ Edit ⇒ Read, ViewAll ⇒ Read', () => {
    const { o, user, access } = setup();
    const ps = o.permSet('P');
    o.objectPerm(ps, 'Account', { ModifyAllRecords: true });
    o.objectPerm(ps, 'Contact', { Delete: true });
    o.objectPerm(ps, 'Case', { ViewAllRecords: true });
    o.assign(user, ps);
    const a = access();
    expect(Object.keys(a.objects.Account!).sort()).toEqual(['Create', 'Delete', 'Edit', 'ModifyAllRecords', 'Read', 'ViewAllRecords']);
    expect(a.objects.Account!.Read![0].impliedBy).toBe('ModifyAllRecords');
    expect(Object.keys(a.objects.Contact!).sort()).toEqual(['Delete', 'Edit', 'Read']);
    expect(a.objects.Contact!.Read![0].impliedBy).toBe('Delete');
    expect(Object.keys(a.objects.Case!).sort()).toEqual(['Read', 'ViewAllRecords']);
  });

  it('applies system implications on every object the snapshot knows', () => {
    const { o, user, access } = setup();
    const ps = o.permSet('Admin', { ModifyAllData: true });
    o.objectPerm(o.permSet('Other'), 'Custom__c', { Read: true });
    o.assign(user, ps);
    const a = access();
    expect(a.systemPermissions.ViewAllData).toEqual([expect.objectContaining({ id: ps, impliedBy: 'ModifyAllData' })]);
    expect(Object.keys(a.objects).sort()).toEqual(['Account', 'Case', 'Contact', 'Custom__c']);
    for (const obj of Object.values(a.objects)) {
      expect(Object.keys(obj).sort()).toEqual(['Create', 'Delete', 'Edit', 'ModifyAllRecords', 'Read', 'ViewAllRecords']);
      expect(obj.Edit![0].impliedBy).toBe('ModifyAllData');
    }
  });

  it('View All Data gives View All Records (and Read) on every object, nothing more', () => {
    const { o, user, access } = setup();
    o.assign(user, o.permSet('Reader', { ViewAllData: true }));
    const a = access();
    for (const obj of Object.values(a.objects)) expect(Object.keys(obj).sort()).toEqual(['Read', 'ViewAllRecords']);
  });

  it('field Edit implies Read', () => {
    const { o, user, access } = setup();
    const ps = o.permSet('F');
    o.fieldPerm(ps, 'Contact.SSN__c', { Edit: true });
    o.assign(user, ps);
    expect(access().fields['Contact.SSN__c']!.Read![0]).toMatchObject({ impliedBy: 'Edit' });
  });

  it('computes a group from its components, with group → component provenance', () => {
    const { o, user, access } = setup();
    const c1 = o.permSet('Comp_One');
    const c2 = o.permSet('Comp_Two', { ApiEnabled: true });
    o.objectPerm(c1, 'Account', { Read: true });
    const g = o.group('Sales_Group', [c1, c2]);
    o.objectPerm(g.aggregatePsId, 'Case', { Read: true }); // the aggregate is ignored when components are known
    o.assignGroup(user, g);
    const a = access();
    expect(a.objects.Account!.Read).toEqual([expect.objectContaining({ kind: 'group', id: g.groupId, name: 'Sales_Group', viaComponent: { id: c1, name: 'Comp_One' } })]);
    expect(a.systemPermissions.ApiEnabled![0].viaComponent).toEqual({ id: c2, name: 'Comp_Two' });
    expect(a.objects.Case).toBeUndefined();
  });

  it('mutes inside the group only: another source still grants', () => {
    const { o, user, access } = setup();
    const comp = o.permSet('Comp');
    o.objectPerm(comp, 'Account', { Read: true, Edit: true, Delete: true });
    const m = o.muting('Mute_Edit');
    o.objectPerm(m, 'Account', { Edit: true });
    const g = o.group('G', [comp], m);
    o.assignGroup(user, g);
    let a = access();
    expect(Object.keys(a.objects.Account!).sort()).toEqual(['Read']);
    // The same permission set assigned directly is not muted.
    o.assign(user, comp);
    a = access();
    expect(a.objects.Account!.Edit).toEqual([expect.objectContaining({ kind: 'permissionSet', id: comp })]);
  });

  it('mutes system permissions of a group', () => {
    const { o, user, access } = setup();
    const comp = o.permSet('Comp', { ApiEnabled: true, ModifyAllData: true });
    const m = o.muting('Mute', { ViewAllData: true });
    o.assignGroup(user, o.group('G', [comp], m));
    const a = access();
    expect(a.systemPermissions.ApiEnabled).toBeDefined();
    expect(a.systemPermissions.ViewAllData).toBeUndefined();
    expect(a.systemPermissions.ModifyAllData).toBeUndefined();
  });

  it('falls back to the aggregate permission set when components are unknown', () => {
    const { o, user, access } = setup();
    const g = o.group('Opaque', []);
    o.objectPerm(g.aggregatePsId, 'Case', { Read: true });
    o.assignGroup(user, g);
    expect(access().objects.Case!.Read).toEqual([expect.objectContaining({ kind: 'group', id: g.groupId })]);
  });

  it('expired and inactive assignments grant nothing', () => {
    const { o, user, access } = setup();
    const expired = o.permSet('Expired', { AuthorApex: true });
    const inactive = o.permSet('Inactive', { ManageUsers: true });
    const future = o.permSet('Future', { ViewSetup: true });
    o.assign(user, expired, { expiration: daysAgo(1) });
    o.assign(user, inactive, { active: false });
    o.assign(user, future, { expiration: daysAgo(-10) });
    const a = access();
    expect(a.systemPermissions.AuthorApex).toBeUndefined();
    expect(a.systemPermissions.ManageUsers).toBeUndefined();
    expect(a.systemPermissions.ViewSetup).toBeDefined();
  });

  it('an inactive user grants nothing', () => {
    const o = new OrgBuilder();
    const lic = o.license('Salesforce');
    const prof = o.profile('Admin', lic, { ModifyAllData: true });
    const u = o.user('gone@acme.test', prof.profileId, { active: false });
    const a = createAccessEngine(buildIndex(o.snapshot()), AS_OF).effectiveAccess(u)!;
    expect(a.isActive).toBe(false);
    expect(a.sources).toEqual([]);
    expect(a.systemPermissions).toEqual({});
  });

  it('does not double-count the profile set listed as an assignment, and lists setup entity access', () => {
    const { o, user, prof, access } = setup();
    o.assign(user, prof.psId);
    const ps = o.permSet('Apps');
    const sea = o.setupAccess(ps, '0H4000000000001AAA');
    o.assign(user, ps);
    const a = access();
    expect(a.sources.map((s) => s.kind)).toEqual(['permissionSet', 'profile']);
    expect(a.setupEntities['0H4000000000001AAA']).toEqual({ type: 'ConnectedApplication', sources: [expect.objectContaining({ id: ps, recordId: sea })] });
  });

  it('sorts sources by kind then name', () => {
    const { o, user, prof, access } = setup();
    o.objectPerm(prof.psId, 'Account', { Read: true });
    for (const n of ['Zeta', 'Alpha']) {
      const ps = o.permSet(n);
      o.objectPerm(ps, 'Account', { Read: true });
      o.assign(user, ps);
    }
    expect(access().objects.Account!.Read!.map((s) => s.name)).toEqual(['Alpha', 'Zeta', 'Plain']);
  });

  it('shares an object granted by one source between its holders, and merges a second source without changing theirs', () => {
    const { o, prof, user } = setup();
    const ps = o.permSet('Bench_All', { ModifyAllData: true });
    const other = o.user('v@acme.test', prof.profileId);
    const third = o.user('w@acme.test', prof.profileId);
    const extra = o.permSet('Extra');
    o.objectPerm(extra, 'Account', { Read: true });
    for (const u of [user, other, third]) o.assign(u, ps);
    o.assign(third, extra);
    const engine = createAccessEngine(buildIndex(o.snapshot()), AS_OF);
    const [a, b, c] = [user, other, third].map((u) => engine.objectAccess(u)!);
    // One record per object for every holder of the one set (memory: 100 users × 10,000 objects).
    expect(b.Account).toBe(a.Account);
    expect(a.Account!.Read!.map((s) => s.name)).toEqual(['Bench_All']);
    // The third user's second source merges into its own lists; the shared record is untouched.
    expect(c.Account!.Read!.map((s) => s.name).sort()).toEqual(['Bench_All', 'Extra']);
    expect(c.Account).not.toBe(a.Account);
    expect(a.Account!.Read).toHaveLength(1);
    expect(Object.keys(c.Account!)).toEqual(Object.keys(a.Account!));
    expect(engine.effectiveAccess(other)!.objects.Contact).toEqual(a.Contact);
  });
});
