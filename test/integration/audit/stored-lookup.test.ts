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
import { readsThroughParentIndex } from '../../../electron/services/snapshots/lookup';
import { loadSnapshot } from '../../../electron/services/snapshots/repository';
import { readAheadCounts } from '../../../electron/services/snapshots/read-ahead';
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

/** The granting sets of a permission: PermissionSets (not a profile's own) with it on. */
function setsGranting(records: Record<string, SfRecord[]>, permission: string): string[] {
  return records.PermissionSet.filter((ps) => ps[`Permissions${permission}`] === true && ps.IsOwnedByProfile !== true && ps.Type !== 'Group').map((ps) => ps.Id);
}

/**
 * Assignments whose values do not settle what they grant, each to its own user (the 5th, 10th, …
 * user), so every path that reads them must judge them as sourcesFor does.
 */
const ODD_ASSIGNMENTS: Partial<SfRecord>[] = [
  { IsActive: false },
  { ExpirationDate: '2026-01-01' },
  { ExpirationDate: '2027-01-01' },
  { PermissionSetGroupId: '' },
  { IsActive: 'yes' },
  { IsActive: null, ExpirationDate: null },
  { PermissionSetId: 42 },
];

function oddAssignments(records: Record<string, SfRecord[]>): SfRecord[] {
  const modifyAll = setsGranting(records, 'ModifyAllData');
  const api = setsGranting(records, 'ApiEnabled');
  expect(modifyAll.length).toBeGreaterThan(0);
  return ODD_ASSIGNMENTS.map((odd, i) => ({
    Id: `0PaODD00000000${String(i).padStart(2, '0')}AAA`,
    AssigneeId: records.User[5 * (i + 1)].Id,
    PermissionSetId: i % 2 ? api[0] : modifyAll[0],
    PermissionSetGroupId: null,
    IsActive: true,
    ExpirationDate: null,
    ...odd,
  })) as SfRecord[];
}

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
  records.PermissionSetAssignment = [...records.PermissionSetAssignment, ...oddAssignments(records)];
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
    const before = { ...readAheadCounts };
    const actual = JSON.stringify(evaluate({ snapshot: byKey(), scope, asOf: AS_OF }));
    expect(actual).toBe(expected);
    // The scans were read ahead on a second connection, and every answer read ahead was used:
    // an unused one means a call's arguments differ from those announced (the scan ran twice).
    expect(readAheadCounts.statements - before.statements).toBe(4);
    expect(readAheadCounts.taken - before.taken).toBe(4);
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
      // Asked the other way round, each user's own sources (inactive users' too) give the same holders.
      expect(held(fresh.engine)).toEqual(whole.index.users.filter((u) => whole.engine.hasSystemPermission(u.Id, p, { ignoreInactive: true })).map((u) => u.Id));
    }
    for (const id of users) expect(keyed.index.loginRowsByUser.get(id)?.map((l) => l.Id)).toEqual(whole.index.loginRowsByUser.get(id)?.map((l) => l.Id));
  });

  it("reads few parents' rows through the parent index and many by walking the object, with the same rows either way", () => {
    const records = loadedWhole().records;
    const lookup = byKey().lookup!;
    const assignments = records.PermissionSetAssignment;
    const users = records.User.map((u) => u.Id);
    const few = users.slice(3, 5);
    const many = users.slice(0, Math.ceil(users.length / 2));
    expect(readsThroughParentIndex(few.length, assignments.length)).toBe(true);
    expect(readsThroughParentIndex(many.length, assignments.length)).toBe(false);
    for (const parents of [few, many]) {
      const expected = assignments.filter((a) => parents.includes(a.AssigneeId as string)).map((a) => a.Id);
      expect(expected.length).toBeGreaterThan(0);
      // In Id order both ways, as the rows in memory are.
      expect(lookup.byParent('PermissionSetAssignment', parents).map((a) => a.Id)).toEqual(expected);
    }
    const plan = (sql: string) => (requireDb(backend.ctx).prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(
      plan(
        "SELECT data FROM snapshot_record INDEXED BY snapshot_record_by_parent WHERE snapshot_id = 'x' AND sobject = 'y' AND parent_id IN (SELECT value FROM json_each('[]')) ORDER BY record_id",
      ),
    ).toMatch(/USING INDEX snapshot_record_by_parent/);
  });

  it('names the assignees of each list of sets in one pass, and those with assignments that are not plain, as the rows in memory do', () => {
    const whole = prepareAudit({ snapshot: loadedWhole(), asOf: AS_OF }).index;
    const keyed = prepareAudit({ snapshot: byKey(), asOf: AS_OF }).index;
    const records = loadedWhole().records;
    const api = setsGranting(records, 'ApiEnabled');
    // More lists than one pass answers (30), an empty one, and sets named by no assignment.
    const lists = [api, setsGranting(records, 'ModifyAllData'), [], ['0PS000000000000nope'], ...records.PermissionSet.slice(0, 33).map((ps) => [ps.Id])];
    const plain = { IsActive: [true, null], ExpirationDate: [null], PermissionSetGroupId: [null] };
    const sorted = (r: { matching: string[][]; notPlain: string[] }) => ({ matching: r.matching.map((m) => [...m].sort()), notPlain: [...r.notPlain].sort() });
    const fromStore = sorted(keyed.parentsByValue('PermissionSetAssignment', 'PermissionSetId', lists, plain));
    const inMemory = sorted(whole.parentsByValue('PermissionSetAssignment', 'PermissionSetId', lists, plain));
    expect(fromStore).toEqual(inMemory);
    // One key per row: an assignee of two of the sets is named twice.
    const rowsNaming = records.PermissionSetAssignment.filter((a) => api.includes(a.PermissionSetId as string)).length;
    expect(fromStore.matching[0].length).toBe(rowsNaming);
    expect(fromStore.matching[2]).toEqual([]);
    expect(fromStore.matching[3]).toEqual([]);
    // Every odd assignment but the one whose only oddity is null (plain) and the numeric set Id (a
    // value plain does not test) makes its user not plain; group assignments of the org too.
    const oddUsers = ODD_ASSIGNMENTS.map((_, i) => records.User[5 * (i + 1)].Id);
    for (const i of [0, 1, 2, 3, 4]) expect(fromStore.notPlain).toContain(oddUsers[i]);
    expect(fromStore.notPlain.length).toBeGreaterThan(5);
    // Other plain values ask other questions: the assignees with an inactive assignment.
    const inactive = keyed.parentsByValue('PermissionSetAssignment', 'PermissionSetId', [], { IsActive: [false] });
    expect(inactive.matching).toEqual([]);
    expect(sorted(inactive).notPlain).toEqual(sorted(whole.parentsByValue('PermissionSetAssignment', 'PermissionSetId', [], { IsActive: [false] })).notPlain);
  });
});
