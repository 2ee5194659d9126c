/**
 * Collect scenario, product side (a child process): registers the running demo org in a
 * fresh data directory and times one full collection (`collect.start`, `full: true`) end to
 * end — network, parsing, hashing and the snapshot transaction.
 *
 *   tsx test/bench/collect.ts <orgUrl> <token> <dataDir>
 */
import { createBackend } from '../../electron/services/backend';
import { PassphraseFileSecretStore } from '../../electron/services/secrets/passphrase-file-store';
import { elapsedMs, note, peakRssMb, reply } from './lib';
import type { CollectSide } from './report';

async function main(): Promise<void> {
  const [url, token, dataDir] = process.argv.slice(2);
  const backend = createBackend({ dataDir, door: 'cli', secretStore: new PassphraseFileSecretStore(dataDir, 'bench passphrase') });
  try {
    await backend.call('orgs.add', { alias: 'bench', method: 'access_token', instanceUrl: url, accessToken: token });
    note('collecting (full)…');
    const started = performance.now();
    const res = await backend.call('collect.start', { alias: 'bench', full: true });
    const ms = elapsedMs(started);
    const meta = await backend.call('snapshots.get', { id: res.snapshotId });
    const rows = meta.objects.reduce((n, o) => n + o.count, 0);
    note(`collected ${rows} rows in ${ms} ms with ${res.apiCalls} API calls`);
    const side: CollectSide = {
      ms,
      rows,
      apiCalls: res.apiCalls,
      snapshotId: res.snapshotId,
      objects: meta.objects.map((o) => ({ object: o.object, api: o.api, count: o.count, apiCalls: o.apiCalls, queries: o.soql.startsWith('--') ? 0 : o.soql.split('\n').length })),
      peakRssMb: peakRssMb(),
    };
    reply(side);
  } finally {
    await backend.close();
  }
}

await main();
