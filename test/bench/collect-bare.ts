/**
 * Collect scenario, bare side (a child process): the least a collector could do over the
 * same pages. For every object the product collection stored, the same SOQL (read from the
 * snapshot it just wrote) through the same API it used — REST pages following
 * nextRecordsUrl, or one Bulk 2.0 job read page by page — plus the same describe requests
 * (replayed from the demo org's journal). Plain `fetch`, `JSON.parse` / CSV parse, then one
 * transaction of prepared inserts into a scratch SQLite table. Nothing else: no retries, no
 * typing, no hashing, no progress, no indexes.
 *
 *   tsx test/bench/collect-bare.ts <orgUrl> <token> <dataDir> <snapshotId> <journalFile> <scratchDir>
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseCsv } from '../../electron/services/salesforce/csv';
import { objectSpec } from '../../shared/salesforce-objects';
import { openRaw, DB_FILE } from '../../electron/services/store/db';
import { elapsedMs, note, peakRssMb, readJournal, reply } from './lib';
import type { BareCollectSide } from './report';

const API = 'v62.0';

async function main(): Promise<void> {
  const [url, token, dataDir, snapshotId, journalFile, scratchDir] = process.argv.slice(2);
  const store = openRaw(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  const objects = store.prepare('SELECT sobject, soql, api FROM snapshot_object WHERE snapshot_id = ? ORDER BY sobject').all(snapshotId) as {
    sobject: string;
    soql: string;
    api: string;
  }[];
  const version = (store.prepare('SELECT api_version FROM snapshot WHERE id = ?').pluck().get(snapshotId) as string | undefined) ?? API.slice(1);
  store.close();
  const describes = readJournal(journalFile)
    .filter((e) => e.method === 'GET' && /\/sobjects(\/[^/]+\/describe)?$/.test(e.path))
    .map((e) => e.path);
  const journalBefore = readJournal(journalFile).length;

  const auth = { authorization: `Bearer ${token}` };
  const base = `${url}/services/data/v${version}`;
  const get = async (pathOrUrl: string, accept = 'application/json') => {
    const target = pathOrUrl.startsWith('http') ? pathOrUrl : `${url}${pathOrUrl}`;
    // One retry of a dropped keep-alive connection (the collector retries these too): on a
    // loaded machine a long parse between requests can outlast the server's idle timeout.
    const res = await fetch(target, { headers: { ...auth, accept } }).catch(() => fetch(target, { headers: { ...auth, accept } }));
    if (!res.ok) throw new Error(`GET ${pathOrUrl}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res;
  };

  const started = performance.now();
  const rows: [string, string, string][] = [];
  let pages = 0;
  for (const p of describes) JSON.parse(await (await get(p)).text());
  for (const o of objects) {
    if (o.soql.startsWith('--')) continue;
    for (const soql of o.soql.split('\n')) {
      if (o.api === 'bulk') {
        const created = await fetch(`${base}/jobs/query`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' }),
        });
        const job = JSON.parse(await created.text()) as { id: string; state: string };
        let state = job.state;
        while (state !== 'JobComplete') {
          if (state === 'Failed' || state === 'Aborted') throw new Error(`bulk job ${job.id} ${state}`);
          state = (JSON.parse(await (await get(`${base}/jobs/query/${job.id}`)).text()) as { state: string }).state;
        }
        let locator: string | null = null;
        for (;;) {
          const qs = new URLSearchParams({ maxRecords: '50000' });
          if (locator) qs.set('locator', locator);
          const res = await get(`${base}/jobs/query/${job.id}/results?${qs.toString()}`, 'text/csv');
          pages++;
          const [header, ...data] = parseCsv(await res.text());
          const idAt = header ? header.indexOf('Id') : -1;
          for (const r of data) if (!(r.length === 1 && r[0] === '')) rows.push([o.sobject, r[idAt] ?? '', JSON.stringify(r)]);
          const next = res.headers.get('sforce-locator');
          if (!next || next === 'null') break;
          locator = next;
        }
      } else {
        // Login IP ranges are read from the Tooling API's Profile.Metadata (docs/salesforce-fidelity.md F7).
        const tooling = objectSpec(o.sobject)?.fromProfileMetadata;
        let next: string | null = `${base}${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`;
        while (next) {
          const page = JSON.parse(await (await get(next)).text()) as { records: { Id: string | null }[]; nextRecordsUrl?: string; done: boolean };
          pages++;
          for (const r of page.records) {
            // One stored row per login IP range of the profile, as the collector keeps them.
            const ranges = tooling && o.sobject === 'LoginIpRange' ? ((r as { Metadata?: { loginIpRanges?: unknown[] } }).Metadata?.loginIpRanges ?? []) : [r];
            for (const x of ranges) rows.push([o.sobject, r.Id ?? '', JSON.stringify(x)]); // OauthToken.Id is null
          }
          next = page.done ? null : (page.nextRecordsUrl ?? null);
        }
      }
    }
  }
  const fetchedMs = elapsedMs(started);
  const db = new Database(path.join(scratchDir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE r (sobject TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO r (sobject, id, data) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) ins.run(r[0], r[1], r[2]);
  })();
  db.close();
  const ms = elapsedMs(started);
  const requests = readJournal(journalFile).length - journalBefore;
  note(`bare pipeline: ${rows.length} rows in ${ms} ms (fetch + parse ${fetchedMs} ms, insert ${ms - fetchedMs} ms), ${requests} requests`);
  const side: BareCollectSide = { ms, fetchMs: fetchedMs, rows: rows.length, requests, pages, describes: describes.length, peakRssMb: peakRssMb() };
  reply(side);
}

await main();
