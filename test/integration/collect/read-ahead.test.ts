/**
 * Reading ahead (fetch.ts): the next REST page or Bulk results page is asked for before the
 * current one is staged, so Salesforce prepares it while the collector works. It must stay the
 * same requests in the same number (never an extra call), never be sent once the reserve is
 * crossed, and be settled before a failure goes up (nothing of a failed read still running).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import type { SfRecord } from '../../../shared/model';
import { createLogger } from '../../../electron/services/log';
import { getOrg } from '../../../electron/services/orgs/repository';
import { SfClient } from '../../../electron/services/salesforce/client';
import { bulkQuery, restQuery } from '../../../electron/services/salesforce/fetch';
import { OrgSession } from '../../../electron/services/salesforce/session';
import { PassphraseFileSecretStore } from '../../../electron/services/secrets/passphrase-file-store';
import { addByToken, FAST, PASSPHRASE, rig, withDb, type Rig } from './helpers';

let r: Rig | null = null;
let session: OrgSession | null = null;
afterEach(async () => {
  await session?.flush();
  session = null;
  await r?.close();
  r = null;
});

/** A client of the rig's org whose requests are logged as they start, beside the pages as they are handed on. */
/** Every UserLogin by REST, each page handed to `onPage` as the collector stages it. */
function readUserLogins(client: SfClient, onPage: Parameters<typeof restQuery>[5]) {
  return restQuery(client, `SELECT ${USER_LOGIN.join(', ')} FROM UserLogin`, USER_LOGIN, types, () => undefined, onPage);
}

async function loggedClient(rg: Rig): Promise<{ client: SfClient; log: string[] }> {
  const org = withDb(rg.dataDir, (db) => getOrg(db as never, 'demo'))!;
  session = await OrgSession.open(org, new PassphraseFileSecretStore(rg.dataDir, PASSPHRASE), { onReauthNeeded: () => undefined }, createLogger('test'));
  const client = new SfClient(session, { ...FAST.retry } as never);
  const log: string[] = [];
  const request = client.request.bind(client);
  client.request = ((url: string, options?: never) => {
    log.push(`request ${/\/results\?/.test(url) ? 'results' : /jobs\/query\/\w+$/.test(url) ? 'status' : /\/query\/[^?]/.test(url) ? 'next' : 'first'}`);
    return request(url, options);
  }) as typeof client.request;
  return { client, log };
}

const USER_LOGIN = ['Id', 'UserId', 'IsFrozen', 'IsPasswordLocked'];
const types = new Map(USER_LOGIN.map((f) => [f, f.startsWith('Is') ? 'boolean' : 'id']));

describe('reading the next page ahead', () => {
  it('REST: asks for page n+1 before page n is handed on, with no extra request', async () => {
    r = await rig({ scale: 4500, seed: 3 });
    await addByToken(r);
    const { client, log } = await loggedClient(r);
    const rows = r.org.dataset.UserLogin.length;
    expect(rows).toBeGreaterThan(4000); // three pages of 2,000
    const got = await readUserLogins(client, (page) => log.push(`page ${page.length}`));
    expect(got.received).toBe(rows);
    expect(log).toEqual(['request first', 'request next', 'page 2000', 'request next', 'page 2000', `page ${rows - 4000}`]);
    expect(got.apiCalls).toBe(3);
  });

  it('Bulk: asks for the next results page before this one is parsed and staged', async () => {
    r = await rig({ scale: 700, seed: 3 });
    await addByToken(r);
    const { client, log } = await loggedClient(r);
    const rows = r.org.dataset.User.length;
    const records: SfRecord[] = [];
    const got = await bulkQuery(
      client,
      'SELECT Id, Username FROM User',
      new Map([
        ['Id', 'id'],
        ['Username', 'string'],
      ]),
      () => undefined,
      (page) => {
        log.push(`page ${page.length}`);
        records.push(...page);
      },
      { pageSize: 300, pollMinMs: 1, pollMaxMs: 5, jobTimeoutMs: 10_000 },
    );
    expect(got.received).toBe(rows);
    expect(new Set(records.map((x) => x.Id)).size).toBe(rows);
    const results = log.filter((e) => e !== 'request status' && e !== 'request first');
    const pages = Math.ceil(rows / 300);
    const expected = ['request results'];
    for (let i = 1; i < pages; i++) expected.push('request results', 'page 300');
    expected.push(`page ${rows - (pages - 1) * 300}`);
    expect(results).toEqual(expected);
  });

  it('never sends the page read ahead once the reserve is crossed', async () => {
    r = await rig({ scale: 4500, seed: 3, apiLimit: 1000, apiUsage: 0 });
    await addByToken(r);
    const { client } = await loggedClient(r);
    const reserveCrossed = new AppError('api_limit', 'past the reserve');
    client.guard = () => {
      if (client.usage && client.usage.used >= 800) throw reserveCrossed;
    };
    // Other integrations of the org eat its budget: the first page's answer reports it.
    r.org.limits.used = 850;
    const before = r.org.journal.length;
    const staged: number[] = [];
    const err = await readUserLogins(client, (page) => staged.push(page.length)).catch((e: unknown) => e);
    expect(err).toBe(reserveCrossed);
    expect(r.org.journal.length - before).toBe(1);
    expect(client.apiCalls).toBe(1);
  });

  it('waits for the request in flight before a failure while staging goes up, and asks nothing more', async () => {
    r = await rig({ scale: 4500, seed: 3 });
    await addByToken(r);
    const { client, log } = await loggedClient(r);
    const full = new Error('disk full while staging');
    const err = await readUserLogins(client, () => {
      throw full;
    }).catch((e: unknown) => e);
    expect(err).toBe(full);
    // The second page was already asked for; its answer arrived before the failure was reported.
    expect(log).toEqual(['request first', 'request next']);
    expect(client.apiCalls).toBe(2);
    const after = r.org.journal.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.org.journal.length).toBe(after);
  });
});
