import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('IU-05 high-risk system permissions', () => {
  it('passes when none is held', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-05');
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('none of 28');
  });
  it('fails naming the permission and the permission set that grants it', () => {
    const { o, mule } = healthyOrg();
    const ps = o.permSet('Legacy_Admin', { AuthorApex: true });
    o.assign(mule, ps);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-05');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('AuthorApex via permission set Legacy_Admin');
    expect(r.evidence).toEqual([
      expect.objectContaining({
        object: 'PermissionSet',
        id: ps,
        permission: 'AuthorApex',
        grantedBy: [expect.objectContaining({ kind: 'permissionSet', id: ps, name: 'Legacy_Admin' })],
      }),
    ]);
  });
  it('passes when the declared scope justifies it (either spelling)', () => {
    const { o, mule } = healthyOrg();
    o.assign(mule, o.permSet('Bulk_Delete', { BulkApiHardDelete: true }));
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ systemPermissions: { PermissionsBulkApiHardDelete: 'purges staging rows nightly' } }))), 'IU-05');
    expect(r.status).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ permission: 'BulkApiHardDelete', justification: 'purges staging rows nightly' });
  });
  it('treats a permission field the org lacks as not present, not an error', () => {
    const { o, mule } = healthyOrg();
    o.assign(mule, o.permSet('Odd'));
    const snap = o.snapshot();
    for (const r of [...snap.records.PermissionSet, ...snap.records.Profile]) delete r.PermissionsDeleteFieldHistory;
    const r = check(run(snap, scopeOf(muleSystem())), 'IU-05');
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('1 permission of the list not present in this org');
  });
});

describe('IU-06 object access within declared scope', () => {
  it('passes when every permission is declared (declared edit covers read)', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ objects: { Account: ['edit'], Contact: ['read'] } }))), 'IU-06').status).toBe('pass');
  });
  it('fails per excess permission with object, permission and granting source', () => {
    const { o, mule } = healthyOrg();
    const ps = o.permSet('Extra_Case');
    const row = o.objectPerm(ps, 'Case', { Read: true, Delete: true });
    o.assign(mule, ps);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-06');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((e) => `${e.sobject}.${e.permission}`).sort()).toEqual(['Case.Delete', 'Case.Edit', 'Case.Read']);
    const del = r.evidence.find((e) => e.permission === 'Delete')!;
    expect(del).toMatchObject({ object: 'ObjectPermissions', id: row });
    const edit = r.evidence.find((e) => e.permission === 'Edit')!;
    expect(edit.grantedBy).toEqual([expect.objectContaining({ name: 'Extra_Case', impliedBy: 'Delete', recordId: row })]);
  });
  it('fails through Modify All Data with the system grant as evidence, not one row per object', () => {
    const { o, mule } = healthyOrg();
    const ps = o.permSet('God_Mode', { ModifyAllData: true });
    o.assign(mule, ps);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-06');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('see IU-05');
    expect(r.evidence).toEqual([expect.objectContaining({ object: 'PermissionSet', id: ps, permission: 'ModifyAllData' })]);
  });
});

describe('IU-07 sensitive fields within declared scope', () => {
  it('fails on undeclared read of a HIPAA field', () => {
    const { o, mulePs } = healthyOrg();
    const row = o.fieldPerm(mulePs, 'Contact.SSN__c', { Read: true });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-07');
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual([expect.objectContaining({ object: 'FieldPermissions', id: row, field: 'Contact.SSN__c', permission: 'Read', classifications: ['HIPAA', 'PII'] })]);
  });
  it('passes when the field is declared', () => {
    const { o, mulePs } = healthyOrg();
    o.fieldPerm(mulePs, 'Contact.SSN__c', { Read: true, Edit: true });
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ fields: { 'Contact.SSN__c': ['edit'] } }))), 'IU-07').status).toBe('pass');
  });
  it('passes when every classification of the field is declared', () => {
    const { o, mulePs } = healthyOrg();
    o.fieldPerm(mulePs, 'Contact.SSN__c', { Read: true });
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ classifications: ['HIPAA'] }))), 'IU-07').status).toBe('fail');
    expect(check(run(o.snapshot(), scopeOf(muleSystem({ classifications: ['HIPAA', 'PII'] }))), 'IU-07').status).toBe('pass');
  });
  it('treats a sensitive SecurityClassification as sensitive and ignores unclassified fields', () => {
    const { o, mulePs } = healthyOrg();
    o.fieldDef('Account', 'Diagnosis__c', null, 'Restricted');
    o.fieldPerm(mulePs, 'Account.Diagnosis__c', { Read: true });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-07');
    expect(r.status).toBe('fail');
    expect(r.evidence.map((e) => e.field)).toEqual(['Account.Diagnosis__c']);
  });
});

describe('IU-08 View All / Modify All records', () => {
  it('passes without them', () => {
    const { o } = healthyOrg();
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-08').status).toBe('pass');
  });
  it('fails on undeclared View All, and passes once declared', () => {
    const { o, mulePs } = healthyOrg();
    o.objectPerm(mulePs, 'Opportunity', { Read: true, ViewAllRecords: true });
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-08');
    expect(r.status).toBe('fail');
    expect(r.evidence).toEqual([expect.objectContaining({ sobject: 'Opportunity', permission: 'ViewAllRecords' })]);
    const declared = muleSystem({ objects: { Account: ['read', 'edit'], Contact: ['read'], Opportunity: ['viewAll'] } });
    expect(check(run(o.snapshot(), scopeOf(declared)), 'IU-08').status).toBe('pass');
  });
  it('fails on View All Data unless it is justified', () => {
    const { o, mule } = healthyOrg();
    o.assign(mule, o.permSet('Reader', { ViewAllData: true }));
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-08').status).toBe('fail');
    const justified = muleSystem({ systemPermissions: { ViewAllData: 'warehouse extract' } });
    expect(check(run(o.snapshot(), scopeOf(justified)), 'IU-08').status).toBe('pass');
  });
});
