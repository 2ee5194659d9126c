/** Query planning and error reading for real-org limits (issue #15): pure parts, no network. */
import { describe, expect, it } from 'vitest';
import { keysetSoql, MAX_QUERY_URL_BYTES, queryPath, splitColumns } from '../../../electron/services/salesforce/query-plan';
import { idsUnusable, keySynthetically } from '../../../electron/services/salesforce/record-keys';
import { objectFailure, readableBody, RetriesExhausted, SfApiError } from '../../../electron/services/salesforce/errors';
import { selectSoql } from '../../../electron/services/salesforce/soql';
import type { SfRecord } from '../../../shared/model';

describe('splitColumns', () => {
  const fields = ['Id', 'Name', ...Array.from({ length: 650 }, (_, i) => `PermissionsManageFeatureSetting${String(i).padStart(4, '0')}`)];
  it('keeps every column exactly once, Id first in each group, each GET under the budget', () => {
    const groups = splitColumns('62.0', 'PermissionSet', fields);
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      expect(g[0]).toBe('Id');
      expect(Buffer.byteLength(queryPath('62.0', selectSoql('PermissionSet', g)))).toBeLessThanOrEqual(MAX_QUERY_URL_BYTES);
    }
    expect(groups.flatMap((g) => g.slice(1)).sort()).toEqual(fields.slice(1).sort());
  });
  it('leaves a query that fits alone', () => {
    expect(splitColumns('62.0', 'Profile', ['Id', 'Name'])).toEqual([['Id', 'Name']]);
  });
});

describe('keysetSoql', () => {
  it('orders and limits to one 2,000-row batch, after the last key (escaped)', () => {
    expect(keysetSoql('EntityDefinition', ['Id', 'QualifiedApiName'], 'QualifiedApiName', null)).toBe(
      'SELECT Id, QualifiedApiName FROM EntityDefinition ORDER BY QualifiedApiName LIMIT 2000',
    );
    expect(keysetSoql('EntityDefinition', ['Id'], 'QualifiedApiName', "O'Brien__c")).toBe(
      "SELECT Id FROM EntityDefinition WHERE QualifiedApiName > 'O\\'Brien__c' ORDER BY QualifiedApiName LIMIT 2000",
    );
  });
});

describe('records without usable Ids', () => {
  it('detects null and repeated Ids and keys them by content, stably and distinctly', () => {
    const make = (): SfRecord[] =>
      [
        { Id: null, UserId: '005A', AppName: 'X' },
        { Id: null, UserId: '005A', AppName: 'X' },
        { Id: null, UserId: '005B', AppName: 'X' },
      ] as unknown as SfRecord[];
    expect(idsUnusable(make())).toBe(true);
    expect(idsUnusable([{ Id: 'a' }, { Id: 'b' }] as SfRecord[])).toBe(false);
    expect(idsUnusable([{ Id: '000000000000000AAA' }, { Id: '000000000000000AAA' }] as SfRecord[])).toBe(true);
    const a = keySynthetically(make()).map((r) => r.Id);
    const b = keySynthetically(make().reverse()).map((r) => r.Id);
    expect(new Set(a).size).toBe(3);
    expect(a.every((id) => id.startsWith('synthetic:'))).toBe(true);
    expect([...a].sort()).toEqual([...b].sort());
  });
});

describe('Salesforce errors as words', () => {
  it('reads an HTML error page as text', () => {
    const html =
      '<html><head><title>Error 414</title></head><body><h2>HTTP ERROR 414 URI Too Long</h2><table><tr><th>MESSAGE:</th><td>URI Too Long</td></tr></table></body></html>';
    const text = readableBody(414, html);
    expect(text).toMatch(/^Salesforce answered HTTP 414 with a web page instead of an API error: HTTP ERROR 414 URI Too Long/);
    expect(text).not.toMatch(/</);
    expect(readableBody(400, 'plain words')).toBe('plain words');
  });
  it('makes one object’s failure a gap, but not authentication, the limit or a dead connection', () => {
    expect(objectFailure(new SfApiError(400, 'SOMETHING_NEW', 'x'))).not.toBeNull();
    expect(objectFailure(new SfApiError(414, 'ERROR_HTTP_414', 'x'))).not.toBeNull();
    expect(objectFailure(new RetriesExhausted('gave up', new SfApiError(500, 'UNKNOWN_EXCEPTION', 'x')))).not.toBeNull();
    expect(objectFailure(new RetriesExhausted('gave up', new SfApiError(0, 'ECONNRESET', 'x')))).toBeNull();
    expect(objectFailure(new SfApiError(400, 'API_DISABLED_FOR_ORG', 'x'))).toBeNull();
    expect(objectFailure(new SfApiError(401, 'INVALID_SESSION_ID', 'x'))).toBeNull();
    expect(objectFailure(new Error('bug'))).toBeNull();
  });
});
