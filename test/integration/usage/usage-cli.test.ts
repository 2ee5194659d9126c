/**
 * `iua usage pull` twice (the second adds nothing), `iua usage report` and `iua remediate` as a
 * user runs them: real subprocesses on a data directory, against the demo org over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityOf, PASSPHRASE, rig, runCliAsync, type Rig } from '../collect/helpers';
import { tempDir } from '../../support/tmp';

const ENV = { IUA_SECRET_STORE: 'file', IUA_PASSPHRASE: PASSPHRASE };
const SCOPE = path.join(__dirname, '../../../electron/demo-org/greenpath-scope.yaml');
let r: Rig;

beforeAll(async () => {
  r = await rig({ token: 'cli-usage' });
  await r.backend.close();
  expect((await runCliAsync(['orgs', 'add', 'gp', '--instance-url', r.org.url, '--access-token', r.org.accessToken, '--data-dir', r.dataDir], ENV)).status).toBe(0);
  expect((await runCliAsync(['collect', 'gp', '--data-dir', r.dataDir], ENV)).status).toBe(0);
  const imported = await runCliAsync(['scope', 'import', 'gp', SCOPE, '--data-dir', r.dataDir], ENV);
  expect(imported.status, imported.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  expect(integrityOf(r.dataDir)).toBe('ok');
  await r.close();
});

describe('iua usage / remediate (subprocess)', () => {
  it('pulls, adds nothing the second time, reports the findings and writes the remediation folder', async () => {
    const first = await runCliAsync(['usage', 'pull', 'gp', '--json', '--data-dir', r.dataDir], ENV);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ filesAdded: 1, gaps: [] });
    const second = await runCliAsync(['usage', 'pull', 'gp', '--data-dir', r.dataDir], ENV);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^Usage of gp: 0 new log files \(0 events\), writes counted on 0 objects, 1 API calls\./);
    // What the org offers, found by the pull, said in words (the same day's second pull reuses the first's answer).
    expect(second.stdout).toContain('API event sources found: ApiTotalUsage.');
    expect(second.stdout).toMatch(/Note: Event Monitoring log files: no API, RestApi, BulkApi, BulkApi2 event log file in this org/);
    expect(second.stdout).toMatch(/Note: Event Log Objects: none in the describe/);

    const report = await runCliAsync(['usage', 'report', 'gp', '--data-dir', r.dataDir], ENV);
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/Billing\s+US-01\s+billing\.integration@greenpath\.example\s+warn\s+granted but not used in the window: Contact edit/);
    expect(report.stdout).toMatch(/API history holds 1 of 180 days \(ApiTotalUsage 1 day\)/);
    expect(report.stdout).toMatch(/Lab Results\s+US-02\s+lab\.integration@greenpath\.example\s+fail/);

    const out = path.join(tempDir('iua-cli-remediate-'), 'lab');
    const rem = await runCliAsync(['remediate', 'gp', '--system', 'Lab Results', '--out', out, '--basis', 'used', '--data-dir', r.dataDir], ENV);
    expect(rem.status, rem.stderr).toBe(0);
    expect(rem.stdout).toContain('Lab_Results_Least_Privilege');
    expect(fs.readFileSync(path.join(out, 'permissionsets', 'Lab_Results_Least_Privilege.permissionset-meta.xml'), 'utf8')).toContain('<object>Task</object>');

    const bad = await runCliAsync(['remediate', 'gp', '--system', 'Nope', '--out', path.join(out, 'x'), '--data-dir', r.dataDir], ENV);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^iua: No system "Nope" in the declared scope of gp/);
  }, 300_000);
});
