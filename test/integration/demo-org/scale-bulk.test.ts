import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';

let org: DemoOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startDemoOrg({ scale: 20_000, seed: 7 });
  conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '62.0' });
});
afterAll(() => org.close());

const auth = () => ({ Authorization: `Bearer ${org.accessToken}` });

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

describe('demo org at --scale 20000', () => {
  it('generates a large permission model', async () => {
    const users = await conn.query('SELECT COUNT() FROM User');
    expect(users.totalSize).toBeGreaterThan(20_000);
    const perms = await conn.query('SELECT COUNT() FROM FieldPermissions');
    const objs = await conn.query('SELECT COUNT() FROM ObjectPermissions');
    const psa = await conn.query('SELECT COUNT() FROM PermissionSetAssignment');
    expect(perms.totalSize + objs.totalSize + psa.totalSize).toBeGreaterThan(150_000);
  });

  it('pages past 10,000 records when maxFetch is raised; jsforce stops silently at 10,000 by default', async () => {
    const capped = await conn.query('SELECT Id FROM User', { autoFetch: true });
    expect(capped.totalSize).toBeGreaterThan(20_000);
    expect(capped.records).toHaveLength(10_000);
    const full = await conn.query('SELECT Id, Username, Profile.Name FROM User', { autoFetch: true, maxFetch: 100_000 });
    expect(full.records).toHaveLength(full.totalSize);
    expect(new Set(full.records.map((r) => r.Id)).size).toBe(full.totalSize);
  });

  it('serves a multi-page Bulk API 2.0 result through the Sforce-Locator loop', async () => {
    const base = `${org.url}/services/data/v62.0/jobs/query`;
    const created = await fetch(base, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Username, Profile.Name, IsActive, ManagerId FROM User' }),
    });
    const job = (await created.json()) as { id: string; state: string; object: string };
    expect(job).toMatchObject({ state: 'UploadComplete', object: 'User' });
    let state = job.state;
    for (let i = 0; i < 10 && state !== 'JobComplete'; i++) state = ((await (await fetch(`${base}/${job.id}`, { headers: auth() })).json()) as { state: string }).state;
    expect(state).toBe('JobComplete');

    const ids = new Set<string>();
    let locator: string | null = null;
    let pages = 0;
    let header: string[] = [];
    do {
      const url = `${base}/${job.id}/results?maxRecords=5000${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
      const res = await fetch(url, { headers: auth() });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv');
      const rows = parseCsv(await res.text());
      header = rows[0];
      expect(Number(res.headers.get('sforce-numberofrecords'))).toBe(rows.length - 1);
      for (const r of rows.slice(1)) ids.add(r[0]);
      locator = res.headers.get('sforce-locator');
      pages++;
      if (locator === 'null') locator = null;
    } while (locator);
    expect(header).toEqual(['Id', 'Username', 'Profile.Name', 'IsActive', 'ManagerId']);
    expect(pages).toBeGreaterThan(4);
    expect(ids.size).toBe(org.dataset.User.length);

    const list = (await (await fetch(base, { headers: auth() })).json()) as { records: { id: string }[] };
    expect(list.records.map((r) => r.id)).toContain(job.id);
    expect((await fetch(`${base}/${job.id}`, { method: 'DELETE', headers: auth() })).status).toBe(204);
    expect((await fetch(`${base}/${job.id}`, { headers: auth() })).status).toBe(404);
  });

  it('aborts a job and rejects bad jobs in Salesforce shapes', async () => {
    const base = `${org.url}/services/data/v62.0/jobs/query`;
    const post = (body: unknown) => fetch(base, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const job = (await (await post({ operation: 'query', query: 'SELECT Id FROM LoginHistory' })).json()) as { id: string };
    const aborted = await fetch(`${base}/${job.id}`, { method: 'PATCH', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ state: 'Aborted' }) });
    expect(((await aborted.json()) as { state: string }).state).toBe('Aborted');
    const results = await fetch(`${base}/${job.id}/results`, { headers: auth() });
    expect(results.status).toBe(400);
    const badField = await post({ operation: 'query', query: 'SELECT Nope FROM User' });
    expect(badField.status).toBe(400);
    expect(await badField.json()).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
    const badOp = await post({ operation: 'upsert', query: 'SELECT Id FROM User' });
    expect(await badOp.json()).toEqual([expect.objectContaining({ errorCode: 'INVALIDJOB' })]);
    const badLocator = await fetch(`${base}/${job.id}x/results?locator=zzz`, { headers: auth() });
    expect(badLocator.status).toBe(404);
  });
});
