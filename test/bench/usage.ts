/**
 * Usage scenario (a child process), run on the collected bench org while it is still up: a
 * declared scope over every integration user (GreenPath's systems plus one system holding the
 * generated integration users), then `usage.pull` timed end to end, then a bare fetch of the
 * same log file list, files, visibility question and aggregates (plain fetch, no parsing beyond
 * JSON, no SQLite). The minimum API calls are the bare side's: 1 file list + 1 per file + 1
 * ObjectPermissions query (does the counting user see every record?) + 1 per aggregate query.
 * The scaled demo org holds records on every object the generated users may write
 * (dataset/scale.ts), so each aggregate filters and groups real rows.
 *
 *   tsx test/bench/usage.ts <orgUrl> <token> <dataDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../electron/services/backend';
import { requireDb } from '../../electron/services/context';
import { PassphraseFileSecretStore } from '../../electron/services/secrets/passphrase-file-store';
import { currentSnapshotId, loadSnapshot } from '../../electron/services/snapshots/repository';
import { loadAccessSnapshot, writeTargets } from '../../electron/services/usage/pull';
import { countingVisibility } from '../../electron/services/usage/counting-visibility';
import { createAccessEngine } from '../../shared/audit/access';
import { buildIndex } from '../../shared/audit/snapshot-index';
import { parseScopeText, type ScopeFile } from '../../shared/audit/scope';
import { elapsedMs, note, peakRssMb, reply, ROOT } from './lib';
import type { UsageSide } from './report';

const VERSION = '62.0';

async function main(): Promise<void> {
  const [url, token, dataDir] = process.argv.slice(2);
  const backend = createBackend({ dataDir, door: 'cli', secretStore: new PassphraseFileSecretStore(dataDir, 'bench passphrase') });
  try {
    const parsed = parseScopeText(fs.readFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), 'utf8'), { fileName: 'greenpath-scope.yaml', format: 'yaml' });
    if (!parsed.ok) throw new Error('GreenPath scope does not parse');
    const db = requireDb(backend.ctx);
    const snapshot = loadSnapshot(db, currentSnapshotId(db, 'bench')!);
    const generated = (snapshot.records.User ?? []).map((u) => String(u.Username)).filter((u) => u.startsWith('scale.integration.'));
    const scope: ScopeFile = {
      version: 1,
      systems: [...parsed.scope.systems, { name: 'Scale Connectors', owner: 'Bench', purpose: 'Generated integrations', users: generated, objects: { Account: ['read', 'edit'] } }],
    };
    await backend.call('scope.save', { orgAlias: 'bench', scope });

    note(`usage pull: ${scope.systems.length} systems, ${generated.length} generated integration users…`);
    const started = performance.now();
    const res = await backend.call('usage.pull', { alias: 'bench', reservePercent: 0 });
    const ms = elapsedMs(started);
    note(`pulled: ${res.filesAdded} files, ${res.objectsCounted} objects counted, ${res.apiCalls} API calls, ${res.gaps.length} gaps, ${ms} ms`);

    // Bare: the same requests with plain fetch.
    const headers = { Authorization: `Bearer ${token}` };
    const get = async (p: string, text = false) => {
      const r = await fetch(`${url}${p}`, { headers });
      return text ? r.text() : r.json();
    };
    const q = (soql: string) => get(`/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}`);
    // Planning, outside the bare timing: what the pull does before its first request (load the
    // access objects of the snapshot, index them, find who may write what), timed on its own.
    const planStart = performance.now();
    const planned = loadAccessSnapshot(db, snapshot.meta.id);
    const engine = createAccessEngine(buildIndex(planned), planned.meta.finishedAt);
    const targets = writeTargets(planned, scope, engine);
    const planMs = elapsedMs(planStart);
    note(`planning (snapshot access objects, index, write targets): ${planMs} ms`);
    const bareStart = performance.now();
    let bareCalls = 0;
    const files = (await q(
      "SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength FROM EventLogFile WHERE EventType IN ('ApiTotalUsage') ORDER BY LogDate, Sequence",
    )) as { records: { Id: string }[] };
    bareCalls++;
    for (const f of files.records) {
      await get(`/services/data/v${VERSION}/sobjects/EventLogFile/${f.Id}/LogFile`, true);
      bareCalls++;
    }
    // The same visibility question the pull asks (its text comes from the product; the call is bare).
    await countingVisibility(engine, snapshot.meta.auditingUsername, async (soql) => {
      bareCalls++;
      return ((await q(soql)) as { records: Record<string, unknown>[] }).records;
    });
    const since = new Date(Date.now() - 180 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let groups = 0;
    for (const [object, users] of targets) {
      const ids = [...users].sort();
      for (const [by, at] of [
        ['CreatedById', 'CreatedDate'],
        ['LastModifiedById', 'LastModifiedDate'],
      ]) {
        for (let i = 0; i < ids.length; i += 100) {
          const answer = (await q(
            `SELECT ${by}, COUNT(Id), MAX(${at}) FROM ${object} WHERE ${at} >= ${since} AND ${by} IN (${ids
              .slice(i, i + 100)
              .map((x) => `'${x}'`)
              .join(', ')}) GROUP BY ${by}`,
          )) as { records?: unknown[] };
          groups += answer.records?.length ?? 0;
          bareCalls++;
        }
      }
    }
    const bareMs = elapsedMs(bareStart);
    note(`bare: ${bareCalls} calls in ${bareMs} ms (${groups} user groups counted)`);
    const side: UsageSide = {
      ms,
      apiCalls: res.apiCalls,
      apiCallsMin: bareCalls,
      bareMs,
      files: res.filesAdded,
      objects: targets.size,
      planMs,
      objectsCounted: res.objectsCounted,
      groups,
      gaps: res.gaps.length,
      peakRssMb: peakRssMb(),
    };
    reply(side);
  } finally {
    await backend.close();
  }
}

await main();
