/**
 * Big-org evaluate scenario (a child process), as the app and `iua report --json` pay it:
 *  - `scope`: declares every integration-like user (10 per system) in the saved scope, so the
 *    timed run and the export evaluate every check for every integration user;
 *  - `time`: a cold `audit.evaluate` (snapshot load, index, classification of every user, every
 *    check) plus the `report --json` output streamed to a file, in a fresh process whose peak
 *    RSS is its own.
 *
 *   tsx test/bench/evaluate-app.ts <dataDir> <scope|time> <outFile>
 */
import fs from 'node:fs';
import { INTEGRATION_LIKE } from '../../shared/audit/classify';
import { reportJson } from '../../electron/cli/commands/report';
import { writeJson } from '../../electron/cli/json-stream';
import { createBackend } from '../../electron/services/backend';
import { benchScope, elapsedMs, note, peakRssMb, reply } from './lib';

async function main(): Promise<void> {
  const [dataDir, mode, outFile] = process.argv.slice(2);
  const backend = createBackend({ dataDir, door: 'cli' });
  try {
    const started = performance.now();
    const view = await backend.call('audit.evaluate', { orgAlias: 'bench' });
    const evaluateMs = elapsedMs(started);
    if (mode === 'scope') {
      const usernames = view.evaluation.users.filter((u) => INTEGRATION_LIKE.includes(u.classification)).map((u) => u.username);
      await backend.call('scope.save', { orgAlias: 'bench', scope: benchScope(usernames) });
      note(`classified ${view.evaluation.users.length} users in ${evaluateMs} ms; declared ${usernames.length} integration users`);
      reply({ integrationUsers: usernames.length });
      return;
    }
    const out = fs.createWriteStream(outFile);
    await writeJson(out, reportJson(view));
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const ms = elapsedMs(started);
    const checks = view.evaluation.systems.reduce((n, s) => n + s.checks.length, 0);
    note(
      `audit.evaluate ${evaluateMs} ms, report --json written after ${ms} ms (${fs.statSync(outFile).size} bytes); ${view.evaluation.users.length} users, ${checks} user checks`,
    );
    reply({ ms, evaluateMs, users: view.evaluation.users.length, userChecks: checks, reportBytes: fs.statSync(outFile).size, peakRssMb: peakRssMb() });
  } finally {
    await backend.close();
  }
}

await main();
