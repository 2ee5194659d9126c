/**
 * The alias move behind `orgs add --replace` (electron/services/orgs/replace.ts, migration 009):
 * all or nothing, a valid free alias, and every immutability trigger lets exactly the move through.
 * The whole flow with two demo orgs is in test/reliability/data-safety.test.ts (s6) and
 * test/integration/collect/replace-org.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { openRaw } from '../../../electron/services/store/db';
import { migrate } from '../../../electron/services/store/migrate';
import { aliasForEarlierOrg, earlierOrgUnder, moveAlias } from '../../../electron/services/orgs/replace';
import { upsertOrg } from '../../../electron/services/orgs/repository';
import { OrgAlias } from '../../../shared/contract/orgs';
import { healthyOrg } from '../audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';

function store() {
  const db = openRaw(':memory:');
  migrate(db);
  storeSnapshot(db, 'prod', healthyOrg().o.snapshot('snap-1'), 'snap-1');
  db.prepare("INSERT INTO note (org_alias, snapshot_id, system, check_id, text, author, at) VALUES ('prod', 'snap-1', 'S', 'IU-01', 'n', 'a', '2025-01-01')").run();
  db.prepare("INSERT INTO activity (org_alias, at, actor, action, detail) VALUES ('prod', '2025-01-01', 'a', 'note', 'd')").run();
  return db;
}
const EARLIER = { orgId: '00D000000000001AAA', orgName: 'Test Org', registered: true, snapshots: 1 };
const NEW_ORG = { orgId: '00D000000000002AAA', orgName: 'New Org' };
const rows = (db: ReturnType<typeof openRaw>) =>
  Object.fromEntries(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).map((t) => [
      t,
      db.prepare(`SELECT * FROM "${t}"`).all(),
    ]),
  );

describe('alias move', () => {
  it('every update trigger on a table holding org_alias lets an alias move through (a table added later must too)', () => {
    const db = store();
    const tables = db.prepare("SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'org_alias'").pluck().all() as string[];
    const triggers = db.prepare("SELECT tbl_name AS t, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE UPDATE%'").all() as { t: string; sql: string }[];
    const guarded = triggers.filter((x) => tables.includes(x.t));
    expect(guarded.map((x) => x.t).sort()).toEqual(expect.arrayContaining(['activity', 'override', 'scope_version', 'signoff', 'snapshot']));
    for (const x of guarded) expect(x.sql, x.t).toMatch(/alias_move WHERE moving = 1 AND from_alias = OLD\.org_alias AND to_alias = NEW\.org_alias/);
  });

  it('is all or nothing: a failure half-way leaves every row where it was, with no record of a move', () => {
    const db = store();
    const before = rows(db);
    // Any failure after the first rows moved (here: the note table refusing) rolls everything back.
    db.exec("CREATE TRIGGER fail_note BEFORE UPDATE ON note BEGIN SELECT RAISE(ABORT, 'disk said no'); END");
    expect(() => moveAlias(db, { from: 'prod', to: 'prod-old', earlier: EARLIER, newOrg: NEW_ORG })).toThrow(/disk said no/);
    db.exec('DROP TRIGGER fail_note');
    expect(rows(db)).toEqual(before);
    // And an alias already in use is never joined.
    storeSnapshot(db, 'taken', healthyOrg().o.snapshot('snap-2'), 'snap-2');
    expect(() => moveAlias(db, { from: 'prod', to: 'taken', earlier: EARLIER, newOrg: NEW_ORG })).toThrow(/was taken meanwhile/);
    expect(db.prepare("SELECT COUNT(*) FROM snapshot WHERE org_alias = 'prod'").pluck().get()).toBe(1);
    moveAlias(db, { from: 'prod', to: 'prod-old', earlier: EARLIER, newOrg: NEW_ORG });
    expect(db.prepare("SELECT org_alias FROM note UNION SELECT org_alias FROM snapshot WHERE id = 'snap-1'").pluck().all()).toEqual(['prod-old']);
    expect(db.prepare('SELECT org_alias, action FROM activity ORDER BY id').all()).toEqual([
      { org_alias: 'prod-old', action: 'note' },
      { org_alias: 'prod-old', action: 'alias moved' },
      { org_alias: 'prod', action: 'alias replaced' },
    ]);
    expect(db.prepare("SELECT alias FROM org WHERE alias LIKE 'prod%'").pluck().all()).toEqual(['prod-old']);
  });

  it('names the earlier org ALIAS-<org id>, a valid alias even for the longest one, and never one in use', () => {
    const db = store();
    expect(aliasForEarlierOrg(db, 'prod', EARLIER.orgId)).toBe('prod-00D000000000001AAA');
    const long = 'a'.repeat(64);
    const name = aliasForEarlierOrg(db, long, EARLIER.orgId);
    expect(OrgAlias.safeParse(name).success).toBe(true);
    expect(name).toMatch(/-00D000000000001AAA$/);
    storeSnapshot(db, 'prod-00D000000000001AAA', healthyOrg().o.snapshot('snap-3'), 'snap-3');
    expect(aliasForEarlierOrg(db, 'prod', EARLIER.orgId)).toBe('prod-00D000000000001AAA-2');
    expect(aliasForEarlierOrg(db, 'prod', 'odd id/../x')).toBe('prod-odd_id_.._x');
  });

  it('an alias re-pointed before this rule (the new org registered over the earlier org’s snapshots): the snapshots move, the registration stays without them', () => {
    const db = store();
    upsertOrg(db, {
      alias: 'prod',
      ...NEW_ORG,
      instanceUrl: 'https://new.example',
      loginUrl: null,
      apiVersion: '62.0',
      authMethod: 'access_token',
      username: 'u',
      clientId: null,
      redirectPort: null,
    });
    const earlier = earlierOrgUnder(db, 'prod', NEW_ORG.orgId);
    expect(earlier).toEqual({ orgId: EARLIER.orgId, orgName: 'Test Org', registered: false, snapshots: 1 });
    moveAlias(db, { from: 'prod', to: 'prod-old', earlier: earlier!, newOrg: NEW_ORG });
    expect(db.prepare('SELECT alias, org_id, current_snapshot_id FROM org').all()).toEqual([{ alias: 'prod', org_id: NEW_ORG.orgId, current_snapshot_id: null }]);
    expect(db.prepare('SELECT org_alias FROM snapshot').pluck().all()).toEqual(['prod-old']);
    expect(earlierOrgUnder(db, 'prod', NEW_ORG.orgId)).toBeNull();
  });
});
