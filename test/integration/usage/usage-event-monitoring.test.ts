/**
 * Event Monitoring detected, never asked (issue #18 item 3), over real HTTP against the demo
 * org's Event Monitoring variant: the pull finds the API, RestApi, BulkApi and BulkApi2 files
 * itself, reads 30 days of them once (a second pull adds nothing), counts them instead of
 * ApiTotalUsage, and the US checks use that richer evidence: with every day of a 28-day window
 * covered, Billing's never-read Contact grant is shown unused (in GreenPath without Event
 * Monitoring, one day of history cannot show it). Where the auditing user cannot list event
 * log files, RestApiEventLog (an Event Log Object) is found in the describe and read instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopeText } from '../../../shared/audit/scope';
import type { UsageView } from '../../../shared/contract/usage';
import { addByToken, integrityOf, rig, withDb, type Rig } from '../collect/helpers';

const SCOPE = fs.readFileSync(path.join(__dirname, '../../../electron/demo-org/greenpath-scope.yaml'), 'utf8');
const EM_TYPES = ['API', 'ApiTotalUsage', 'BulkApi', 'BulkApi2', 'RestApi'];
/** Inside the 29–30 days of logs the demo org keeps whatever the hour of the run. */
const WINDOW_DAYS = 28;

const rigs: Rig[] = [];
afterAll(async () => {
  for (const r of rigs) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
  }
});

async function ready(options: Parameters<typeof rig>[0]): Promise<Rig> {
  const r = await rig(options);
  rigs.push(r);
  await addByToken(r, 'gp');
  await r.backend.call('collect.start', { alias: 'gp' });
  const parsed = parseScopeText(SCOPE, { fileName: 'greenpath-scope.yaml', format: 'yaml' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await r.backend.call('scope.save', { orgAlias: 'gp', scope: parsed.scope });
  return r;
}

const system = (v: UsageView, name: string) => v.report.systems.find((s) => s.name === name)!;
const check = (v: UsageView, name: string, id: string) => system(v, name).checks.find((c) => c.id === id)!;
const row = (v: UsageView, name: string, sobject: string) => system(v, name).users[0].rows.find((x) => x.sobject === sobject)!;
const logFiles = (r: Rig) =>
  withDb(r.dataDir, (db) => db.prepare('SELECT event_type AS t, COUNT(*) AS n FROM usage_log_file GROUP BY event_type').all() as { t: string; n: number }[]);

describe('usage with Event Monitoring log files', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await ready({ token: 'em-token', eventMonitoring: true });
  }, 120_000);

  it('detects the Event Monitoring types itself and reads every retained file once', async () => {
    const all = (r.org.dataset.EventLogFile ?? []).filter((f) => EM_TYPES.includes(String(f.EventType)));
    // Hourly files repeat the daily ones' events: never read.
    expect(all.some((f) => f.Interval === 'Hourly')).toBe(true);
    const listed = all.filter((f) => f.Interval === 'Daily');
    const first = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(first.gaps).toEqual([]);
    expect(first.sources).toMatchObject({ logFileTypes: EM_TYPES, eventMonitoring: true, eventLogObjects: [] });
    expect(first.sources.notes.join('\n')).toMatch(/Event Monitoring log files found \(API, RestApi, BulkApi, BulkApi2\); Event Log Objects not looked for/);
    // Describes are logged but never counted as use: said in words.
    expect(first.sources.notes.join('\n')).toMatch(/\d+ logged events? name no user, no object or a call that shows no record access/);
    expect(first.filesAdded).toBe(listed.length);
    expect(listed.length).toBeGreaterThanOrEqual(5 * 29);
    // 1 listing + 1 download per file + 1 visibility query (does the auditing user see every record?)
    // + 2 aggregates per object; no describe (the files hold the events).
    expect(first.apiCalls).toBe(1 + first.filesAdded + 1 + 2 * first.objectsCounted);

    const before = logFiles(r);
    const second = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(second.filesAdded).toBe(0);
    expect(second.rowsAdded).toBe(0);
    expect(second.apiCalls).toBe(1);
    expect(logFiles(r)).toEqual(before);
  }, 120_000);

  it('counts the Event Monitoring logs instead of ApiTotalUsage, and shows an unused read the free log cannot', async () => {
    const v = await r.backend.call('usage.report', { orgAlias: 'gp', windowDays: WINDOW_DAYS });
    expect(v.report.apiDaysCovered).toBeGreaterThanOrEqual(WINDOW_DAYS);
    const sources = Object.fromEntries(v.report.apiSources.map((s) => [s.eventType, s]));
    expect(Object.keys(sources).sort()).toEqual(EM_TYPES);
    for (const t of ['API', 'RestApi', 'BulkApi', 'BulkApi2']) expect(sources[t].counted, t).toBe(true);
    // GreenPath's ApiTotalUsage holds only REST and SOAP requests, both covered every day by RestApi and API.
    expect(sources.ApiTotalUsage.counted).toBe(false);

    const order = row(v, 'Billing', 'Order');
    expect(order.evidence).toEqual(['api-log:BulkApi2', 'api-log:RestApi']);
    expect(order.used).toContain('read');
    const contact = row(v, 'MuleSoft', 'Contact');
    expect(contact.evidence).toContain('api-log:BulkApi2'); // the nightly upsert job
    expect(row(v, 'Lab Results', 'Lab_Result__c').evidence).toContain('api-log:BulkApi');
    expect(row(v, 'Pharmacy', 'Prescription__c').evidence).toContain('api-log:API');

    // Every day of the window is covered: Billing's Contact read, never used, is provably unused.
    const billing = check(v, 'Billing', 'US-01');
    expect(billing.status).toBe('warn');
    expect(billing.evidence.map((e) => e.id)).toEqual(expect.arrayContaining(['Contact.edit', 'Contact.read']));
    expect(billing.summary).toMatch(/RestApi \d+ days/);
    // MuleSoft's REST reads of Contact are its 20 queries a day, counted once: not its describes,
    // not ApiTotalUsage's copy, not the hourly files' copy.
    expect(contact.apiReads).toBe(20 * sources.RestApi.days);
    // Writes per day: 1 POST + 2 PATCH over REST, and the nightly Bulk API 2.0 upsert job once (not once per state row).
    expect(contact.apiWrites).toBe(4 * sources.BulkApi2.days);
  });
});

