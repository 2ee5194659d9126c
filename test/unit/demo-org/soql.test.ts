import { describe, expect, it } from 'vitest';
import { caseSafeSuffix, sfId } from '../../../electron/demo-org/ids';
import { OrgSchema, type Dataset } from '../../../electron/demo-org/schema';
import { dateLiteralRange } from '../../../electron/demo-org/soql/dates';
import { executeSoql, projectRecord } from '../../../electron/demo-org/soql/engine';
import { SfError } from '../../../electron/demo-org/errors';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 18, 15, 30); // a Wednesday

function org(): OrgSchema {
  const data: Dataset = {
    Profile: [{ Id: sfId('00e', 1), Name: 'P1', UserLicenseId: sfId('100', 1), PermissionsApiEnabled: true }],
    UserLicense: [{ Id: sfId('100', 1), Name: 'Salesforce' }],
    User: [
      {
        Id: sfId('005', 1),
        Username: 'a@x.example',
        Name: 'Alpha',
        IsActive: true,
        ProfileId: sfId('00e', 1),
        LastLoginDate: new Date(NOW - 2 * DAY).toISOString(),
        ManagerId: null,
      },
      {
        Id: sfId('005', 2),
        Username: 'b@x.example',
        Name: 'beta',
        IsActive: false,
        ProfileId: sfId('00e', 1),
        LastLoginDate: new Date(NOW - 40 * DAY).toISOString(),
        ManagerId: sfId('005', 1),
      },
      { Id: sfId('005', 3), Username: 'c_1@x.example', Name: null, IsActive: true, ProfileId: null, LastLoginDate: null, ManagerId: sfId('005', 1) },
    ],
  };
  return new OrgSchema(data);
}

const ids = (soql: string) => executeSoql(org(), soql, { now: NOW }).rows.map((r) => r.Username);

