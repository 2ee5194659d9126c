/**
 * A stored snapshot is evaluated without loading its large objects whole: assignments, logins
 * and permission rows are read from SQLite by key (SnapshotData.lookup). That must change
 * nothing: the evaluation, every user's effective access and the holders of every permission
 * are compared, byte for byte, with the same snapshot loaded whole into memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { buildGreenPath } from '../../../electron/demo-org';
import { addScale } from '../../../electron/demo-org/dataset/scale';
import { DOMAIN } from '../../../electron/demo-org/dataset/greenpath-catalog';
import { loadSnapshot } from '../../../electron/services/snapshots/repository';
import { INTEGRATION_LIKE } from '../../../shared/audit/classify';
import { evaluate, prepareAudit } from '../../../shared/audit/evaluate';
import { ORG_03_PERMISSIONS } from '../../../shared/audit/checks/org';
import type { ScopeFile } from '../../../shared/audit/scope';
import { OBJECT_NAMES } from '../../../shared/salesforce-objects';
import type { SfRecord, SnapshotData } from '../../../shared/model';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

const NOW = Date.parse('2026-06-30T12:00:00.000Z');
const AS_OF = new Date(NOW).toISOString();

let backend: Backend;
let snapshotId: string;

/** The stored snapshot with every object read whole and no lookup: the engine's in-memory path. */
function loadedWhole(): SnapshotData {
  const s = loadSnapshot(requireDb(backend.ctx), snapshotId);
  const records: Record<string, SfRecord[]> = {};
  for (const object of Object.keys(s.records)) records[object] = s.records[object];
  return { meta: s.meta, records };
}

const byKey = () => loadSnapshot(requireDb(backend.ctx), snapshotId);

beforeAll(() => {
  backend = createBackend({ dataDir: tempDir(), door: 'cli' });
  const data = addScale(buildGreenPath(NOW), 600, 7, NOW);
  const records: Record<string, SfRecord[]> = {};
  for (const object of OBJECT_NAMES) if (data[object]) records[object] = data[object];
  snapshotId = storeSnapshot(
    requireDb(backend.ctx),
    'lookup',
    {
      meta: {
        id: 'snap-lookup',
        orgAlias: 'lookup',
        orgId: '00D000000000001AAA',
        orgName: 'Lookup Org',
        instanceUrl: 'https://lookup.my.salesforce.com',
        apiVersion: '62.0',
        auditingUsername: `auditor@${DOMAIN}`,
        appVersion: '0.1.0',
        startedAt: AS_OF,
        finishedAt: AS_OF,
        apiCalls: 0,
        permissionScope: 'full',
        lookbackDays: 180,
        objects: [],
        gaps: [],
        contentHash: 'x',
      },
      records,
    },
    'snap-lookup',
  );
});

afterAll(async () => {
  await backend.close();
});

describe('evaluating a stored snapshot by key', () => {
  it('gives the same evaluation as the snapshot loaded whole, with every integration user declared', () => {
    const whole = loadedWhole();
    expect(byKey().lookup).toBeDefined();
    const unscoped = evaluate({ snapshot: whole, scope: null, asOf: AS_OF });
    const integration = unscoped.users.filter((u) => INTEGRATION_LIKE.includes(u.classification)).map((u) => u.username);
    expect(integration.length).toBeGreaterThan(10);
    const scope: ScopeFile = {
      version: 1,
      systems: [0, 1, 2].map((n) => ({
        name: `System ${n}`,
        owner: 'owner',
        purpose: 'test',
        users: integration.filter((_, i) => i % 3 === n),
        objects: { Account: ['read', 'edit'], Contact: ['read'] },
        systemPermissions: { ApiEnabled: 'calls the API' },
      })),
    };
    const expected = JSON.stringify(evaluate({ snapshot: whole, scope, asOf: AS_OF }));
    const actual = JSON.stringify(evaluate({ snapshot: byKey(), scope, asOf: AS_OF }));
    expect(actual).toBe(expected);
    expect(JSON.stringify(evaluate({ snapshot: byKey(), scope: null, asOf: AS_OF }))).toBe(JSON.stringify(unscoped));
  });

  it('gives every user the same effective access and the same held permissions, asked one by one', () => {
    const whole = prepareAudit({ snapshot: loadedWhole(), asOf: AS_OF });
    const keyed = prepareAudit({ snapshot: byKey(), asOf: AS_OF });
    const users = whole.index.users.map((u) => u.Id);
    // More users than are read one at a time before an object is loaded whole: both paths run.
    expect(users.length).toBeGreaterThan(100);
    for (const id of users.slice(0, 40)) expect(JSON.stringify(keyed.engine.effectiveAccess(id))).toBe(JSON.stringify(whole.engine.effectiveAccess(id)));
    const fresh = prepareAudit({ snapshot: byKey(), asOf: AS_OF });
    fresh.engine.prefetch(users.slice(40, 80), { allFields: true });
    for (const id of users.slice(40, 80)) expect(JSON.stringify(fresh.engine.effectiveAccess(id))).toBe(JSON.stringify(whole.engine.effectiveAccess(id)));
    for (const p of ['ApiUserOnly', 'ModifyAllData', 'ViewAllData', ...ORG_03_PERMISSIONS]) {
      const held = (engine: typeof whole.engine) => whole.index.users.filter((u) => engine.holdersOf(p).has(u.Id, (u.ProfileId as string) ?? null)).map((u) => u.Id);
      expect(held(fresh.engine)).toEqual(held(whole.engine));
    }
    for (const id of users) expect(keyed.index.loginRowsByUser.get(id)?.map((l) => l.Id)).toEqual(whole.index.loginRowsByUser.get(id)?.map((l) => l.Id));
  });
});
