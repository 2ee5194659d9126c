/**
 * `--scale N`: adds about N generated users to a dataset, with the permission model that
 * large orgs have (many permission sets, hundreds of thousands of permission rows, a few
 * assignments per user, login history). Seeded, so the same N and seed give the same org.
 */
import type { SfRecord, SfValue } from '../../../shared/model';
import { Rng } from '../rng';
import type { Dataset } from '../schema';
import { DAY_MS, DatasetBuilder, PERMISSION_NAMES, isoAt, permissionFields, type PermissionName } from './builder';

const OBJECT_POOL = [
  'Account',
  'Contact',
  'Order',
  'Case',
  'Opportunity',
  'Lead',
  'Task',
  'Patient_Visit__c',
  'Lab_Result__c',
  'Prescription__c',
  'Invoice__c',
  ...Array.from({ length: 49 }, (_, i) => `Custom_Object_${i + 1}__c`),
];
const RISKY: PermissionName[] = ['ViewAllData', 'ModifyAllData', 'ManageUsers', 'AuthorApex', 'CustomizeApplication', 'ExportReport'];
const FIELDS_PER_SET = 80;
const OBJECTS_PER_SET = 20;

export function addScale(data: Dataset, users: number, seed = 1, now: number = Date.now()): Dataset {
  if (users <= 0) return data;
  const rng = new Rng(seed);
  const b = new DatasetBuilder('Sc');
  const today = Math.floor(now / DAY_MS) * DAY_MS;

  const license = (name: string, key: string) => {
    const found = (data.UserLicense ?? []).find((l) => l.Name === name);
    return found ? found.Id : b.add('UserLicense', { Name: name, LicenseDefinitionKey: key, TotalLicenses: users * 2, UsedLicenses: 0 }).Id;
  };
  const sfdc = license('Salesforce', 'SFDC');
  const integrationLicense = license('Salesforce Integration', 'SFDC_INTEGRATION');

  const profileCount = 20;
  const profiles: { id: string; ps: string; integration: boolean }[] = [];
  for (let p = 0; p < profileCount; p++) {
    const integration = p === 0;
    const perms: PermissionName[] = integration ? ['ApiEnabled', 'ApiUserOnly'] : ['ApiEnabled', 'RunReports', ...(p % 7 === 0 ? (['ViewAllData'] as PermissionName[]) : [])];
    const licenseId = integration ? integrationLicense : sfdc;
    const { profile, permissionSet: ps } = b.addProfile(integration ? 'Scale API Only Integrations' : `Scale Profile ${p}`, licenseId, perms);
    if (!integration) addGrants(b, rng, ps.Id, 15, 30);
    profiles.push({ id: profile.Id, ps: ps.Id, integration });
  }

  const setCount = Math.max(10, Math.round(users / 20));
  const sets: string[] = [];
  for (let s = 0; s < setCount; s++) {
    const perms: PermissionName[] = ['ApiEnabled'];
    if (rng.chance(0.05)) perms.push(rng.pick(RISKY));
    if (rng.chance(0.3)) perms.push(rng.pick(PERMISSION_NAMES.filter((p) => p !== 'ApiUserOnly')));
    const ps = b.add('PermissionSet', {
      Name: `Scale_Set_${s}`,
      Label: `Scale Set ${s}`,
      IsOwnedByProfile: false,
      ProfileId: null,
      PermissionSetGroupId: null,
      Type: 'Regular',
      LicenseId: null,
      NamespacePrefix: null,
      ...permissionFields(perms),
    });
    addGrants(b, rng, ps.Id, OBJECTS_PER_SET, FIELDS_PER_SET);
    sets.push(ps.Id);
  }

  const integrationIds: string[] = [];
  const humanIds: string[] = [];
  for (let u = 0; u < users; u++) {
    const integration = u % 100 === 0;
    const profile = integration ? profiles[0] : profiles[1 + (u % (profileCount - 1))];
    const created = today - rng.int(30, 2000) * DAY_MS;
    const active = rng.chance(0.92);
    const lastLoginDays = rng.int(0, 200);
    const user: SfRecord = b.add('User', {
      Username: integration ? `scale.integration.${u}@scale.example` : `scale.user.${u}@scale.example`,
      Name: integration ? `Scale Integration ${u}` : `Scale User ${u}`,
      Email: `scale.user.${u}@scale.example`,
      IsActive: active,
      UserType: 'Standard',
      ProfileId: profile.id,
      LastLoginDate: isoAt(today - lastLoginDays * DAY_MS + 36_000_000),
      LastPasswordChangeDate: isoAt(today - rng.int(1, 400) * DAY_MS),
      CreatedDate: isoAt(created),
      ManagerId: null,
      Id: '',
    });
    (integration ? integrationIds : humanIds).push(user.Id);
    b.add('UserLogin', { UserId: user.Id, IsFrozen: !active && rng.chance(0.3), IsPasswordLocked: false, Id: '' });
    b.add('PermissionSetAssignment', { AssigneeId: user.Id, PermissionSetId: profile.ps, PermissionSetGroupId: null, ExpirationDate: null, IsActive: true, Id: '' });
    const extra = rng.int(1, 5);
    const chosen = new Set<string>();
    for (let k = 0; k < extra; k++) chosen.add(sets[rng.int(0, sets.length - 1)]);
    for (const ps of chosen)
      b.add('PermissionSetAssignment', { AssigneeId: user.Id, PermissionSetId: ps, PermissionSetGroupId: null, ExpirationDate: null, IsActive: true, Id: '' });
    for (let k = 0; k < 3; k++) {
      const day = lastLoginDays + k * rng.int(1, 20);
      if (day > 180) break;
      b.add('LoginHistory', {
        UserId: user.Id,
        LoginTime: isoAt(today - day * DAY_MS + 36_000_000),
        LoginType: integration ? 'Remote Access 2.0' : 'Application',
        LoginSubType: integration ? 'OauthClientCredentials' : 'UsernamePasswordUiLogin',
        Application: integration ? 'Scale Connector' : 'Browser',
        SourceIp: b.shared(`10.${u % 250}.${k}.${rng.int(1, 254)}`),
        Status: 'Success',
        Platform: integration ? 'Unknown' : 'Windows 10',
        Browser: integration ? 'Unknown' : 'Chrome 126',
        ApiType: integration ? 'REST API' : null,
        ApiVersion: null,
        AuthMethodReference: null,
        LoginUrl: 'scale.my.salesforce.com',
        Id: '',
      });
    }
  }

  addBusinessRecords(data, b, rng, today, users, integrationIds, humanIds);

  for (const [object, rows] of Object.entries(b.data)) {
    const target = (data[object] ??= []);
    for (const r of rows) target.push(r);
  }
  return data;
}

