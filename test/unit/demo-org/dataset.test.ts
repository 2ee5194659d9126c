import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract';
import { parseScopeText } from '../../../shared/audit/scope';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import { buildGreenPath } from '../../../electron/demo-org/dataset/greenpath';
import { addScale } from '../../../electron/demo-org/dataset/scale';
import { validateDataset } from '../../../electron/demo-org/dataset/validate';
import { caseSafeSuffix } from '../../../electron/demo-org/ids';
import { OrgSchema } from '../../../electron/demo-org/schema';
import { executeSoql } from '../../../electron/demo-org/soql/engine';

const DAY = 86_400_000;
const gp = buildGreenPath();
const schema = new OrgSchema(buildGreenPath());
const q = (soql: string) => executeSoql(schema, soql).rows;

describe('GreenPath dataset', () => {
  it('is deterministic apart from its time anchor, with unique Salesforce-shaped Ids', () => {
    const again = buildGreenPath(Date.now() + 3 * DAY);
    expect(again.User.map((u) => u.Id)).toEqual(gp.User.map((u) => u.Id));
    expect(again.LoginHistory.length).toBeGreaterThan(1000);
    const ids = Object.entries(gp)
      .filter(([o]) => o !== 'EntityDefinition' && o !== 'FieldDefinition' && o !== 'SecurityHealthCheckRisks')
      .flatMap(([, rs]) => rs.map((r) => r.Id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9]{18}$/);
      expect(id.slice(15)).toBe(caseSafeSuffix(id.slice(0, 15)));
    }
    expect(gp.User[0].Id.startsWith('005')).toBe(true);
    expect(gp.Profile[0].Id.startsWith('00e')).toBe(true);
    expect(gp.PermissionSet[0].Id.startsWith('0PS')).toBe(true);
  });

  it('carries every field the collector reads and six months of history', () => {
    for (const spec of OBJECT_SPECS) {
      const table = schema.table(spec.name);
      for (const f of spec.fields) expect(table?.fields.has(f.toLowerCase()), `${spec.name}.${f}`).toBe(true);
      expect(gp[spec.name]?.length ?? 0, spec.name).toBeGreaterThan(0);
    }
    const times = gp.LoginHistory.map((r) => Date.parse(String(r.LoginTime).replace('+0000', 'Z')));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Math.min(...times)).toBeGreaterThan(170 * DAY);
    expect(Date.now() - Math.min(...times)).toBeLessThan(185 * DAY);
    const humans = gp.User.filter((u) => String(u.Username).endsWith('@greenpath.example') && !String(u.Username).includes('integration'));
    expect(humans.length).toBeGreaterThanOrEqual(40);
  });

  it('tells the integration stories', () => {
    const integ = (u: string) => q(`SELECT Id FROM User WHERE Username = '${u}' AND Profile.UserLicense.Name = 'Salesforce Integration' AND Profile.PermissionsApiUserOnly = true`);
    expect(integ('mulesoft_integration@greenpath.example')).toHaveLength(1);
    const muleObjects = q(
      "SELECT SobjectType FROM ObjectPermissions WHERE ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = 'mulesoft_integration@greenpath.example')",
    );
    expect(muleObjects.map((r) => r.SobjectType).sort()).toEqual(['Account', 'Contact', 'Order']);

    const julia = q("SELECT Id, Profile.Name FROM User WHERE Username = 'j.alvarez@greenpath.example' AND Profile.Name = 'System Administrator'");
    expect(julia).toHaveLength(1);
    const types = new Set(q(`SELECT LoginType FROM LoginHistory WHERE UserId = '${julia[0].Id}'`).map((r) => r.LoginType));
    expect(types).toEqual(new Set(['Application', 'SAML Idp Initiated SSO', 'Remote Access 2.0']));
    expect(q(`SELECT Id FROM OauthToken WHERE UserId = '${julia[0].Id}' AND AppName = 'Workday'`)).toHaveLength(1);
    expect(q("SELECT Id FROM ConnectedApplication WHERE Name = 'Workday' AND OptionsAllowAdminApprovedUsersOnly = false")).toHaveLength(1);

    expect(
      q("SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = 'billing.integration@greenpath.example' AND PermissionSet.PermissionsViewAllData = true"),
    ).toHaveLength(1);
    expect(
      q(
        "SELECT Id FROM FieldPermissions WHERE Field = 'Contact.Birthdate' AND PermissionsEdit = true AND ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = 'lab.integration@greenpath.example')",
      ),
    ).toHaveLength(1);
    expect(q("SELECT Id, ComplianceGroup FROM FieldDefinition WHERE DurableId = 'Contact.Birthdate'").map((r) => r.ComplianceGroup)).toEqual([
      expect.stringMatching(/(^|;)HIPAA(;|$)/),
    ]);
    const pharmacy = q("SELECT LoginType FROM LoginHistory WHERE User.Username = 'pharmacy.integration@greenpath.example'");
    expect(new Set(pharmacy.map((r) => r.LoginType))).toEqual(new Set(['Other Apex API']));
    expect(q("SELECT Id FROM User WHERE Username = 'pharmacy.integration@greenpath.example' AND LastPasswordChangeDate < LAST_N_DAYS:365")).toHaveLength(1);
    expect(q("SELECT Id FROM User WHERE Username = 'portal.integration@greenpath.example' AND LastLoginDate < LAST_N_DAYS:90")).toHaveLength(1);
    expect(q("SELECT Id FROM User WHERE UserType IN ('AutomatedProcess', 'CloudIntegrationUser', 'Guest')")).toHaveLength(3);
    expect(q('SELECT Id FROM MutingPermissionSet')).toHaveLength(1);
    expect(q("SELECT Id FROM PermissionSet WHERE Type = 'Group'")).toHaveLength(2);
  });

  it('ships a declared-scope file that parses and names only real integration users', () => {
    const text = readFileSync(join(import.meta.dirname, '../../../electron/demo-org/greenpath-scope.yaml'), 'utf8');
    const parsed = parseScopeText(text, { fileName: 'greenpath-scope.yaml', format: 'yaml' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.scope.systems).toHaveLength(7);
    const usernames = new Set(gp.User.map((u) => u.Username));
    for (const s of parsed.scope.systems) for (const u of s.users) expect(usernames.has(u), u).toBe(true);
    const lab = parsed.scope.systems.find((s) => s.name === 'Lab Results');
    expect(lab?.fields?.['Contact.Birthdate']).toEqual(['read']);
    const billing = parsed.scope.systems.find((s) => s.name === 'Billing');
    expect(billing?.systemPermissions?.ViewAllData).toBeUndefined();
  });
});