describe('usage without Event Monitoring', () => {
  it('detects its absence, keeps it as a coverage note, and cannot show an unused read', async () => {
    const r = await ready({ token: 'free-token' });
    const pulled = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(pulled.sources).toMatchObject({ logFileTypes: ['ApiTotalUsage'], eventMonitoring: false, eventLogObjects: [] });
    const v = await r.backend.call('usage.report', { orgAlias: 'gp', windowDays: WINDOW_DAYS });
    expect(v.lastPull?.gaps.map((g) => `${g.object}: ${g.errorCode}`)).toEqual(['Event Monitoring log files: NOT_AVAILABLE', 'Event Log Objects: NOT_AVAILABLE']);
    expect(v.report.apiSources).toEqual([{ eventType: 'ApiTotalUsage', days: 1, counted: true }]);
    const billing = check(v, 'Billing', 'US-01');
    expect(billing.status).toBe('warn');
    expect(billing.evidence.map((e) => e.id)).toContain('Contact.edit');
    expect(billing.evidence.map((e) => e.id)).not.toContain('Contact.read');
  }, 120_000);
});

describe('usage from the Event Log Objects', () => {
  it('reads the Event Log Objects per day when the event log files cannot be listed, once', async () => {
    const r = await ready({
      token: 'elo-token',
      eventMonitoring: true,
      faults: { rules: [{ object: 'EventLogFile', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }] },
    });
    const READ = ['BulkApi2EventLog', 'BulkApiEventLog', 'RestApiEventLog'];
    const first = await r.backend.call('usage.pull', { alias: 'gp' });
    expect([...first.sources.eventLogObjects].sort()).toEqual(READ);
    expect(first.filesAdded).toBe(3 * 30); // one per object and complete UTC day of the last 30
    expect(first.gaps.map((g) => g.object)).toEqual(['EventLogFile']);
    // 1 refused listing + 1 describe + 90 day aggregates + 1 visibility query + 2 per object counted.
    expect(first.apiCalls).toBe(2 + 90 + 1 + 2 * first.objectsCounted);
    const second = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(second.filesAdded).toBe(0);
    expect([...second.sources.eventLogObjects].sort()).toEqual(READ);
    expect(second.apiCalls).toBe(1); // the refused listing only: no describe again today, no day read twice
    const v = await r.backend.call('usage.report', { orgAlias: 'gp', windowDays: WINDOW_DAYS });
    expect(v.report.apiSources.map((s) => s.eventType)).toEqual(READ);
    const contact = row(v, 'MuleSoft', 'Contact');
    expect(contact.evidence).toEqual(expect.arrayContaining(['api-log:RestApiEventLog', 'api-log:BulkApi2EventLog']));
    // Describes (GET …/describe) are filtered out by Uri: 20 reads a day, not 21.
    expect(contact.apiReads).toBeGreaterThan(0);
    expect(contact.apiReads % 20).toBe(0);
    // Per day: 1 POST + 2 PATCH over REST and one nightly upsert job, which logs three state rows and counts once.
    expect(contact.apiWrites).toBe(4 * (contact.apiReads / 20));
    expect(row(v, 'Lab Results', 'Lab_Result__c').evidence).toContain('api-log:BulkApiEventLog');
  }, 120_000);
});
