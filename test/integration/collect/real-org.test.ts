/**
 * Real-org behaviours (issue #15, docs/salesforce-fidelity.md): the demo org reproduces them by
 * default and the collector survives them. Each assertion fails if the collector goes back to
 * what only the old simulator accepted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getSnapshotMeta } from '../../../electron/services/snapshots/repository';
import { requireDb } from '../../../electron/services/context';
import { customObjectName, REAL_ORG_DEFAULTS } from '../../../electron/demo-org/dataset/real-org-shape';
import type { AuditView } from '../../../shared/contract/audit';
import type { CheckResult } from '../../../shared/audit/types';
import { MAX_QUERY_URL_BYTES } from '../../../electron/services/salesforce/query-plan';
import { objectFailure, toSfError } from '../../../electron/services/salesforce/errors';
import { HttpApi } from 'jsforce/lib/http-api';
import jsforce from 'jsforce';
import { addByToken, rig, withDb, type Rig } from './helpers';
import { ROOT } from '../../support/tmp';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

async function get(org: Rig['org'], pathAndQuery: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${org.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${org.accessToken}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}
const q = (soql: string, tooling = false) => `/services/data/v62.0${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`;

async function evaluate(rr: Rig): Promise<AuditView> {
  const text = fs.readFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), 'utf8');
  await rr.backend.call('scope.import', { orgAlias: 'demo', text, fileName: 'greenpath-scope.yaml', format: 'yaml' });
  return (await rr.backend.call('audit.evaluate', { orgAlias: 'demo' })) as AuditView;
}
function check(view: AuditView, username: string, id: string): CheckResult {
  for (const s of view.evaluation.systems) for (const c of s.checks) if (c.username === username && c.id === id) return c;
  throw new Error(`no ${id} for ${username}`);
}
const EHR = 'ehr.integration@greenpath.example';

describe('the demo org behaves like a real org by default', () => {
  it('serves login IP ranges only inside Tooling Profile.Metadata, one profile per query', async () => {
    r = await rig();
    const soql = await get(r.org, q('SELECT Id, ProfileId FROM LoginIpRange'));
    expect(soql.status).toBe(400);
    expect(JSON.parse(soql.body)[0].errorCode).toBe('INVALID_TYPE');
    const many = await get(r.org, q('SELECT Id, Metadata FROM Profile', true));
    expect(many.status).toBe(400);
    expect(JSON.parse(many.body)[0].message).toMatch(/no more than one row/);
    expect((await get(r.org, q('SELECT Id, Metadata FROM Profile LIMIT 1'))).status).toBe(400); // not on the data API
    const apiOnly =
      r.org.dataset.Profile.find((p) => p.Name === 'GreenPath API Only Integrations') ??
      r.org.dataset.LoginIpRange.map((x) => r!.org.dataset.Profile.find((p) => p.Id === x.ProfileId)!)[0];
    const one = JSON.parse((await get(r.org, q(`SELECT Id, Metadata FROM Profile WHERE Id = '${apiOnly.Id}'`, true))).body);
    const expected = r.org.dataset.LoginIpRange.filter((x) => x.ProfileId === apiOnly.Id)
      .map((x) => x.StartAddress)
      .sort();
    expect(one.records[0].Metadata.loginIpRanges.map((x: { startAddress: string }) => x.startAddress).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('keys custom objects’ fields by 01I… ids, returns null OauthToken Ids and refuses over-long URLs with HTML', async () => {
    r = await rig();
    const byName = JSON.parse((await get(r.org, q("SELECT QualifiedApiName, EntityDefinitionId FROM FieldDefinition WHERE EntityDefinitionId = 'Patient_Visit__c'"))).body);
    expect(byName.totalSize).toBe(0); // a real org answers 0 rows and no error
    const byPath = JSON.parse(
      (await get(r.org, q("SELECT QualifiedApiName, EntityDefinitionId FROM FieldDefinition WHERE EntityDefinition.QualifiedApiName = 'Patient_Visit__c'"))).body,
    );
    expect(byPath.totalSize).toBeGreaterThan(0);
    for (const rec of byPath.records) expect(rec.EntityDefinitionId).toMatch(/^01I[A-Za-z0-9]{12}$/);
    const tokens = JSON.parse((await get(r.org, q('SELECT Id, AppName FROM OauthToken'))).body);
    expect(tokens.totalSize).toBeGreaterThan(0);
    for (const t of tokens.records) expect(t.Id).toBeNull();
    const long = await get(r.org, q(`SELECT Id FROM User WHERE Username IN (${Array.from({ length: 800 }, (_, i) => `'user${i}@example.com'`).join(',')})`));
    expect(long.status).toBe(414);
    expect(long.type).toMatch(/text\/html/);
    expect(long.body).toMatch(/URI Too Long/);
  });

  it('refuses EntityDefinition past one 2,000-row batch (no queryMore) and Bulk API 2.0 for it', async () => {
    r = await rig({ realOrgShape: { customObjects: 2100, permissionFields: 100 } });
    const all = await get(r.org, q('SELECT QualifiedApiName FROM EntityDefinition'));
    expect(all.status).toBe(400);
    expect(JSON.parse(all.body)[0]).toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    const page = JSON.parse((await get(r.org, q('SELECT QualifiedApiName FROM EntityDefinition ORDER BY QualifiedApiName LIMIT 2000'))).body);
    expect(page.records.length).toBe(2000);
    expect(page.done).toBe(true);
    const job = await fetch(`${r.org.url}/services/data/v62.0/jobs/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.org.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query: 'SELECT QualifiedApiName FROM EntityDefinition' }),
    });
    expect(job.status).toBe(400);
    expect(((await job.json()) as { errorCode: string }[])[0].errorCode).toBe('INVALIDENTITY');
  });
});

describe('a collection survives a real org', () => {
  it('GreenPath: login IP ranges from profile metadata (IU-09), custom-object fields via 01I ids (IU-07), null OauthToken Ids', async () => {
    r = await rig();
    await addByToken(r);
    const result = await r.backend.call('collect.start', { alias: 'demo' });
    expect(result.gaps).toEqual([]);
    const meta = getSnapshotMeta(requireDb(r.backend.ctx), result.snapshotId)!;
    const ranges = meta.objects.find((o) => o.object === 'LoginIpRange')!;
    expect(ranges.soql).toMatch(/^SELECT Id, Metadata FROM Profile WHERE Id = '00e/);
    expect(r.org.journal.some((e) => e.object === 'LoginIpRange')).toBe(false);
    const stored = withDb(
      r.dataDir,
      (db) =>
        db.prepare('SELECT record_id, data FROM snapshot_record WHERE snapshot_id = ? AND sobject = ?').all(result.snapshotId, 'OauthToken') as {
          record_id: string;
          data: string;
        }[],
    );
    expect(stored.length).toBe(r.org.dataset.OauthToken.length);
    for (const s of stored) expect(s.record_id).toMatch(/^synthetic:[0-9a-f]{32}/);

    const view = await evaluate(r);
    const iu09 = check(view, EHR, 'IU-09');
    expect(iu09.summary).not.toMatch(/has no login IP ranges/);
    expect(iu09.summary).toMatch(/IP range/);
    // Custom objects' fields arrive keyed by the object's 01I… id (queried by EntityDefinition.QualifiedApiName).
    const fds = withDb(
      r.dataDir,
      (db) => db.prepare("SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = 'FieldDefinition'").pluck().all(result.snapshotId) as string[],
    ).map((d) => JSON.parse(d));
    const diagnosis = fds.find((f) => f.QualifiedApiName === 'Diagnosis__c');
    expect(diagnosis?.EntityDefinitionId).toMatch(/^01I/);
    expect(check(view, EHR, 'IU-07').status).not.toBe('error');

    // The same org collected again gives the same content hash: synthetic keys are stable.
    const again = await r.backend.call('collect.start', { alias: 'demo' });
    expect(again.contentHash).toBe(result.contentHash);
  }, 120_000);

  it('a large real org (2,100 custom objects, ~650 permission fields, sensitive custom fields) collects completely', async () => {
    r = await rig({ realOrgShape: {} });
    await addByToken(r);
    const result = await r.backend.call('collect.start', { alias: 'demo' });
    expect(result.gaps).toEqual([]);
    expect(result.counts.EntityDefinition).toBe(r.org.dataset.EntityDefinition.length);
    expect(result.counts.EntityDefinition).toBeGreaterThan(REAL_ORG_DEFAULTS.customObjects);
    const meta = getSnapshotMeta(requireDb(r.backend.ctx), result.snapshotId)!;
    expect(meta.objects.find((o) => o.object === 'EntityDefinition')!.soql.split('\n').length).toBeGreaterThan(1);
    for (const object of ['Profile', 'PermissionSet', 'MutingPermissionSet']) {
      const queries = meta.objects.find((o) => o.object === object)!.soql.split('\n');
      expect(queries.length, object).toBeGreaterThan(1);
      for (const soql of queries) expect(Buffer.byteLength(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`)).toBeLessThanOrEqual(MAX_QUERY_URL_BYTES);
    }
    expect(r.org.journal.filter((e) => e.status === 414 || e.status === 431)).toEqual([]);
    const ps = withDb(
      r.dataDir,
      (db) => db.prepare("SELECT data FROM snapshot_record WHERE snapshot_id = ? AND sobject = 'PermissionSet' LIMIT 1").pluck().get(result.snapshotId) as string,
    );
    expect(Object.keys(JSON.parse(ps)).filter((k) => k.startsWith('Permissions')).length).toBeGreaterThanOrEqual(REAL_ORG_DEFAULTS.permissionFields);

    const view = await evaluate(r);
    const iu07 = check(view, EHR, 'IU-07');
    expect(iu07.status).toBe('fail');
    expect(JSON.stringify(iu07.evidence)).toContain(`${customObjectName(100)}.Patient_Identifier__c`);
    expect(check(view, EHR, 'IU-09').summary).not.toMatch(/has no login IP ranges/);
  }, 300_000);
});

describe('failures in words', () => {
  it('an unknown error code or a 500 on one object is a gap naming the object and Salesforce’s words; the checks it feeds are error', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({
      rules: [
        { object: 'SetupAuditTrail', status: 400, errorCode: 'SOMETHING_NEW_IN_SPRING', message: 'A brand new refusal' },
        { object: 'ConnectedApplication', status: 500, errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. ErrorId 123' },
      ],
    });
    const res = await r.backend.call('collect.start', { alias: 'demo' });
    expect(res.gaps).toEqual([
      { object: 'ConnectedApplication', errorCode: 'UNKNOWN_EXCEPTION', message: 'An unexpected error occurred. ErrorId 123' },
      { object: 'SetupAuditTrail', errorCode: 'SOMETHING_NEW_IN_SPRING', message: 'A brand new refusal' },
    ]);
    const view = await evaluate(r);
    const iu13 = check(view, EHR, 'IU-13');
    expect(iu13.status).toBe('error');
    expect(iu13.summary).toContain('SetupAuditTrail could not be read (SOMETHING_NEW_IN_SPRING: A brand new refusal)');
    expect(check(view, EHR, 'IU-14').status).toBe('error');
  });

  it('an HTML 414 read through jsforce becomes words, and a gap rather than a stop', async () => {
    r = await rig();
    const conn = new jsforce.Connection({ instanceUrl: r.org.url, accessToken: r.org.accessToken, version: '62.0' });
    let status: number | null = null;
    const api = new HttpApi(conn, { retry: { maxRetries: 0 } });
    api.on('response', (res: { statusCode: number }) => (status = res.statusCode));
    const names = Array.from({ length: 2000 }, (_, i) => `'name${i}'`).join(',');
    const err = await api.request({ method: 'GET', url: `${r.org.url}${q(`SELECT Id FROM User WHERE Name IN (${names})`)}` }).then(
      () => null,
      (e: unknown) => toSfError(e, status),
    );
    expect(err).not.toBeNull();
    expect(err!.status).toBe(414);
    expect(err!.errorCode).toBe('ERROR_HTTP_414');
    expect(err!.message).toMatch(/^Salesforce answered HTTP 414 with a web page instead of an API error: .*URI Too Long/);
    expect(err!.message).not.toMatch(/<[a-z]/i);
    expect(objectFailure(err)).toBe(err);
  });

  it('a Salesforce error that stops the collection says what failed, what it means and what to do', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({ rules: [{ path: '/sobjects$', status: 400, errorCode: 'FUNCTIONALITY_NOT_ENABLED', message: 'This feature is not enabled for the org' }] });
    const res = await r.backend.dispatch('collect.start', { alias: 'demo' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('org_error');
    expect(res.error.message).not.toMatch(/Something went wrong/);
    expect(res.error.message).toMatch(
      /^The collection of demo failed: Salesforce answered HTTP 400, FUNCTIONALITY_NOT_ENABLED: This feature is not enabled for the org\. .+ Nothing was stored/,
    );
  });
});

describe('iua orgs test in words', () => {
  it('a Salesforce error during the connection test names the step, the code and what to do', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({ rules: [{ path: '/sobjects$', status: 400, errorCode: 'FUNCTIONALITY_NOT_ENABLED', message: 'This feature is not enabled for the org' }] });
    const res = await r.backend.dispatch('orgs.test', { alias: 'demo' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('org_error');
    expect(res.error.message).toMatch(/^The connection test of demo failed: Salesforce answered HTTP 400, FUNCTIONALITY_NOT_ENABLED: This feature is not enabled for the org\./);
  });
});