describe('scale generator and dataset validation', () => {
  it('adds a deterministic large org for the same seed', () => {
    const a = addScale({}, 2000, 5, Date.UTC(2025, 0, 1));
    const b = addScale({}, 2000, 5, Date.UTC(2025, 0, 1));
    const c = addScale({}, 2000, 6, Date.UTC(2025, 0, 1));
    expect(a).toEqual(b);
    expect(a.PermissionSetAssignment).not.toEqual(c.PermissionSetAssignment);
    expect(a.User).toHaveLength(2000);
    expect(a.FieldPermissions.length + a.ObjectPermissions.length).toBeGreaterThan(10_000);
  });

  it('holds records on every object its permission sets grant, written by generated integrations and people', () => {
    const data = addScale(buildGreenPath(Date.UTC(2025, 0, 1)), 2000, 5, Date.UTC(2025, 0, 1));
    const granted = new Set(data.ObjectPermissions.filter((op) => String(op.ParentId).startsWith('0PSSc')).map((op) => String(op.SobjectType)));
    expect(granted.size).toBeGreaterThan(50);
    const integrations = new Set(data.User.filter((u) => String(u.Username).startsWith('scale.integration.')).map((u) => u.Id));
    const scaled = new OrgSchema(data);
    for (const object of granted) {
      const rows = data[object] ?? [];
      expect(rows.length, object).toBeGreaterThanOrEqual(50);
      expect(
        rows.some((r) => integrations.has(String(r.CreatedById))),
        object,
      ).toBe(true);
      // Every one of them answers the usage pull's aggregate.
      const grouped = executeSoql(scaled, `SELECT CreatedById, COUNT(Id), MAX(CreatedDate) FROM ${object} WHERE CreatedDate >= LAST_N_DAYS:180 GROUP BY CreatedById`, {
        now: Date.UTC(2025, 0, 1),
      });
      expect(grouped.grouped!.length, object).toBeGreaterThan(1);
    }
    // The demo auditor sees every one of their records (View All), as on GreenPath's own objects.
    const auditor = data.PermissionSet.find((ps) => ps.Name === 'Integration_Auditor')!;
    const viewAll = new Set(data.ObjectPermissions.filter((op) => op.ParentId === auditor.Id && op.PermissionsViewAllRecords === true).map((op) => String(op.SobjectType)));
    for (const object of granted) expect(viewAll.has(object), object).toBe(true);
    // Each business record has its own Id, starting with its object's key prefix (a retrieve by Id finds it).
    const prefixes = new Set<string>();
    for (const object of granted) {
      const rows = data[object];
      const prefix = String(rows[0].Id).slice(0, 3);
      expect(prefixes.has(prefix), `${object} shares key prefix ${prefix}`).toBe(false);
      prefixes.add(prefix);
      expect(new Set(rows.map((r) => r.Id)).size, object).toBe(rows.length);
      for (const r of rows) expect(String(r.Id), object).toMatch(new RegExp(`^${prefix}[A-Za-z0-9]{15}$`));
    }
  });

  it('names the source, object, record index and field of each problem', () => {
    const problem = (data: unknown) => {
      try {
        validateDataset(data, 'org.json');
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).message;
      }
    };
    expect(problem([])).toMatch(/^org\.json: a dataset must be a JSON object/);
    expect(problem({ User: {} })).toBe('org.json: User: must be an array of records');
    expect(problem({ User: [{ Id: 'a' }, { Id: 'a' }] })).toBe('org.json: User[1].Id: duplicate Id a (also at User[0])');
    expect(problem({ Profile: [{ Id: 'p', Name: { nested: true } }] })).toMatch(/^org\.json: Profile\[0\]\.Name: values must be strings/);
    expect(problem({ Profile: [{ Id: 'p', PermissionsApiEnabled: 'yes' }] })).toBe('org.json: Profile[0].PermissionsApiEnabled: Permissions* fields must be true or false');
    expect(problem({ User: [{ Id: 'u', CreatedDate: '2024-13-45T99:00:00Z' }] })).toMatch(/User\[0\]\.CreatedDate: .* is not an ISO 8601/);
    expect(problem({ 'Bad Name': [] })).toMatch(/not a valid sObject API name/);
    expect(problem({ User: [{ Id: 'u', Username: 'x' }] })).toBe('ok');
  });
});
