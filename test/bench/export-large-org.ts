/**
 * Large Effective Access case, setup (a child process, untimed): a data directory holding a
 * synthetic org whose Effective Access sheet has users × objects rows — `objects` custom
 * objects, `users` API-only integration users on the integration profile, each assigned one
 * permission set with Modify All Data (so every object is granted, with its provenance
 * "implied by ModifyAllData"), all declared in one system with no objects, so every row is
 * also beyond declared scope. The export scenario's pack and bare sides (export.ts) then run
 * on it as they do on the collected org: org alias `bench`, the default snapshot.
 *
 * 100 × 10,000 is the 1M-row sheet of the wording.
 *
 *   tsx test/bench/export-large-org.ts <dataDir> <users> <objects>
 */
import { createBackend } from '../../electron/services/backend';
import { requireDb } from '../../electron/services/context';
import { OrgBuilder } from '../unit/audit/fixtures';
import { storeSnapshot } from '../support/store-snapshot';
import { note, reply } from './lib';

async function main(): Promise<void> {
  const [dataDir, usersArg, objectsArg] = process.argv.slice(2);
  const users = Number(usersArg);
  const objects = Number(objectsArg);
  if (!(Number.isInteger(users) && users > 0 && Number.isInteger(objects) && objects > 0))
    throw new Error(`users and objects must be positive whole numbers, got "${usersArg}" "${objectsArg}"`);
  const o = new OrgBuilder();
  for (let i = 0; i < objects; i++) o.entity(`Object${i}__c`);
  const lic = o.license('Salesforce Integration');
  const prof = o.profile('Minimum Access - API Only Integrations', lic, { ApiUserOnly: true, ApiEnabled: true });
  const ps = o.permSet('Bench_All', { ModifyAllData: true });
  const usernames: string[] = [];
  for (let u = 0; u < users; u++) {
    const username = `int${u}@bench.test`;
    o.assign(o.user(username, prof.profileId), ps);
    usernames.push(username);
  }
  const backend = createBackend({ dataDir, door: 'cli' });
  try {
    storeSnapshot(requireDb(backend.ctx), 'bench', o.snapshot('snap-bench-large'), 'snap-bench-large');
    await backend.call('scope.save', {
      orgAlias: 'bench',
      scope: { version: 1, systems: [{ name: 'Bench', owner: 'Bench team', purpose: 'Benchmark', users: usernames, objects: {} }] },
    });
  } finally {
    await backend.close();
  }
  note(`large org: ${users} integration users × ${objects} objects = ${users * objects} Effective Access rows`);
  reply({ users, objects, effectiveAccessRows: users * objects });
}

await main();
