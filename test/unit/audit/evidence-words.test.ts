import { describe, expect, it } from 'vitest';
import { valueText } from '../../../shared/audit/evidence-words';
import type { Source } from '../../../shared/audit/types';

const set: Source = { kind: 'permissionSet', id: '0PS1', name: 'Integration API' };
const group: Source = { kind: 'group', id: '0PG1', name: 'Billing', viaComponent: { id: '0PS2', name: 'Billing Core' }, impliedBy: 'ModifyAllData' };

describe('evidence values in words', () => {
  it('says a list of grants as sentences, each once, in order', () => {
    expect(valueText([set])).toBe('permission set Integration API');
    expect(valueText([group, set, group])).toBe('permission set group Billing → Billing Core (implied by Modify All Data (ModifyAllData)); permission set Integration API');
  });

  it('says other lists as text, each once, leaving out empty values, one value alone as itself', () => {
    expect(valueText(['Read', 'Edit', 'Read'])).toBe('Read, Edit');
    expect(valueText([''])).toBe('');
    expect(valueText([null])).toBe('');
    expect(valueText([true])).toBe('yes');
    expect(valueText(['2026-01-31T14:05:09.000+0000'])).toBe('2026-01-31T14:05:09Z');
    expect(valueText([['a', 'b']])).toBe('a, b');
    expect(valueText([])).toBe('');
  });
});
