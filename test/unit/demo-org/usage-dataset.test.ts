/**
 * The demo org's usage surface (#18): GROUP BY with COUNT answered as AggregateResult records,
 * EventLogFile rows whose LogFile is a URL serving the ApiTotalUsage CSV, and one new daily
 * file per simulated day with a stable Id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';
import { parseCsv } from '../../../electron/services/salesforce/csv';

const DAY = 86_400_000;
const opened: DemoOrg[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function org(now: number): Promise<DemoOrg> {
  const o = await startDemoOrg({ token: 't', now: () => now });
  opened.push(o);
  return o;
}

async function get(o: DemoOrg, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(o.url + path, { headers: { Authorization: 'Bearer t' } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function query(o: DemoOrg, soql: string): Promise<{ totalSize: number; records: Record<string, unknown>[] }> {
  const r = await get(o, `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`);
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body);
}

const NOON = Date.UTC(2026, 5, 10, 12);

describe('demo org usage evidence', () => {
  it('answers GROUP BY with COUNT as AggregateResult rows with expr0 aliases', async () => {
    const o = await org(NOON);
    const mule = (await query(o, "SELECT Id FROM User WHERE Username = 'mulesoft_integration@greenpath.example'")).records[0].Id as string;
    const r = await query(
      o,
      `SELECT CreatedById, COUNT(Id), MAX(CreatedDate) lastAt FROM Contact WHERE CreatedDate >= LAST_N_DAYS:90 AND CreatedById IN ('${mule}') GROUP BY CreatedById`,
    );
    expect(r.totalSize).toBe(1);
    const row = r.records[0];
    expect(row.attributes).toEqual({ type: 'AggregateResult' });
    expect(row.CreatedById).toBe(mule);
    expect(row.expr0).toBeGreaterThan(10);
    expect(typeof row.lastAt).toBe('string');
    // A SELECT field outside GROUP BY is refused, as Salesforce does.
    const bad = await get(o, `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, COUNT(Name) FROM Contact GROUP BY CreatedById')}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('MALFORMED_QUERY');
  });

  it('never shows Billing writing a Contact, and shows Lab creating Tasks', async () => {
    const o = await org(NOON);
    const ids = (await query(o, "SELECT Id, Username FROM User WHERE Username IN ('billing.integration@greenpath.example', 'lab.integration@greenpath.example')")).records;
    const id = (u: string) => ids.find((r) => String(r.Username).startsWith(u))!.Id as string;
    const billingContacts = await query(o, `SELECT LastModifiedById, COUNT(Id) FROM Contact WHERE LastModifiedById = '${id('billing')}' GROUP BY LastModifiedById`);
    expect(billingContacts.records).toEqual([]);
    const labTasks = await query(o, `SELECT CreatedById, COUNT(Id) FROM Task WHERE CreatedById = '${id('lab')}' GROUP BY CreatedById`);
    expect(labTasks.records[0].expr0).toBeGreaterThan(0);
  });

  it('serves the ApiTotalUsage CSV at the LogFile URL, one new daily file per day', async () => {
    const day1 = await org(NOON);
    const files1 = await query(day1, "SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength, LogFile FROM EventLogFile WHERE EventType = 'ApiTotalUsage'");
    expect(files1.totalSize).toBe(1);
    const f = files1.records[0];
    expect(f.Interval).toBe('Daily');
    expect(String(f.LogDate)).toMatch(/^2026-06-09T00:00:00/);
    expect(f.LogFile).toBe(`/services/data/v62.0/sobjects/EventLogFile/${f.Id}/LogFile`);
    const csv = await get(day1, f.LogFile as string);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(Buffer.byteLength(csv.body)).toBe(f.LogFileLength);
    const rows = parseCsv(csv.body);
    expect(rows[0]).toContain('ENTITY_NAME');
    expect(rows.length).toBeGreaterThan(50);

    const day2 = await org(NOON + DAY);
    const files2 = await query(day2, "SELECT Id, LogDate FROM EventLogFile WHERE EventType = 'ApiTotalUsage'");
    expect(files2.totalSize).toBe(1);
    expect(files2.records[0].Id).not.toBe(f.Id);
    expect(String(files2.records[0].LogDate)).toMatch(/^2026-06-10T00:00:00/);
    // Same day, later hour: the same file, same Id.
    const later = await org(NOON + 6 * 3_600_000);
    expect((await query(later, "SELECT Id FROM EventLogFile WHERE EventType = 'ApiTotalUsage'")).records[0].Id).toBe(f.Id);
  });
});
