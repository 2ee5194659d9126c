import { describe, expect, it } from 'vitest';
import { validateScope, type SystemScope } from '../../../shared/audit/scope';
import { draftErrors, fromSystem, pathInSystem, toSystem, withSystem } from '../../../renderer/features/systems/scopeDraft';

const sys: SystemScope = {
  name: 'EHR',
  owner: 'Dana',
  purpose: 'Patient sync',
  users: ['ehr@x.example'],
  objects: { Account: ['read', 'edit'], Contact: ['read'] },
  fields: { 'Contact.SSN__c': ['read'] },
  systemPermissions: { ApiEnabled: 'calls the API' },
  authFlow: 'jwt',
  ipRanges: ['198.51.100.0/24'],
  thresholds: { staleDays: 30 },
};

describe('scope draft', () => {
  it('round-trips a system through the editor form unchanged', () => {
    expect(toSystem(fromSystem(sys))).toEqual(sys);
  });
  it('replaces the edited system in place, or appends a new one', () => {
    const scope = { version: 1 as const, systems: [sys, { ...sys, name: 'Billing' }] };
    const renamed = withSystem(scope, 'EHR', { ...sys, name: 'Epic' });
    expect(renamed.index).toBe(0);
    expect(renamed.scope.systems.map((s) => s.name)).toEqual(['Epic', 'Billing']);
    expect(withSystem(scope, null, { ...sys, name: 'New' }).index).toBe(2);
  });
  it('maps both issue path shapes onto the editor fields of the right system only', () => {
    expect(pathInSystem('systems[1].objects.Contact[0]', 1)).toBe('objects.Contact.0');
    expect(pathInSystem('scope.systems.1.owner', 1)).toBe('owner');
    expect(pathInSystem('scope.systems.0.owner', 1)).toBeNull();
    const bad = toSystem({ ...fromSystem(sys), ipRanges: 'not-a-cidr', staleDays: '-3', objects: [{ object: 'Bad Name', levels: ['read'] }] });
    const checked = validateScope({ version: 1, systems: [sys, bad] }, 'scope');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const { byField, other } = draftErrors(
      checked.errors.map((e) => ({ path: e.path, message: e.reason })),
      1,
    );
    expect(byField.get('ipRanges')).toMatch(/CIDR/);
    expect(byField.get('objects.Bad Name')).toMatch(/object API name/);
    // In a sentence, never zod's wording ("Invalid input: expected number").
    expect(byField.get('staleDays')).toBe('Must be a whole number of days, 1 or more.');
    expect(other).toEqual([]);
  });
});