/**
 * Records on every object the generated permission sets grant, so counting writes at scale is
 * real work (usage pull, issue #18): about users/40 per object over the last 170 days, created
 * and last modified by a mix of the generated integration users and people, owned by their
 * creator. The demo auditor gets View All on these objects, as GreenPath's auditor has on its
 * own business objects, so its counts see every record (demo-org/visibility.ts).
 */
function addBusinessRecords(data: Dataset, b: DatasetBuilder, rng: Rng, today: number, users: number, integrationIds: string[], humanIds: string[]): void {
  const perObject = Math.max(20, Math.round(users / 40));
  const writer = () => (integrationIds.length > 0 && (humanIds.length === 0 || rng.chance(0.4)) ? rng.pick(integrationIds) : rng.pick(humanIds));
  if (integrationIds.length + humanIds.length === 0) return;
  let n = 0;
  for (const object of OBJECT_POOL) {
    const custom = object.endsWith('__c');
    for (let k = 0; k < perObject; k++) {
      const created = today - rng.int(1, 170) * DAY_MS + rng.int(0, 1439) * 60_000;
      const by = writer();
      const editedBy = rng.chance(0.5) ? by : writer();
      const lastModified = isoAt(Math.min(today, created + rng.int(0, 30) * DAY_MS));
      // Two literals rather than a spread of the optional Name: a spread copies, then adds each field one by one.
      const fields: Record<string, SfValue> = custom
        ? {
            Name: `SC-${String(++n).padStart(7, '0')}`,
            OwnerId: by,
            CreatedById: by,
            CreatedDate: isoAt(created),
            LastModifiedById: editedBy,
            LastModifiedDate: lastModified,
            IsDeleted: false,
            Id: '',
          }
        : { OwnerId: by, CreatedById: by, CreatedDate: isoAt(created), LastModifiedById: editedBy, LastModifiedDate: lastModified, IsDeleted: false, Id: '' };
      b.add(object, fields);
    }
  }
  const auditorSet = (data.PermissionSet ?? []).find((ps) => ps.Name === 'Integration_Auditor');
  if (!auditorSet) return;
  const held = new Set((data.ObjectPermissions ?? []).filter((op) => op.ParentId === auditorSet.Id).map((op) => String(op.SobjectType)));
  b.objectPermissions(auditorSet.Id, Object.fromEntries(OBJECT_POOL.filter((o) => !held.has(o)).map((o) => [o, 'RV'])));
}

function addGrants(b: DatasetBuilder, rng: Rng, parentId: string, objects: number, fields: number): void {
  const start = rng.int(0, OBJECT_POOL.length - 1);
  const grants: Record<string, string> = {};
  for (let k = 0; k < objects; k++) grants[OBJECT_POOL[(start + k) % OBJECT_POOL.length]] = rng.pick(['R', 'RE', 'RCE', 'RCED', 'RV', 'M']);
  b.objectPermissions(parentId, grants);
  const fieldGrants: Record<string, 'R' | 'RE'> = {};
  for (let k = 0; k < fields; k++) fieldGrants[`${OBJECT_POOL[(start + (k % objects)) % OBJECT_POOL.length]}.Field_${k}__c`] = rng.chance(0.5) ? 'RE' : 'R';
  b.fieldPermissions(parentId, fieldGrants);
}