describe('SOQL evaluator', () => {
  it('evaluates INCLUDES and EXCLUDES on multi-select picklists (";" joins values that must all be present)', () => {
    const schema = new OrgSchema({
      Tag__c: [
        { Id: sfId('a01', 1), Name: 'one', ComplianceGroup: 'HIPAA;PII' },
        { Id: sfId('a01', 2), Name: 'two', ComplianceGroup: 'PII' },
      ],
    });
    const names = (soql: string) => executeSoql(schema, soql, { now: NOW }).rows.map((r) => r.Name);
    expect(names("SELECT Name FROM Tag__c WHERE ComplianceGroup INCLUDES ('HIPAA')")).toEqual(['one']);
    expect(names("SELECT Name FROM Tag__c WHERE ComplianceGroup INCLUDES ('PII;HIPAA')")).toEqual(['one']);
    expect(names("SELECT Name FROM Tag__c WHERE ComplianceGroup INCLUDES ('GDPR', 'PII')")).toEqual(['one', 'two']);
    expect(names("SELECT Name FROM Tag__c WHERE ComplianceGroup EXCLUDES ('HIPAA')")).toEqual(['two']);
  });

  it('holds FieldDefinition to a real org’s rules: a reified filter, no OR, NOT or INCLUDES', () => {
    const schema = new OrgSchema({
      FieldDefinition: [{ Id: '000000000000000AAA', DurableId: 'Contact.SSN__c', EntityDefinitionId: 'Contact', QualifiedApiName: 'SSN__c', ComplianceGroup: 'HIPAA' }],
    });
    const run = (soql: string) => executeSoql(schema, soql, { now: NOW }).rows.length;
    expect(run("SELECT Id FROM FieldDefinition WHERE EntityDefinitionId = 'Contact'")).toBe(1);
    expect(run("SELECT Id FROM FieldDefinition WHERE DurableId = 'Contact.SSN__c' AND QualifiedApiName = 'SSN__c'")).toBe(1);
    const code = (soql: string) => {
      try {
        run(soql);
        return null;
      } catch (e) {
        return (e as SfError).errorCode;
      }
    };
    expect(code('SELECT Id FROM FieldDefinition')).toBe('EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION');
    expect(code("SELECT Id FROM FieldDefinition WHERE QualifiedApiName = 'SSN__c'")).toBe('EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION');
    expect(code("SELECT Id FROM FieldDefinition WHERE EntityDefinitionId = 'Contact' OR EntityDefinitionId = 'Account'")).toBe('MALFORMED_QUERY');
    expect(code("SELECT Id FROM FieldDefinition WHERE EntityDefinitionId = 'Contact' AND ComplianceGroup INCLUDES ('HIPAA')")).toBe('MALFORMED_QUERY');
  });

  it('applies NOT > AND > OR precedence and parentheses', () => {
    expect(ids("SELECT Id FROM User WHERE Name = 'Alpha' OR IsActive = false AND Name = 'nobody'")).toEqual(['a@x.example']);
    expect(ids("SELECT Id FROM User WHERE (Name = 'Alpha' OR IsActive = false) AND Name != 'nobody'")).toEqual(['a@x.example', 'b@x.example']);
    expect(ids('SELECT Id FROM User WHERE NOT IsActive = true AND ProfileId != null')).toEqual(['b@x.example']);
    expect(ids("SELECT Id FROM User WHERE NOT (IsActive = true OR Name = 'beta')")).toEqual([]);
  });

  it('compares text case-insensitively, treats != as matching nulls, and escapes LIKE literals', () => {
    expect(ids("SELECT Id FROM User WHERE Name = 'BETA'")).toEqual(['b@x.example']);
    expect(ids("SELECT Id FROM User WHERE Name != 'Alpha'")).toEqual(['b@x.example', 'c_1@x.example']);
    expect(ids("SELECT Id FROM User WHERE Username LIKE 'c\\_%'")).toEqual(['c_1@x.example']);
    expect(ids("SELECT Id FROM User WHERE Username LIKE '_@%'")).toEqual(['a@x.example', 'b@x.example']);
  });

  it('matches 15- and 18-character Ids alike and follows lookups both ways', () => {
    const id15 = sfId('005', 1).slice(0, 15);
    expect(ids(`SELECT Id FROM User WHERE ManagerId = '${id15}'`)).toEqual(['b@x.example', 'c_1@x.example']);
    expect(ids("SELECT Id FROM User WHERE Manager.Name = 'alpha'")).toEqual(['b@x.example', 'c_1@x.example']);
    const res = executeSoql(org(), 'SELECT Username, Manager.Name, Profile.UserLicense.Name FROM User ORDER BY Username', { now: NOW });
    const [a, b, c] = res.rows.map((r) => projectRecord(res, r, '62.0'));
    expect(a.Manager).toBeNull();
    expect(b.Manager).toMatchObject({ attributes: { type: 'User' }, Name: 'Alpha' });
    expect(c.Profile).toBeNull();
    expect((b.Profile as { UserLicense: { Name: string } }).UserLicense.Name).toBe('Salesforce');
  });

  it('evaluates date literals relative to now', () => {
    expect(ids('SELECT Id FROM User WHERE LastLoginDate = LAST_N_DAYS:7')).toEqual(['a@x.example']);
    expect(ids('SELECT Id FROM User WHERE LastLoginDate < LAST_N_DAYS:30')).toEqual(['b@x.example']);
    expect(ids('SELECT Id FROM User WHERE LastLoginDate = N_DAYS_AGO:2')).toEqual(['a@x.example']);
    expect(ids('SELECT Id FROM User WHERE LastLoginDate = TODAY')).toEqual([]);
    const today = Date.UTC(2025, 5, 18);
    expect(dateLiteralRange('TODAY', NOW)).toEqual([today, today + DAY]);
    expect(dateLiteralRange('LAST_N_DAYS:3', NOW)).toEqual([today - 3 * DAY, today + DAY]);
    expect(dateLiteralRange('THIS_WEEK', NOW)).toEqual([today - 3 * DAY, today + 4 * DAY]);
    expect(dateLiteralRange('LAST_MONTH', NOW)).toEqual([Date.UTC(2025, 4, 1), Date.UTC(2025, 5, 1)]);
    expect(dateLiteralRange('FOO:3', NOW)).toBeNull();
  });

  it('orders with Salesforce null placement and rejects what Salesforce rejects', () => {
    expect(ids('SELECT Id FROM User ORDER BY Name')).toEqual(['c_1@x.example', 'a@x.example', 'b@x.example']);
    expect(ids('SELECT Id FROM User ORDER BY Name DESC')).toEqual(['b@x.example', 'a@x.example', 'c_1@x.example']);
    expect(ids('SELECT Id FROM User ORDER BY Name ASC NULLS LAST')).toEqual(['a@x.example', 'b@x.example', 'c_1@x.example']);
    const code = (soql: string) => {
      try {
        executeSoql(org(), soql, { now: NOW });
        return 'ok';
      } catch (e) {
        return (e as SfError).errorCode;
      }
    };
    expect(code("SELECT Id FROM User WHERE LastLoginDate = '2020-01-01'")).toBe('INVALID_FIELD');
    expect(code('SELECT Id, Id FROM User')).toBe('MALFORMED_QUERY');
    expect(code('SELECT Id FROM User GROUP BY Name')).toBe('MALFORMED_QUERY');
    expect(code('SELECT Id, (SELECT Id FROM Users) FROM Profile')).toBe('MALFORMED_QUERY');
    expect(code('')).toBe('MALFORMED_QUERY');
  });

  it('builds 18-character Ids with the case-safe suffix', () => {
    expect(caseSafeSuffix('000000000000000')).toBe('AAA');
    expect(caseSafeSuffix('A0000B0000C0000')).toBe('BBB');
    expect(caseSafeSuffix('AAAAAAAAAAAAAAA')).toBe('555');
    expect(sfId('005', 1)).toMatch(/^005[A-Za-z0-9]{15}$/);
  });
});
