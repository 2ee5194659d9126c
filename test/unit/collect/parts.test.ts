import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../electron/services/salesforce/csv';
import { escapeSoqlString, idList, selectSoql, soqlString } from '../../../electron/services/salesforce/soql';
import { planFields } from '../../../electron/services/salesforce/describe';
import { csvRecordReader, normaliseDateTime, restRecordReader } from '../../../electron/services/salesforce/records';
import { objectSpec } from '../../../shared/salesforce-objects';

describe('Bulk CSV parsing', () => {
  it('handles quotes, doubled quotes, commas and newlines inside fields, CRLF and LF', () => {
    const csv = 'Id,Name,Note\r\n"001","O\'Brien, ""Jr""","line1\nline2"\n002,,plain\n';
    expect(parseCsv(csv)).toEqual([
      ['Id', 'Name', 'Note'],
      ['001', 'O\'Brien, "Jr"', 'line1\nline2'],
      ['002', '', 'plain'],
    ]);
  });
  it('refuses a page cut inside a quoted field', () => {
    expect(() => parseCsv('Id,Name\n1,"unterminated')).toThrow(/truncated/);
  });
});

describe('typing records like REST does', () => {
  it('gives the same record from REST JSON and Bulk CSV', () => {
    const types = new Map([
      ['Id', 'id'],
      ['IsActive', 'boolean'],
      ['UseCount', 'int'],
      ['LastLoginDate', 'datetime'],
      ['Name', 'string'],
    ]);
    const fields = [...types.keys()];
    const rest = restRecordReader(
      fields,
      types,
    )({ attributes: { type: 'User' }, Id: '005A', IsActive: false, UseCount: 3, LastLoginDate: '2025-01-02T03:04:05.000+0000', Name: null });
    const bulk = csvRecordReader(fields, types)(['005A', 'false', '3', '2025-01-02T03:04:05.000Z', '']);
    expect(bulk).toEqual(rest);
    expect(normaliseDateTime('2025-01-02T03:04:05Z')).toBe('2025-01-02T03:04:05.000+0000');
  });
});

describe('safe SOQL', () => {
  it('escapes backslash first, then quotes', () => {
    expect(escapeSoqlString("O'Brien\\")).toBe("O\\'Brien\\\\");
    expect(soqlString("a\\'b")).toBe("'a\\\\\\'b'");
  });
  it('accepts only Salesforce Ids in IN lists and API names as identifiers', () => {
    expect(idList(['0PS000000000001', '0PS000000000002AAA'])).toBe("'0PS000000000001','0PS000000000002AAA'");
    expect(() => idList(["x') OR Id != ('"])).toThrow(/not a Salesforce Id/);
    expect(() => selectSoql('User; DELETE', ['Id'])).toThrow(/not an API name/);
  });
});

describe('describe-driven field plan', () => {
  it('keeps fields the org has, adds every Permissions* boolean, and lists what is missing', () => {
    const spec = objectSpec('PermissionSet')!;
    const plan = planFields(spec, [
      { name: 'Id', type: 'id' },
      { name: 'Name', type: 'string' },
      { name: 'label', type: 'string' },
      { name: 'PermissionsViewAllData', type: 'boolean' },
      { name: 'PermissionsApiUserOnly', type: 'boolean' },
      { name: 'PermissionsSetName', type: 'string' },
    ]);
    expect(plan.fields).toEqual(['Id', 'Name', 'label', 'PermissionsApiUserOnly', 'PermissionsViewAllData']);
    expect(plan.missing).toContain('Type');
    expect(plan.missing).toContain('PermissionSetGroupId');
  });
});
