import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org';

// Query results are nested JSON; tests navigate them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rec = Record<string, any>;

let org: DemoOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startDemoOrg({ token: 'test-token' });
  conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '62.0' });
});
afterAll(() => org.close());

async function sfError(p: PromiseLike<unknown>): Promise<{ errorCode: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errorCode: string; message: string };
  }
  throw new Error('expected the request to fail');
}

describe('demo org REST API through jsforce', () => {
  it('lists versions, resources, describe global and limits', async () => {
    const versions = await conn.request<{ version: string }[]>('/services/data');
    expect(versions.map((v) => v.version)).toContain('62.0');
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0');
    expect(resources.identity).toBe(`${org.url}/id/${org.orgId}/${org.userId}`);
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s: { name: string }) => s.name);
    for (const spec of OBJECT_SPECS.filter((s) => !s.fromProfileMetadata)) expect(names).toContain(spec.name);
    expect(names).not.toContain('SecurityHealthCheck');
    // Not an sObject in a real org: login IP ranges live in the profile's metadata.
    expect(names).not.toContain('LoginIpRange');
    const limits = await conn.limits();
    expect(limits.DailyApiRequests.Max).toBe(100_000);
    expect(conn.limitInfo.apiUsage?.limit).toBe(100_000);
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThan(0);
  });

  it('describes every field the collector reads, with relationships and permission fields', async () => {
    for (const spec of OBJECT_SPECS.filter((s) => !s.fromProfileMetadata)) {
      const d = await conn.sobject(spec.name).describe();
      const fields = d.fields.map((f) => f.name);
      for (const f of spec.fields) expect(fields, `${spec.name}.${f}`).toContain(f);
      if (spec.permissionFields) expect(fields).toEqual(expect.arrayContaining(['PermissionsApiUserOnly', 'PermissionsViewAllData', 'PermissionsModifyAllData']));
    }
    const user = await conn.sobject('User').describe();
    const profileId = user.fields.find((f) => f.name === 'ProfileId');
    expect(profileId).toMatchObject({ type: 'reference', relationshipName: 'Profile', referenceTo: ['Profile'] });
    const fd = await conn.sobject('FieldDefinition').describe();
    expect(fd.fields.find((f) => f.name === 'ComplianceGroup')?.type).toBe('multipicklist');
    expect(fd.fields.find((f) => f.name === 'ComplianceGroup')?.picklistValues?.map((p) => p.value)).toEqual(expect.arrayContaining(['HIPAA', 'PII']));
  });

  it('resolves multi-level parent paths into nested records, null for empty lookups', async () => {
    const res = await conn.query<Rec>(
      "SELECT Id, Username, Profile.Name, Profile.UserLicense.Name FROM User WHERE Profile.UserLicense.Name = 'Salesforce Integration' ORDER BY Username",
    );
    const usernames = res.records.map((r) => r.Username);
    expect(usernames).toContain('mulesoft_integration@greenpath.example');
    expect(usernames).not.toContain('j.alvarez@greenpath.example');
    expect(usernames).toEqual([...usernames].sort());
    const mule = res.records.find((r) => r.Username === 'mulesoft_integration@greenpath.example');
    expect(mule?.attributes).toEqual({ type: 'User', url: `/services/data/v62.0/sobjects/User/${mule?.Id}` });
    expect(mule?.Profile.attributes.type).toBe('Profile');
    expect(mule?.Profile.UserLicense).toMatchObject({ attributes: { type: 'UserLicense' }, Name: 'Salesforce Integration' });
    const auto = await conn.query<Rec>("SELECT Username, Profile.UserLicense.Name FROM User WHERE UserType = 'AutomatedProcess'");
    expect(auto.records[0].Profile).toBeNull();
    const psa = await conn.query<Rec>(
      "SELECT Assignee.Username, PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = 'billing.integration@greenpath.example' AND PermissionSet.IsOwnedByProfile = false",
    );
    expect(psa.records.map((r) => r.PermissionSet.Name).sort()).toEqual(['Billing_Integration', 'Legacy_Migration_Access']);
  });

  it('evaluates semi-joins, INCLUDES/EXCLUDES, LIKE, NOT IN and boolean logic', async () => {
    const viewAll = await conn.query<{ Username: string }>(
      'SELECT Username FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.PermissionsViewAllData = true) AND IsActive = true',
    );
    expect(viewAll.records.map((r) => r.Username)).toEqual(
      expect.arrayContaining(['billing.integration@greenpath.example', 'j.alvarez@greenpath.example', 'admin@greenpath.example']),
    );
    expect(viewAll.records.map((r) => r.Username)).not.toContain('mulesoft_integration@greenpath.example');
    // FieldDefinition behaves as in a real org: a filter on EntityDefinitionId/DurableId is required,
    // and INCLUDES/EXCLUDES are refused (INCLUDES itself is covered in test/unit/demo-org/soql.test.ts).
    const contact = await conn.query<{ QualifiedApiName: string; ComplianceGroup: string | null }>(
      "SELECT QualifiedApiName, ComplianceGroup FROM FieldDefinition WHERE EntityDefinitionId = 'Contact'",
    );
    const groups = (r: { ComplianceGroup: string | null }) => (r.ComplianceGroup ?? '').split(';');
    const hipaa = contact.records.filter((r) => groups(r).includes('HIPAA') && groups(r).includes('PII')).map((r) => `Contact.${r.QualifiedApiName}`);
    expect(hipaa.sort()).toEqual(['Contact.Birthdate', 'Contact.Insurance_Member_Id__c', 'Contact.SSN__c']);
    await expect(conn.query('SELECT DurableId FROM FieldDefinition')).rejects.toMatchObject({ errorCode: 'EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION' });
    await expect(conn.query("SELECT DurableId FROM FieldDefinition WHERE EntityDefinitionId = 'Contact' AND ComplianceGroup INCLUDES ('HIPAA')")).rejects.toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    await expect(conn.query("SELECT DurableId FROM FieldDefinition WHERE EntityDefinitionId = 'Contact' OR EntityDefinitionId = 'Account'")).rejects.toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    const like = await conn.query<{ Username: string }>(
      "SELECT Username FROM User WHERE Username LIKE '%.INTEGRATION@%' AND (NOT Username IN ('lab.integration@greenpath.example', 'ehr.integration@greenpath.example'))",
    );
    expect(like.records.map((r) => r.Username).sort()).toEqual([
      'billing.integration@greenpath.example',
      'pharmacy.integration@greenpath.example',
      'portal.integration@greenpath.example',
    ]);
    const precedence = await conn.query<{ Name: string }>("SELECT Name FROM Profile WHERE (Name = 'Standard User' OR Name = 'Read Only') AND PermissionsApiEnabled = true");
    expect(precedence.records.map((r) => r.Name).sort()).toEqual(['Read Only', 'Standard User']);
  });

  it('supports date literals, datetime literals, COUNT(), ORDER BY nulls and LIMIT/OFFSET', async () => {
    const recent = await conn.query('SELECT COUNT() FROM LoginHistory WHERE LoginTime = LAST_N_DAYS:30');
    const old = await conn.query('SELECT COUNT() FROM LoginHistory WHERE LoginTime < N_DAYS_AGO:30');
    const all = await conn.query('SELECT COUNT() FROM LoginHistory');
    expect(recent.totalSize).toBeGreaterThan(0);
    expect(old.totalSize).toBeGreaterThan(0);
    expect(recent.totalSize + old.totalSize).toBe(all.totalSize);
    expect(all.records).toEqual([]);
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const week = await conn.query<{ LoginTime: string }>(`SELECT LoginTime FROM LoginHistory WHERE LoginTime >= ${since} ORDER BY LoginTime DESC LIMIT 5`);
    expect(week.records).toHaveLength(5);
    expect(Date.parse(week.records[0].LoginTime.replace('+0000', 'Z'))).toBeGreaterThanOrEqual(Date.parse(week.records[4].LoginTime.replace('+0000', 'Z')));
    expect(week.records[0].LoginTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const stale = await conn.query<{ Username: string }>("SELECT Username FROM User WHERE Username LIKE '%integration@greenpath.example' AND LastLoginDate < LAST_N_DAYS:90");
    expect(stale.records.map((r) => r.Username)).toEqual(['portal.integration@greenpath.example']);
    const nullsFirst = await conn.query<{ ProfileId: string | null }>('SELECT ProfileId FROM User ORDER BY ProfileId');
    expect(nullsFirst.records[0].ProfileId).toBeNull();
    const nullsLast = await conn.query<{ ProfileId: string | null }>('SELECT ProfileId FROM User ORDER BY ProfileId DESC');
    expect(nullsLast.records.at(-1)?.ProfileId).toBeNull();
    const names = await conn.query<{ Name: string }>('SELECT Name FROM Profile ORDER BY Name');
    const paged = await conn.query<{ Name: string }>('SELECT Name FROM Profile ORDER BY Name LIMIT 3 OFFSET 2');
    expect(paged.records.map((r) => r.Name)).toEqual(names.records.slice(2, 5).map((r) => r.Name));
    const agg = await conn.query<Record<string, unknown>>('SELECT COUNT(Id) FROM Profile');
    expect(agg.records[0].expr0).toBe(names.totalSize);
    const huge = await conn.query('SELECT Id FROM Organization LIMIT 2000000000');
    expect(huge.totalSize).toBe(1);
  });

  it('pages with nextRecordsUrl and honours Sforce-Query-Options batchSize', async () => {
    const first = await conn.request<{ totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] }>({
      method: 'GET',
      url: '/services/data/v62.0/query?q=' + encodeURIComponent('SELECT Id FROM LoginHistory'),
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    expect(first.records).toHaveLength(500);
    expect(first.done).toBe(false);
    expect(first.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]+-500$/);
    const second = await conn.request<{ records: { Id: string }[] }>(first.nextRecordsUrl as string);
    expect(second.records).toHaveLength(500);
    const all = await conn.query('SELECT Id FROM LoginHistory', { autoFetch: true, maxFetch: 100_000 });
    expect(all.records).toHaveLength(first.totalSize);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(first.totalSize);
  });

  it('serves queryAll, tooling queries, record retrieval and identity', async () => {
    const qa = await conn.query('SELECT Id FROM Profile', { scanAll: true });
    expect(qa.totalSize).toBeGreaterThan(5);
    const risks = await conn.tooling.query<{ RiskType: string }>('SELECT RiskType, Setting FROM SecurityHealthCheckRisks');
    expect(risks.records.map((r) => r.RiskType)).toContain('HIGH_RISK');
    const health = await conn.tooling.query<{ Score: string }>('SELECT Score FROM SecurityHealthCheck');
    expect(health.records[0].Score).toBe('81');
    expect((await sfError(conn.query('SELECT Id FROM SecurityHealthCheck'))).errorCode).toBe('INVALID_TYPE');
    const user = await conn.sobject('User').retrieve(org.userId);
    expect(user.Username).toBe('auditor@greenpath.example');
    const identity = await conn.identity();
    expect(identity).toMatchObject({ user_id: org.userId, organization_id: org.orgId, username: 'auditor@greenpath.example', display_name: 'Priya Raman' });
    expect(identity.urls.rest).toBe(`${org.url}/services/data/v{version}/`);
  });

  it('answers errors in Salesforce shapes and statuses', async () => {
    expect(await sfError(conn.query('SELECT Id, Nope FROM User'))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Nope' on entity 'User'"),
    });
    expect((await sfError(conn.query('SELECT Id FROM User WHERE Profile.Nope__r.Name = null'))).errorCode).toBe('INVALID_FIELD');
    expect((await sfError(conn.query('SELECT Id FROM Nope__c'))).errorCode).toBe('INVALID_TYPE');
    expect((await sfError(conn.query('SELEC Id FRM User'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await sfError(conn.query("SELECT Id FROM User WHERE Username INCLUDES ('x')"))).errorCode).toBe('INVALID_FIELD');
    expect((await sfError(conn.query('SELECT Id FROM User LIMIT 10 OFFSET 5000'))).errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect((await sfError(conn.request('/services/data/v62.0/query/01gNOPE-2000'))).errorCode).toBe('INVALID_QUERY_LOCATOR');
    expect((await sfError(conn.request('/services/data/v62.0/nothing/here'))).errorCode).toBe('NOT_FOUND');
    const bad = new jsforce.Connection({ instanceUrl: org.url, accessToken: 'wrong', version: '62.0' });
    expect((await sfError(bad.query('SELECT Id FROM User'))).errorCode).toBe('INVALID_SESSION_ID');

    const raw = await fetch(`${org.url}/services/data/v62.0/jobs/query`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual([expect.objectContaining({ errorCode: 'JSON_PARSER_ERROR' })]);
    const write = await fetch(`${org.url}/services/data/v62.0/sobjects/User`, { method: 'POST', headers: { Authorization: `Bearer ${org.accessToken}` }, body: '{}' });
    expect(write.status).toBe(405);
    expect(write.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
    const unknown = await fetch(`${org.url}/totally/unknown`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual([expect.objectContaining({ errorCode: 'NOT_FOUND' })]);
    // The server is still healthy after all of that.
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBeGreaterThan(40);
  });
});
