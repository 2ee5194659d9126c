import { describe, expect, it } from 'vitest';
import { scopeChanges } from '../../../shared/audit/scope-diff';
import { muleSystem, scopeOf } from './fixtures';

describe('scope changes in words', () => {
  it('names added and removed systems, and each changed key of a system', () => {
    const before = scopeOf(muleSystem(), muleSystem({ name: 'Old', users: [] }));
    const after = scopeOf(
      muleSystem({
        owner: 'Platform team',
        users: ['mule@acme.test', 'mule2@acme.test'],
        objects: { Account: ['read'], Order: ['read'] },
        systemPermissions: { ViewAllData: 'migration' },
      }),
      muleSystem({ name: 'New', users: ['n@acme.test'] }),
    );
    expect(scopeChanges(before, after)).toEqual([
      'MuleSoft: objects.Account read, edit → read',
      'MuleSoft: objects.Contact removed (was read)',
      'MuleSoft: objects.Order added: read',
      'MuleSoft: owner Integration team → Platform team',
      'MuleSoft: systemPermissions.ViewAllData added: migration',
      'MuleSoft: users added mule2@acme.test',
      'New: system declared (1 user, 2 objects)',
      'Old: system removed',
    ]);
    expect(scopeChanges(after, after)).toEqual([]);
    expect(scopeChanges(null, before)).toEqual(['MuleSoft: system declared (1 user, 2 objects)', 'Old: system declared (0 users, 2 objects)']);
  });
});
