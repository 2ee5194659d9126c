/**
 * Evaluate scenario (a child process) on the snapshot the collect scenario stored:
 *  - loadMs: reading the snapshot from SQLite into memory (reported, not part of ms);
 *  - ms: what the review screen pays once the snapshot is in memory — build the index and
 *    access engine (prepareAudit), classify every user and run every check for every
 *    integration-like user, each declared in a system of the saved scope;
 *  - allUsersAccessMs: effective access (objects, fields, system permissions, with
 *    provenance) of every user of the org, on a fresh engine.
 * It also saves that scope, so the export scenario packs every integration user.
 *
 *   tsx test/bench/evaluate.ts <dataDir> <snapshotId>
 */
import { evaluate, prepareAudit } from '../../shared/audit/evaluate';
import { classifyUsers, INTEGRATION_LIKE } from '../../shared/audit/classify';
import { createBackend } from '../../electron/services/backend';
import { requireDb } from '../../electron/services/context';
import { loadSnapshot } from '../../electron/services/snapshots/repository';
import { benchScope, elapsedMs, note, peakRssMb, reply } from './lib';
import type { EvaluateSide } from './report';

async function main(): Promise<void> {
  const [dataDir, snapshotId] = process.argv.slice(2);
  const backend = createBackend({ dataDir, door: 'cli' });
  try {
    const db = requireDb(backend.ctx);
    let t = performance.now();
    const snapshot = loadSnapshot(db, snapshotId);
    const loadMs = elapsedMs(t);
    const asOf = snapshot.meta.finishedAt;
    note(`snapshot loaded in ${loadMs} ms`);

    // Which users to declare: found on a throwaway engine so the timed one starts cold.
    const scout = prepareAudit({ snapshot, asOf });
    const integrationUsers = classifyUsers(scout.engine, scout.settings)
      .filter((u) => INTEGRATION_LIKE.includes(u.classification))
      .map((u) => u.username);
    const scope = benchScope(integrationUsers);

    t = performance.now();
    const prepared = prepareAudit({ snapshot, asOf });
    const prepareMs = elapsedMs(t);
    const evaluation = evaluate({ snapshot, scope, asOf, prepared });
    const ms = elapsedMs(t);
    const checks = evaluation.systems.reduce((n, s) => n + s.checks.length, 0);
    note(
      `prepare ${prepareMs} ms, evaluate ${ms - prepareMs} ms: ${evaluation.users.length} users classified, ${checks} user checks over ${integrationUsers.length} integration users`,
    );

    const fresh = prepareAudit({ snapshot, asOf });
    t = performance.now();
    let grants = 0;
    for (const u of fresh.index.users) {
      const a = fresh.engine.effectiveAccess(u.Id);
      if (a) grants += Object.keys(a.objects).length + Object.keys(a.fields).length + Object.keys(a.systemPermissions).length;
    }
    const allUsersAccessMs = elapsedMs(t);
    note(`effective access of all ${fresh.index.users.length} users in ${allUsersAccessMs} ms (${grants} object/field/system entries)`);

    await backend.call('scope.save', { orgAlias: 'bench', scope });
    const side: EvaluateSide = {
      ms,
      prepareMs,
      loadMs,
      allUsersAccessMs,
      users: evaluation.users.length,
      integrationUsers: integrationUsers.length,
      userChecks: checks,
      peakRssMb: peakRssMb(),
    };
    reply(side);
  } finally {
    await backend.close();
  }
}

await main();
