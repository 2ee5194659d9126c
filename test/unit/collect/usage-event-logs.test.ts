/**
 * Event log files of each type the usage pull reads become API event groups per user, object
 * and method: the documented columns, a REST object taken from the URI when ENTITY_NAME is
 * empty, describe calls kept out of the evidence, a Bulk API 2.0 job counted once however many
 * state rows it logs, and a file whose schema changed refused in words.
 */
import { describe, expect, it } from 'vitest';
import { groupLogFile } from '../../../electron/services/usage/event-logs';

const csv = (header: string[], rows: string[][]) => [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n';
const U = '005Hs000000000o';

describe('event log files → API event groups', () => {
  it('reads RestApi rows by METHOD, takes the object from the URI when ENTITY_NAME is empty, and leaves describes unmapped', () => {
    const header = ['EVENT_TYPE', 'TIMESTAMP', 'USER_ID', 'URI', 'ENTITY_NAME', 'METHOD', 'ROWS_PROCESSED', 'TIMESTAMP_DERIVED'];
    const g = groupLogFile(
      'RestApi',
      csv(header, [
        ['RestApi', '20260610101500.000', U, '/services/data/v60.0/query', 'Contact', 'GET', '20', '2026-06-10T10:15:00.000Z'],
        ['RestApi', '20260610111500.000', U, '/services/data/v60.0/query', 'Contact', 'GET', '3', '2026-06-10T11:15:00.000Z'],
        ['RestApi', '20260610121500.000', U, '/services/data/v60.0/sobjects/Invoice__c/a0I000000000001', '', 'PATCH', '1', ''],
        ['RestApi', '20260610000100.000', U, '/services/data/v60.0/sobjects/Contact/describe', 'Contact', 'GET', '0', ''],
        ['RestApi', '20260610000100.000', '', '/services/data/v60.0/limits', '', 'GET', '0', ''],
      ]),
    );
    expect(g.rows).toBe(5);
    expect(g.unmapped).toBe(2);
    const by = Object.fromEntries(g.groups.map((x) => [`${x.entity} ${x.httpMethod}`, x]));
    expect(by['Contact GET']).toMatchObject({ count: 2, apiFamily: 'REST', firstAt: '2026-06-10T10:15:00.000Z', lastAt: '2026-06-10T11:15:00.000Z' });
    // No TIMESTAMP_DERIVED: the TIMESTAMP is read instead.
    expect(by['Invoice__c PATCH']).toMatchObject({ count: 1, firstAt: '2026-06-10T12:15:00.000Z' });
    expect(by['Contact describe']).toMatchObject({ count: 1 }); // kept in the history, never counted as use
  });

  it('reads SOAP calls by METHOD_NAME (API log) and by API_RESOURCE in ApiTotalUsage, not by the POST they travel in', () => {
    const soap = groupLogFile(
      'API',
      csv(
        ['EVENT_TYPE', 'USER_ID', 'METHOD_NAME', 'ENTITY_NAME', 'CLIENT_NAME'],
        [
          ['API', U, 'query', 'Prescription__c', 'PharmaSync'],
          ['API', U, 'describeSObjects', 'Prescription__c', 'PharmaSync'],
        ],
      ),
    );
    expect(soap.groups.map((x) => `${x.apiFamily} ${x.entity} ${x.httpMethod} ${x.clientName}`).sort()).toEqual([
      'SOAP Prescription__c describeSObjects PharmaSync',
      'SOAP Prescription__c query PharmaSync',
    ]);
    expect(soap.unmapped).toBe(1);
    const total = groupLogFile(
      'ApiTotalUsage',
      csv(['USER_ID', 'API_FAMILY', 'API_RESOURCE', 'ENTITY_NAME', 'HTTP_METHOD'], [['005Hs000000000m', 'SOAP', 'query', 'Contact', 'POST']]),
    );
    expect(total.groups[0].httpMethod).toBe('query');
  });

  it('counts a Bulk API 2.0 job once across its state rows, and Bulk API batches one by one', () => {
    const header = ['EVENT_TYPE', 'USER_ID', 'JOB_ID', 'JOB_STATUS', 'ENTITY_TYPE', 'OPERATION_TYPE'];
    const two = groupLogFile(
      'BulkApi2',
      csv(header, [
        ['BulkApi2', U, '750A', 'UploadComplete', 'Contact', 'upsert'],
        ['BulkApi2', U, '750A', 'InProgress', 'Contact', 'upsert'],
        ['BulkApi2', U, '750A', 'JobComplete', 'Contact', 'upsert'],
        ['BulkApi2', U, '750B', 'JobComplete', 'Contact', 'upsert'],
      ]),
    );
    expect(two.groups).toEqual([expect.objectContaining({ entity: 'Contact', httpMethod: 'upsert', apiFamily: 'BULK', count: 2 })]);
    const one = groupLogFile(
      'BulkApi',
      csv(
        ['EVENT_TYPE', 'USER_ID', 'JOB_ID', 'BATCH_ID', 'ENTITY_TYPE', 'OPERATION_TYPE', 'ROWS_PROCESSED'],
        [
          ['BulkApi', U, '750C', '751A', 'Lab_Result__c', 'insert', '60'],
          ['BulkApi', U, '750C', '751B', 'Lab_Result__c', 'insert', '90'],
        ],
      ),
    );
    expect(one.groups).toEqual([expect.objectContaining({ entity: 'Lab_Result__c', httpMethod: 'insert', count: 2 })]);
  });

  it('refuses a file without its user or object column, naming what is missing', () => {
    expect(() => groupLogFile('BulkApi2', csv(['EVENT_TYPE', 'USER_ID', 'OPERATION_TYPE'], [['BulkApi2', U, 'query']]))).toThrow(/no ENTITY_TYPE column; its schema changed/);
    expect(() => groupLogFile('Login', 'USER_ID\n')).toThrow(/not one the usage pull reads/);
  });
});
