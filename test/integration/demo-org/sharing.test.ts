/**
 * Record sharing in the demo org (issue #18 item 3): business records are Private there, so a
 * session user without View All Data or the object's View All sees, counts and groups only the
 * records it owns — in plain queries, COUNT() and GROUP BY alike, as Salesforce does — and the
 * usage evidence collected by such a user says its counts may be partial instead of passing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';
import { buildGreenPath } from '../../../electron/demo-org/dataset/greenpath';
import { addByToken, rig, withDb, type Rig } from '../collect/helpers';

const opened: DemoOrg[] = [];
let r: Rig | undefined;
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
  await r?.close();
  r = undefined;
});

const data = buildGreenPath();
const readOnly = data.Profile.find((p) => p.Name === 'Read Only')!;
const ownedContacts = (userId: string) => data.Contact.filter((c) => c.OwnerId === userId).length;
/** A Read Only user (no View All Data, no View All on Contact) who owns Contacts. */
const viewer = data.User.filter((u) => u.ProfileId === readOnly.Id && u.IsActive !== false).sort((a, b) => ownedContacts(b.Id) - ownedContacts(a.Id))[0];

async function org(sessionUsername?: string): Promise<DemoOrg> {
  const o = await startDemoOrg({ token: 't', sessionUsername });
  opened.push(o);
  return o;
}

async function query(o: DemoOrg, soql: string): Promise<{ totalSize: number; records: Record<string, unknown>[] }> {
  const res = await fetch(`${o.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: 'Bearer t' } });
  const body = await res.text();
  expect(res.status, body).toBe(200);
  return JSON.parse(body);
}

const sum = (rows: Record<string, unknown>[]) => rows.reduce((n, x) => n + Number(x.expr0), 0);

describe('record sharing in the demo org', () => {
  it('counts and groups only the records a user without View All owns, like its plain queries', async () => {
    expect(ownedContacts(viewer.Id)).toBeGreaterThan(0);
    expect(data.Contact.length).toBeGreaterThan(ownedContacts(viewer.Id));
    const o = await org(String(viewer.Username));
    const plain = await query(o, 'SELECT Id, OwnerId FROM Contact');
    expect(plain.totalSize).toBe(ownedContacts(viewer.Id));
    expect(plain.records.every((x) => x.OwnerId === viewer.Id)).toBe(true);
    expect((await query(o, 'SELECT COUNT() FROM Contact')).totalSize).toBe(ownedContacts(viewer.Id));
    const grouped = await query(o, 'SELECT CreatedById, COUNT(Id) FROM Contact GROUP BY CreatedById');
    expect(sum(grouped.records)).toBe(ownedContacts(viewer.Id));
    expect(grouped.records.map((x) => x.CreatedById)).toEqual([viewer.Id]);
    // Someone else's writes are invisible to it: the integration's Contacts count nothing.
    const mule = data.User.find((u) => u.Username === 'mulesoft_integration@greenpath.example')!;
    expect(data.Contact.some((c) => c.CreatedById === mule.Id)).toBe(true);
    expect((await query(o, `SELECT CreatedById, COUNT(Id) FROM Contact WHERE CreatedById = '${mule.Id}' GROUP BY CreatedById`)).records).toEqual([]);
  });

  it('shows every record to the demo auditor, who holds View All on the business objects', async () => {
    const o = await org();
    expect((await query(o, 'SELECT COUNT() FROM Contact')).totalSize).toBe(data.Contact.length);
    expect(sum((await query(o, 'SELECT CreatedById, COUNT(Id) FROM Contact GROUP BY CreatedById')).records)).toBe(data.Contact.length);
  });

  it('usage collected by a user without View All says its counts may be partial and never passes on them', async () => {
    r = await rig({ sessionUsername: String(viewer.Username) });
    await addByToken(r, 'gp');
    await r.backend.call('collect.start', { alias: 'gp' });
    await r.backend.call('scope.import', {
      orgAlias: 'gp',
      text: (await import('node:fs')).readFileSync('electron/demo-org/greenpath-scope.yaml', 'utf8'),
      fileName: 'greenpath-scope.yaml',
    });
    await r.backend.call('usage.pull', { alias: 'gp' });
    const v = await r.backend.call('usage.report', { orgAlias: 'gp' });
    const mule = v.report.systems.find((s) => s.name === 'MuleSoft')!;
    const contact = mule.users[0].rows.find((x) => x.sobject === 'Contact')!;
    // The aggregate ran, but saw none of MuleSoft's Contacts: a floor, not a count.
    expect(contact.writesPartial).toBe(true);
    expect(contact.writesCounted).toBe(false);
    expect(contact.created).toBe(0);
    // Use it did see still counts (the API log shows MuleSoft's calls); what it could not see proves nothing unused.
    const us02 = mule.checks.find((x) => x.id === 'US-02')!;
    expect(us02.status).toBe('manual');
    expect(us02.summary).toMatch(/counts of [^;]*\bContact\b[^;]* may be partial: the auditing user may not see every record \(it needs View All Data or the object's View All/);
    // The history keeps why, per object, in the user's name.
    const note = withDb(r.dataDir, (db) => db.prepare("SELECT message FROM usage_write_scan WHERE sobject = 'Contact'").get() as { message: string });
    expect(note.message).toBe(
      `partial count: the auditing user ${String(viewer.Username)} has neither View All Data nor View All on Contact, so Salesforce counted only the records it can see`,
    );
    // Billing's unused Contact edit (a warning when the auditor sees every record) cannot be shown unused from a partial count.
    const billing = v.report.systems.find((s) => s.name === 'Billing')!;
    expect(billing.users[0].rows.find((x) => x.sobject === 'Contact')!.writesPartial).toBe(true);
    expect(billing.checks.find((x) => x.id === 'US-01')!.status).toBe('manual');
  }, 120_000);
});
