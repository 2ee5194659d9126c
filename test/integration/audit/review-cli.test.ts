/**
 * The review commands as a script or a reviewer uses them: real subprocesses against a data
 * directory holding a collected demo org.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { integrityOf, PASSPHRASE, rig, runCliAsync, type Rig } from '../collect/helpers';
import { ROOT, tempDir } from '../../support/tmp';

const ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE };
const SCOPE = path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml');
let r: Rig;
const cli = (...args: string[]) => runCliAsync(['--data-dir', r.dataDir, ...args], ENV);

beforeAll(async () => {
  r = await rig();
  expect((await cli('orgs', 'add', 'demo', '--instance-url', r.org.url, '--access-token', r.org.accessToken)).status).toBe(0);
  expect((await cli('collect', 'demo')).status).toBe(0);
}, 300_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await r.close();
});

describe('iua scope / report / attest / signoff / diff', () => {
  it('imports the shipped scope, rejects a broken one with file, path and reason', async () => {
    const ok = await cli('scope', 'import', 'demo', SCOPE);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/Imported 7 system\(s\) into demo/);
    const bad = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(bad, 'version: 1\nsystems:\n  - name: X\n    owner: o\n    purpose: p\n    users: []\n    objects: { Account: [fly] }\n');
    const refused = await cli('scope', 'import', 'demo', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/bad\.yaml/);
    expect(refused.stderr).toMatch(/systems\[0\]\.objects\.Account/);
    const exported = await cli('scope', 'export', 'demo');
    expect(exported.stdout).toContain('mulesoft_integration@greenpath.example');
  }, 120_000);

  it('prints a report whose --json follows the contract and is byte-identical across runs', async () => {
    const a = await cli('report', 'demo', '--json');
    expect(a.status).toBe(0);
    const b = await cli('report', 'demo', '--json');
    expect(b.stdout).toBe(a.stdout);
    const report = JSON.parse(a.stdout) as {
      org: { alias: string; id: string; name: string };
      snapshot: { id: string; takenAt: string; contentHash: string };
      users: { id: string; username: string; name: string; isActive: boolean; license: string; classification: string; reasons: unknown[]; systems: string[] }[];
      systems: {
        name: string;
        reviewState: string;
        users: string[];
        checks: { id: string; username: string | null; status: string; computedStatus: string; summary: string; evidence: unknown[] }[];
      }[];
      orgChecks: { id: string; status: string; summary: string; evidence: unknown[] }[];
    };
    expect(report.org).toMatchObject({ alias: 'demo', name: expect.stringMatching(/GreenPath/) });
    expect(report.snapshot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const alvarez = report.users.find((u) => u.username === 'j.alvarez@greenpath.example')!;
    expect(alvarez).toMatchObject({ classification: 'human-as-integration', isActive: true });
    expect(alvarez.reasons.length).toBeGreaterThan(0);
    expect(report.systems).toHaveLength(7);
    for (const s of report.systems) {
      expect(s.reviewState).toBe('not started');
      for (const c of s.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'username', 'status', 'computedStatus', 'summary', 'evidence']));
    }
    expect(report.orgChecks.map((c) => c.id)).toEqual(['ORG-01', 'ORG-02', 'ORG-03', 'ORG-04']);
    const text = await cli('report', 'demo');
    expect(text.stdout).toContain('Integration users');
    expect(text.stdout).toContain('j.alvarez@greenpath.example');
  }, 120_000);

  it('records an override and a sign-off, then refuses changes to the signed-off review', async () => {
    const report = JSON.parse((await cli('report', 'demo', '--json')).stdout) as {
      systems: { name: string; users: string[]; checks: { id: string; username: string | null; status: string }[] }[];
    };
    const mule = report.systems.find((s) => s.users.includes('mulesoft_integration@greenpath.example'))!;
    const open = mule.checks.filter((c) => ['fail', 'warn', 'manual', 'error'].includes(c.status));
    const noWhy = await cli('attest', 'demo', '--system', mule.name, '--check', 'IU-13', '--status', 'pass', '--because', ' ', '--reviewer', 'R. Auditor');
    expect(noWhy.status).toBe(1);
    expect(noWhy.stderr).toMatch(/justification/);
    // The reviewer is set once; until then a decision that names nobody is refused in words.
    const nobody = await cli('attest', 'demo', '--system', mule.name, '--check', 'IU-13', '--exception', '--because', 'Confirmed with the integration owner');
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/needs the reviewer’s name: set your name and role once/);
    expect((await cli('reviewer')).stdout).toMatch(/No reviewer set/);
    const set = await cli('reviewer', '--name', 'R. Auditor', '--role', 'External auditor');
    expect(set.stdout).toBe('Reviewer: R. Auditor (External auditor).\n');
    for (const c of open) {
      const decision = c.status === 'fail' ? ['--remediation', '--owner', 'Integration team', '--due', '2099-01-31'] : ['--status', 'pass'];
      const a = await cli(
        'attest',
        'demo',
        '--system',
        mule.name,
        '--check',
        c.id,
        ...(c.username ? ['--user', c.username] : []),
        ...decision,
        '--because',
        'Confirmed with the integration owner',
      );
      expect(a.stderr).toBe('');
      expect(a.status).toBe(0);
      expect(a.stdout).toMatch(/\(by R\. Auditor\)/);
    }
    const signed = await cli('signoff', 'demo', '--system', mule.name, '--statement', 'Access is limited to the minimum necessary.');
    expect(signed.stderr).toBe('');
    expect(signed.stdout).toMatch(/^Signed off .* by R\. Auditor \(External auditor\)/);
    const after = JSON.parse((await cli('report', 'demo', '--json')).stdout) as {
      systems: { name: string; reviewState: string; checks: { id: string; status: string; computedStatus: string }[] }[];
    };
    const s = after.systems.find((x) => x.name === mule.name)!;
    expect(s.reviewState).toBe('signed off');
    for (const c of open) expect(s.checks.find((x) => x.id === c.id)!.computedStatus).toBe(c.status);
    const late = await cli(
      'attest',
      'demo',
      '--system',
      mule.name,
      '--check',
      'IU-03',
      '--user',
      'mulesoft_integration@greenpath.example',
      '--status',
      'fail',
      '--because',
      'a late change after the sign-off',
      '--reviewer',
      'R',
    );
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(/signed off/);
  }, 180_000);

  it('diffs two snapshots and prints templates', async () => {
    const before = JSON.parse((await cli('orgs', 'list', '--json')).stdout) as { orgs: { currentSnapshotId: string }[] };
    const from = before.orgs[0].currentSnapshotId;
    expect((await cli('collect', 'demo')).status).toBe(0);
    const after = JSON.parse((await cli('orgs', 'list', '--json')).stdout) as { orgs: { currentSnapshotId: string }[] };
    const to = after.orgs[0].currentSnapshotId;
    expect(to).not.toBe(from);
    const diff = await cli('diff', 'demo', '--from', from, '--to', to, '--json');
    expect(diff.status).toBe(0);
    const d = JSON.parse(diff.stdout) as { from: { snapshotId: string }; to: { snapshotId: string }; usersAdded: unknown[]; permissions: unknown[] };
    expect(d.from.snapshotId).toBe(from);
    expect(d.to.snapshotId).toBe(to);
    // The same org collected twice: nothing about integration users changed.
    expect(d.usersAdded).toEqual([]);
    expect(d.permissions).toEqual([]);
    const text = await cli('diff', 'demo', '--from', from, '--to', to);
    expect(text.stdout).toMatch(/^Drift /);
    const bad = await cli('diff', 'demo', '--from', 'nope', '--to', to);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/No snapshot nope/);
    const template = await runCliAsync(['scope', 'template', 'ehr']);
    expect(template.status).toBe(0);
    expect(template.stdout).toMatch(/^version: 1/);
    const missing = await runCliAsync(['scope', 'template', 'nope']);
    expect(missing.status).toBe(1);
  }, 180_000);
});
