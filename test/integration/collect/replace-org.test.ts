/**
 * `iua orgs add ALIAS --replace` as a user runs it (issue #20 item 6): two demo orgs with
 * different org ids, real collections, a review with a sign-off, credentials in the
 * passphrase file. Without --replace the alias is never re-pointed; with it the earlier org's
 * snapshots, decisions and sign-offs stay intact under `ALIAS-<org id>`, still collectable,
 * and never meet the new org's snapshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGreenPath, startDemoOrg, type DemoOrg } from '../../../electron/demo-org/index';
import { integrityOf, PASSPHRASE, rig, runCliAsync, withDb, type Rig } from './helpers';
import { ROOT } from '../../support/tmp';

const ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE };
const SCOPE = path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml');
let r: Rig;
let second: DemoOrg;
const cli = (...args: string[]) => runCliAsync(['--data-dir', r.dataDir, ...args], ENV);
const json = async <T>(...args: string[]): Promise<T> => {
  const run = await cli(...args, '--json');
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

interface Report {
  org: { alias: string; id: string };
  snapshot: { id: string; contentHash: string };
  systems: { name: string; reviewState: string; users: string[]; checks: { id: string; username: string | null; status: string; computedStatus: string }[] }[];
}
interface Listed {
  snapshots: { id: string; orgId: string; contentHash: string }[];
}

/** Every row of every table, for "not one row changed". */
const dump = () =>
  withDb(r.dataDir, (db) =>
    Object.fromEntries(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).map((t) => [
        t,
        db.prepare(`SELECT * FROM "${t}"`).all(),
      ]),
    ),
  );

beforeAll(async () => {
  r = await rig();
  const data = buildGreenPath();
  data.Organization![0].Id = '00DHs0000000002AAA';
  data.Organization![0].Name = 'Second Org';
  second = await startDemoOrg({ data });
  expect(second.orgId).not.toBe(r.org.orgId);
}, 60_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await second?.close();
  await r.close();
});

describe('iua orgs add --replace', () => {
  it('refuses another org without --replace, then keeps the earlier org whole and apart with it', async () => {
    const a = r.org;
    expect((await cli('orgs', 'add', 'prod', '--instance-url', a.url, '--access-token', a.accessToken)).status).toBe(0);
    expect((await cli('collect', 'prod')).status).toBe(0);
    expect((await cli('scope', 'import', 'prod', SCOPE)).status).toBe(0);
    const report = await json<Report>('report', 'prod');
    const mule = report.systems.find((s) => s.users.includes('mulesoft_integration@greenpath.example'))!;
    for (const c of mule.checks.filter((x) => ['fail', 'warn', 'manual', 'error'].includes(x.status))) {
      const decided = await cli(
        'attest',
        'prod',
        '--system',
        mule.name,
        '--check',
        c.id,
        ...(c.username ? ['--user', c.username] : []),
        '--remediation',
        '--owner',
        'Integration team',
        '--due',
        '2099-01-31',
        '--because',
        'Confirmed with the integration owner',
        '--reviewer',
        'R. Auditor',
      );
      expect(decided.status, decided.stderr).toBe(0);
    }
    const signed = await cli('signoff', 'prod', '--system', mule.name, '--reviewer', 'R. Auditor', '--role', 'External auditor', '--statement', 'Minimum necessary.');
    expect(signed.status, signed.stderr).toBe(0);
    const signedReport = await json<Report>('report', 'prod');
    const snapshotsBefore = await json<Listed>('snapshot', 'list', 'prod');
    const before = dump();
    expect(before.signoff).toHaveLength(1);
    expect((before.override as unknown[]).length).toBeGreaterThan(0);

    // Another org's credentials for the same alias: refused in words, nothing changes.
    const refused = await cli('orgs', 'add', 'prod', '--instance-url', second.url, '--access-token', second.accessToken);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`The alias "prod" is org GreenPath Healthcare (${a.orgId}), with 1 snapshot, but these credentials sign in to Second Org (${second.orgId}).`);
    expect(refused.stderr).toContain('--replace');
    expect(refused.stderr).toContain('Nothing was changed.');
    expect(dump()).toEqual(before);

    // --replace: "prod" is the new org; the earlier one is whole under prod-<its org id>.
    const kept = `prod-${a.orgId}`;
    const replaced = await cli('orgs', 'add', 'prod', '--instance-url', second.url, '--access-token', second.accessToken, '--replace');
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain(`org prod: Second Org (${second.orgId})`);
    expect(replaced.stderr).toContain(`The earlier org GreenPath Healthcare (${a.orgId}) and its 1 snapshot`);
    expect(replaced.stderr).toContain(`are kept under the alias "${kept}", with its connection.`);
    const orgs = (await json<{ orgs: { alias: string; orgId: string; currentSnapshotId: string | null }[] }>('orgs', 'list')).orgs;
    expect(orgs.map((o) => [o.alias, o.orgId])).toEqual([
      ['prod', second.orgId],
      [kept, a.orgId],
    ]);
    expect((await json<Listed>('snapshot', 'list', kept)).snapshots).toEqual(snapshotsBefore.snapshots.map((x) => ({ ...x, orgAlias: kept })));
    expect((await json<Listed>('snapshot', 'list', 'prod')).snapshots).toEqual([]);
    // The review as signed: the same snapshot, the same results, still signed off.
    const keptReport = await json<Report>('report', kept);
    expect(keptReport.snapshot).toEqual(signedReport.snapshot);
    expect(keptReport.org).toEqual({ ...signedReport.org, alias: kept });
    expect(keptReport.systems).toEqual(signedReport.systems);
    expect(keptReport.systems.find((s) => s.name === mule.name)?.reviewState).toBe('signed off');
    const after = dump();
    for (const table of ['snapshot', 'snapshot_record', 'override', 'signoff', 'signoff_freeze', 'scope_version', 'review']) {
      const rename = (rows: unknown[]) => (rows as Record<string, unknown>[]).map((row) => ('org_alias' in row ? { ...row, org_alias: kept } : row));
      expect(after[table], table).toEqual(rename(before[table]));
    }

    // Both orgs collect under their own alias (the earlier org's credentials moved with it), never mixed.
    expect((await cli('collect', 'prod')).status).toBe(0);
    expect((await cli('collect', kept)).status).toBe(0);
    const newOrg = (await json<Listed>('snapshot', 'list', 'prod')).snapshots;
    const earlierOrg = (await json<Listed>('snapshot', 'list', kept)).snapshots;
    expect(newOrg.map((s) => s.orgId)).toEqual([second.orgId]);
    expect(earlierOrg.map((s) => s.orgId)).toEqual([a.orgId, a.orgId]);
    const drift = await cli('diff', kept, '--from', earlierOrg[1].id, '--to', earlierOrg[0].id, '--json');
    expect(drift.status, drift.stderr).toBe(0);
    const across = await cli('diff', 'prod', '--from', earlierOrg[1].id, '--to', newOrg[0].id);
    expect(across.status).toBe(1);
    expect(across.stderr).toContain(`No snapshot ${earlierOrg[1].id} for org "prod"`);

    // The earlier org's evidence still exports and verifies.
    const out = path.join(r.dataDir, 'kept.xlsx');
    const pack = await json<{ path: string; digest: string }>('export', kept, '--snapshot', earlierOrg[1].id, '--out', out);
    const verified = await cli('verify', pack.path, '--digest', pack.digest);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
  }, 300_000);
});
