import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';

let org: DemoOrg;
let conn: Connection;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-org-faults-'));
  const faultsFile = join(dir, 'faults.json');
  writeFileSync(faultsFile, JSON.stringify({ rules: [{ object: 'LoginHistory', after: 1, times: 2, status: 403, errorCode: 'INSUFFICIENT_ACCESS' }] }));
  org = await startDemoOrg({ faults: faultsFile, journalFile: join(dir, 'journal.jsonl'), apiLimit: 1000 });
  conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '62.0' });
});
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});

async function errorCodeOf(p: PromiseLike<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as { errorCode?: string; code?: string }).errorCode ?? (err as { code?: string }).code ?? String(err);
  }
}

describe('demo org faults, limits and journal', () => {
  it('a rule from the faults file lets `after` matches pass, then fails `times` of them', async () => {
    const q = 'SELECT Id FROM LoginHistory LIMIT 1';
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await errorCodeOf(conn.query(q)));
    expect(outcomes).toEqual(['ok', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS', 'ok', 'ok']);
    // Other objects were never affected.
    expect(await errorCodeOf(conn.query('SELECT Id FROM User LIMIT 1'))).toBe('ok');
  });

  it('setFaults: path rules, dropped connections, custom statuses and limit errors', async () => {
    org.setFaults({ rules: [{ path: '/sobjects/User/describe$', status: 403, errorCode: 'API_DISABLED_FOR_ORG' }] });
    expect(await errorCodeOf(conn.sobject('User').describe())).toBe('API_DISABLED_FOR_ORG');
    expect(await errorCodeOf(conn.sobject('Profile').describe())).toBe('ok');

    org.setFaults({ rules: [{ object: 'PermissionSet', dropConnection: true }] });
    const url = `${org.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM PermissionSet')}`;
    await expect(fetch(url, { headers: { Authorization: `Bearer ${org.accessToken}` } })).rejects.toThrow();
    org.setFaults({ rules: [{ object: 'PermissionSet', times: 1, dropConnection: true }] });
    await expect(fetch(url, { headers: { Authorization: `Bearer ${org.accessToken}` } })).rejects.toThrow();
    expect((await fetch(url, { headers: { Authorization: `Bearer ${org.accessToken}` } })).status).toBe(200);
    const ps = org.journal.filter((e) => e.object === 'PermissionSet').map((e) => e.status);
    expect(ps.slice(-3)).toEqual([0, 0, 200]);

    org.setFaults({ rules: [{ object: 'User', times: 1, status: 500, errorCode: 'UNKNOWN_EXCEPTION', latencyMs: 20 }] });
    const res = await fetch(`${org.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM User')}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual([{ errorCode: 'UNKNOWN_EXCEPTION', message: expect.any(String) }]);

    // Plain fetch: jsforce 3.10 retries 5xx answers of GETs 5 times with backoff (~15 s).
    org.setFaults({ failRate: 1, seed: 3 });
    const unavailable = await fetch(`${org.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual([expect.objectContaining({ errorCode: 'SERVER_UNAVAILABLE' })]);
    org.setFaults({});
    expect(() => org.setFaults({ rules: [{ after: -1 }] } as never)).toThrow(/after/);
  });

  it('counts every API request and answers REQUEST_LIMIT_EXCEEDED when the allocation is spent', async () => {
    await conn.query('SELECT Id FROM Organization');
    const used = org.limits.used;
    expect(conn.limitInfo.apiUsage).toEqual({ used, limit: 1000 });
    org.limits.used = 1000;
    expect(await errorCodeOf(conn.query('SELECT Id FROM Organization'))).toBe('REQUEST_LIMIT_EXCEEDED');
    org.limits.used = used;
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Remaining).toBe(1000 - used - 1);
  });

  it('journals every request in memory and to the JSONL file, and shows the collector only read', async () => {
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(org.journal.length);
    expect(lines[0]).toEqual({ time: expect.any(String), method: 'GET', path: '/services/data/v62.0/query', status: 200, object: 'LoginHistory' });
    expect(org.journal.filter((e) => e.object === 'LoginHistory').map((e) => e.status)).toEqual([200, 403, 403, 200, 200]);
    expect(org.journal.every((e) => e.method === 'GET')).toBe(true);
  });
});
