/**
 * The default dataset: GreenPath Healthcare, a mid-size provider with seven integrations, about
 * forty staff, a few admins and Salesforce's own system users. Ids and structure are fixed;
 * activity (logins, audit trail, tokens) is placed relative to the day the org starts so the
 * usual look-back windows always contain it.
 */
import type { SfRecord } from '../../../shared/model';
import type { Dataset } from '../schema';
import { addActivity, type PersonKind } from './greenpath-activity';
import { addUsage, BUSINESS_OBJECTS } from './greenpath-usage';
import { addEventMonitoring } from './greenpath-event-monitoring';
import { DAY_MS, DatasetBuilder, PERMISSION_NAMES, entityDurableId, isoAt, permissionFields, type AccessCode, type PermissionName } from './builder';
import {
  CONNECTED_APPS,
  DEPARTMENTS,
  EXTERNAL_CLIENT_APPS,
  DOMAIN,
  ENTITIES,
  FIELDS,
  HUMAN_FIRST,
  HUMAN_LAST,
  INTEGRATIONS,
  LICENSES,
  ORG_NAME,
  type AppKey,
  type LicenseKey,
} from './greenpath-catalog';

export interface ProfileDef {
  key: string;
  name: string;
  license: LicenseKey;
  permissions: PermissionName[];
  objects: Record<string, AccessCode>;
  fields: Record<string, 'R' | 'RE'>;
}

const ALL_OBJECTS_FULL = Object.fromEntries(ENTITIES.map((e) => [e.name, 'M']));
const ALL_FIELDS_EDIT = Object.fromEntries(FIELDS.map((f) => [f.field, 'RE' as const]));

export const PROFILES: ProfileDef[] = [
  {
    key: 'sysadmin',
    name: 'System Administrator',
    license: 'sfdc',
    permissions: PERMISSION_NAMES.filter((p) => p !== 'ApiUserOnly' && p !== 'BypassMFAForUiLogins'),
    objects: ALL_OBJECTS_FULL,
    fields: ALL_FIELDS_EDIT,
  },
  {
    key: 'standard',
    name: 'Standard User',
    license: 'sfdc',
    permissions: ['ApiEnabled', 'RunReports', 'EditTask', 'ExportReport', 'LightningExperienceUser', 'ViewPublicReports', 'ConvertLeads', 'EmailSingle'],
    objects: { Account: 'RCED', Contact: 'RCED', Opportunity: 'RCED', Case: 'RCED', Lead: 'RCED', Task: 'RCED' },
    fields: {
      'Account.Phone': 'RE',
      'Account.BillingStreet': 'RE',
      'Contact.Email': 'RE',
      'Contact.Phone': 'RE',
      'Contact.MailingStreet': 'RE',
      'Contact.Department': 'RE',
      'Case.Description': 'RE',
    },
  },
  {
    key: 'care',
    name: 'Care Coordinator',
    license: 'sfdc',
    permissions: ['ApiEnabled', 'RunReports', 'EditTask', 'LightningExperienceUser', 'EmailSingle'],
    objects: { Contact: 'RCE', Patient_Visit__c: 'RCE', Case: 'RCE', Task: 'RCED' },
    fields: {
      'Contact.Birthdate': 'RE',
      'Contact.MedicalRecordNumber__c': 'R',
      'Contact.Email': 'RE',
      'Contact.Phone': 'RE',
      'Patient_Visit__c.Visit_Date__c': 'RE',
      'Patient_Visit__c.Diagnosis__c': 'R',
      'Case.Description': 'RE',
    },
  },
  {
    key: 'billingSpecialist',
    name: 'Billing Specialist',
    license: 'platform',
    permissions: ['ApiEnabled', 'RunReports', 'LightningExperienceUser'],
    objects: { Account: 'R', Order: 'RE', Invoice__c: 'RCE' },
    fields: { 'Invoice__c.Amount__c': 'RE', 'Invoice__c.Card_Last4__c': 'R', 'Invoice__c.Insurance_Claim_Number__c': 'RE' },
  },
  {
    key: 'marketing',
    name: 'Marketing User',
    license: 'sfdc',
    permissions: ['ApiEnabled', 'RunReports', 'ExportReport', 'LightningExperienceUser', 'ConvertLeads'],
    objects: { Lead: 'RCED', Account: 'R', Contact: 'R' },
    fields: { 'Contact.Email': 'R' },
  },
  {
    key: 'readonly',
    name: 'Read Only',
    license: 'sfdc',
    permissions: ['ApiEnabled', 'RunReports', 'LightningExperienceUser'],
    objects: { Account: 'R', Contact: 'R', Case: 'R' },
    fields: {},
  },
  {
    key: 'auditor',
    name: 'Security Auditor',
    license: 'sfdc',
    permissions: ['ApiEnabled', 'ViewSetup', 'ViewRoles', 'RunReports', 'LightningExperienceUser'],
    objects: {},
    fields: {},
  },
  { key: 'apiOnly', name: 'Minimum Access - API Only Integrations', license: 'integration', permissions: ['ApiEnabled', 'ApiUserOnly'], objects: {}, fields: {} },
  { key: 'minimum', name: 'Minimum Access - Salesforce', license: 'sfdc', permissions: ['LightningExperienceUser'], objects: {}, fields: {} },
  { key: 'guest', name: 'GreenPath Patient Portal Profile', license: 'guest', permissions: [], objects: {}, fields: {} },
  { key: 'analytics', name: 'Analytics Cloud Integration User', license: 'analytics', permissions: ['ApiEnabled', 'ViewAllData'], objects: {}, fields: {} },
];

export interface GreenPathContext {
  b: DatasetBuilder;
  now: number;
  today: number;
  users: Map<string, SfRecord>;
  kinds: Map<string, PersonKind>;
  profileIds: Map<string, string>;
  profilePs: Map<string, string>;
  psIds: Map<string, string>;
  appIds: Map<AppKey, string>;
  licenseIds: Map<LicenseKey, string>;
  adminIds: string[];
}

/** Variants of GreenPath: `eventMonitoring` gives it the Event Monitoring licence (30-day log files of the API event types, Event Log Objects). */
export interface GreenPathOptions {
  eventMonitoring?: boolean;
}

export function buildGreenPath(now: number = Date.now(), options: GreenPathOptions = {}): Dataset {
  const b = new DatasetBuilder('Hs');
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const daysAgo = (d: number, hour = 9) => isoAt(Math.min(now, today - d * DAY_MS + hour * 3_600_000));
  const ctx: GreenPathContext = {
    b,
    now,
    today,
    users: new Map(),
    kinds: new Map(),
    profileIds: new Map(),
    profilePs: new Map(),
    psIds: new Map(),
    appIds: new Map(),
    licenseIds: new Map(),
    adminIds: [],
  };

  const org = b.add('Organization', {
    Name: ORG_NAME,
    OrganizationType: 'Enterprise Edition',
    IsSandbox: false,
    InstanceName: 'USA694',
    NamespacePrefix: null,
    TrialExpirationDate: null,
    PrimaryContact: 'Dana Whitfield',
  });
  for (const l of LICENSES)
    ctx.licenseIds.set(
      l.key,
      b.add('UserLicense', { Name: l.Name, LicenseDefinitionKey: l.LicenseDefinitionKey, TotalLicenses: l.TotalLicenses, UsedLicenses: 0, Status: 'Active' }).Id,
    );
  const apiPsl = b.add('PermissionSetLicense', { DeveloperName: 'SalesforceAPIIntegrationPsl', MasterLabel: 'Salesforce API Integration', TotalLicenses: 10, UsedLicenses: 0 });
  const healthPsl = b.add('PermissionSetLicense', { DeveloperName: 'HealthCloudGA_HealthCloudPsl', MasterLabel: 'Health Cloud', TotalLicenses: 40, UsedLicenses: 0 });
  for (const a of CONNECTED_APPS) {
    ctx.appIds.set(
      a.key,
      b.add('ConnectedApplication', {
        Name: a.Name,
        OptionsAllowAdminApprovedUsersOnly: a.OptionsAllowAdminApprovedUsersOnly,
        RefreshTokenValidityPeriod: a.RefreshTokenValidityPeriod,
      }).Id,
    );
  }
  // External Client Apps (Spring '26 on, new integrations use them instead of connected apps).
  // Key prefixes of these objects are unverified: the demo uses its own.
  for (const e of EXTERNAL_CLIENT_APPS) {
    const eca = b.add(
      'ExternalClientApplication',
      { MasterLabel: e.MasterLabel, DeveloperName: e.DeveloperName, DistributionState: 'Local', OrgScopedExternalApp: null },
      b.ids.next('0xR'),
    );
    b.add(
      'ExtlClntAppOauthPlcyCnfg',
      { ExternalClientApplicationId: eca.Id, PermittedUsersPolicyType: e.PermittedUsersPolicyType, IpRelaxationPolicyType: 'Enforce', RefreshTokenPolicyType: 'SpecificLifetime' },
      b.ids.next('0xP'),
    );
  }

  for (const p of PROFILES) {
    const licenseId = ctx.licenseIds.get(p.license) as string;
    const { profile, permissionSet: ps } = b.addProfile(p.name, licenseId, p.permissions);
    ctx.profileIds.set(p.key, profile.Id);
    ctx.profilePs.set(p.key, ps.Id);
    b.objectPermissions(ps.Id, p.objects);
    b.fieldPermissions(ps.Id, p.fields);
  }
  const apiOnlyProfile = ctx.profileIds.get('apiOnly') as string;
  // Integration profile logins are restricted to the two integration networks (IU-09).
  b.add('LoginIpRange', { ProfileId: apiOnlyProfile, StartAddress: '198.51.100.0', EndAddress: '198.51.100.255', Description: 'Data center integrations' });
  b.add('LoginIpRange', { ProfileId: apiOnlyProfile, StartAddress: '203.0.113.0', EndAddress: '203.0.113.255', Description: 'Cloud integration egress' });
  b.add('LoginIpRange', { ProfileId: ctx.profileIds.get('billingSpecialist') as string, StartAddress: '192.0.2.0', EndAddress: '192.0.2.255', Description: 'Head office' });

  const regularPs = (
    name: string,
    label: string,
    permissions: PermissionName[],
    objects: Record<string, AccessCode>,
    fields: Record<string, 'R' | 'RE'>,
    extra: Record<string, string | null> = {},
  ) => {
    const ps = b.add('PermissionSet', {
      Name: name,
      Label: label,
      IsOwnedByProfile: false,
      ProfileId: null,
      PermissionSetGroupId: null,
      Type: 'Regular',
      LicenseId: null,
      NamespacePrefix: null,
      ...extra,
      ...permissionFields(permissions),
    });
    ctx.psIds.set(name, ps.Id);
    b.objectPermissions(ps.Id, objects);
    b.fieldPermissions(ps.Id, fields);
    return ps;
  };
  const grantApps = (psId: string, apps: readonly AppKey[]) => {
    for (const a of apps) b.add('SetupEntityAccess', { ParentId: psId, SetupEntityId: ctx.appIds.get(a) as string, SetupEntityType: 'ConnectedApplication' });
  };

  // Human permission sets and the Care Coordination group.
  regularPs('HealthCloudFoundation', 'Health Cloud Foundation', [], { Contact: 'R', Patient_Visit__c: 'R' }, {}, { NamespacePrefix: 'HealthCloudGA', LicenseId: healthPsl.Id });
  regularPs(
    'Care_Team_Access',
    'Care Team Access',
    [],
    { Patient_Visit__c: 'RCE', Prescription__c: 'R' },
    { 'Prescription__c.Medication__c': 'R', 'Patient_Visit__c.Diagnosis__c': 'RE' },
  );
  regularPs('Report_Builder', 'Report Builder', ['RunReports', 'ExportReport'], {}, {});
  regularPs('Billing_Admin_Temp', 'Billing Admin (temporary)', ['BulkApiHardDelete', 'ManageUsers'], { Invoice__c: 'RCED' }, {});
  // What `iua auditor-permset` asks for: with less, Salesforce returns only Priya's own logins and tokens.
  // View All on the business objects lets usage counts see every record (without it they count only hers).
  regularPs(
    'Integration_Auditor',
    'Integration Auditor',
    ['ApiEnabled', 'ViewSetup', 'ViewAllUsers', 'ViewRoles', 'ManageUsers', 'CustomizeApplication'],
    Object.fromEntries(BUSINESS_OBJECTS.map((o) => [o, 'RV' as const])),
    {},
  );
  regularPs(
    'Clinical_Records_Editor',
    'Clinical Records Editor',
    ['ExportReport'],
    { Contact: 'RCED', Patient_Visit__c: 'RCED' },
    { 'Contact.Birthdate': 'RE', 'Patient_Visit__c.Diagnosis__c': 'RE' },
  );
  grantApps(ctx.psIds.get('Integration_Auditor') as string, ['auditor']);

  const group = (
    developerName: string,
    label: string,
    components: string[],
    muting?: { permissions: PermissionName[]; objects: Record<string, Partial<Record<string, boolean>>> },
  ) => {
    const g = b.add('PermissionSetGroup', { DeveloperName: developerName, MasterLabel: label, Status: 'Updated', Description: null });
    const agg = b.add('PermissionSet', {
      Name: developerName,
      Label: label,
      IsOwnedByProfile: false,
      ProfileId: null,
      PermissionSetGroupId: g.Id,
      Type: 'Group',
      LicenseId: null,
      NamespacePrefix: null,
      ...permissionFields([]),
    });
    for (const c of components) b.add('PermissionSetGroupComponent', { PermissionSetGroupId: g.Id, PermissionSetId: ctx.psIds.get(c) as string });
    if (muting) {
      const m = b.add('MutingPermissionSet', { DeveloperName: `${developerName}_Muting`, MasterLabel: `${label} (muted)`, ...permissionFields(muting.permissions) });
      b.add('PermissionSetGroupComponent', { PermissionSetGroupId: g.Id, PermissionSetId: m.Id });
      for (const [sobject, flags] of Object.entries(muting.objects)) {
        b.add('ObjectPermissions', {
          ParentId: m.Id,
          SobjectType: sobject,
          PermissionsRead: !!flags.Read,
          PermissionsCreate: !!flags.Create,
          PermissionsEdit: !!flags.Edit,
          PermissionsDelete: !!flags.Delete,
          PermissionsViewAllRecords: !!flags.ViewAllRecords,
          PermissionsModifyAllRecords: !!flags.ModifyAllRecords,
        });
      }
    }
    return { group: g, aggregate: agg };
  };
  const careGroup = group('Care_Coordination', 'Care Coordination', ['HealthCloudFoundation', 'Care_Team_Access']);

  // Integration permission sets.
  for (const integ of INTEGRATIONS) {
    for (const ps of integ.permissionSets) {
      const rec = regularPs(ps.name, ps.label, ps.permissions, ps.objects, ps.fields, { LicenseId: apiPsl.Id });
      grantApps(rec.Id, ps.apps);
    }
  }
  // EHR: a sync set plus a shared clinical editor set, with Delete and Export muted inside the group.
  const ehrSync = regularPs(
    'EHR_Patient_Sync',
    'EHR Patient Sync',
    ['ApiEnabled'],
    { Contact: 'RCE', Patient_Visit__c: 'RCE' },
    {
      'Contact.FirstName': 'RE',
      'Contact.LastName': 'RE',
      'Contact.Birthdate': 'RE',
      'Contact.MedicalRecordNumber__c': 'RE',
      'Patient_Visit__c.Visit_Date__c': 'RE',
      'Patient_Visit__c.Diagnosis__c': 'RE',
    },
    { LicenseId: apiPsl.Id },
  );
  grantApps(ehrSync.Id, ['epic']);
  const ehrGroup = group('EHR_Clinical_Sync', 'EHR Clinical Sync', ['EHR_Patient_Sync', 'Clinical_Records_Editor'], {
    permissions: ['ExportReport'],
    objects: { Contact: { Delete: true }, Patient_Visit__c: { Delete: true } },
  });

  // People.
  const addUser = (
    username: string,
    first: string,
    last: string,
    profileKey: string | null,
    kind: PersonKind,
    extra: Partial<Record<string, string | boolean | null>> = {},
    createdDaysAgo = 700,
  ) => {
    const u = b.add('User', {
      Username: username,
      Name: `${first} ${last}`,
      FirstName: first,
      LastName: last,
      Email: username.includes('@') && kind !== 'system' ? username : `noreply@${DOMAIN}`,
      IsActive: true,
      UserType: 'Standard',
      ProfileId: profileKey ? (ctx.profileIds.get(profileKey) as string) : null,
      LastLoginDate: null,
      LastPasswordChangeDate: daysAgo(Math.min(createdDaysAgo, 75 + (ctx.users.size % 40))),
      CreatedDate: daysAgo(createdDaysAgo),
      ManagerId: null,
      Title: null,
      Department: null,
      TimeZoneSidKey: 'America/New_York',
      ...extra,
    });
    ctx.users.set(username, u);
    ctx.kinds.set(username, kind);
    if (profileKey)
      b.add('PermissionSetAssignment', {
        AssigneeId: u.Id,
        PermissionSetId: ctx.profilePs.get(profileKey) as string,
        PermissionSetGroupId: null,
        ExpirationDate: null,
        IsActive: true,
      });
    b.add('UserLogin', { UserId: u.Id, IsFrozen: false, IsPasswordLocked: false });
    return u;
  };
  const assign = (user: SfRecord, psName: string, expiration: string | null = null) =>
    b.add('PermissionSetAssignment', {
      AssigneeId: user.Id,
      PermissionSetId: ctx.psIds.get(psName) as string,
      PermissionSetGroupId: null,
      ExpirationDate: expiration,
      IsActive: true,
    });
  const assignGroup = (user: SfRecord, g: { group: SfRecord; aggregate: SfRecord }) =>
    b.add('PermissionSetAssignment', { AssigneeId: user.Id, PermissionSetId: g.aggregate.Id, PermissionSetGroupId: g.group.Id, ExpirationDate: null, IsActive: true });

  const dana = addUser(`admin@${DOMAIN}`, 'Dana', 'Whitfield', 'sysadmin', 'admin', { Title: 'Salesforce Administrator', Department: 'IT' }, 1500);
  const sam = addUser(`it.ops@${DOMAIN}`, 'Sam', 'Becker', 'sysadmin', 'admin', { Title: 'IT Operations Lead', Department: 'IT', ManagerId: dana.Id }, 1100);
  // Workday runs on Julia's personal admin account: the human-as-integration story (IU-12, ORG-02).
  const julia = addUser(`j.alvarez@${DOMAIN}`, 'Julia', 'Alvarez', 'sysadmin', 'workday-admin', { Title: 'HRIS Manager', Department: 'Human Resources', ManagerId: dana.Id }, 900);
  ctx.adminIds.push(dana.Id, sam.Id, julia.Id);
  const auditor = addUser(`auditor@${DOMAIN}`, 'Priya', 'Raman', 'auditor', 'auditor', { Title: 'Compliance Analyst', Department: 'Compliance', ManagerId: dana.Id }, 400);
  assign(auditor, 'Integration_Auditor');

  const humanPlan: [string, number][] = [
    ['care', 14],
    ['standard', 10],
    ['billingSpecialist', 6],
    ['marketing', 5],
    ['readonly', 3],
    ['standard', 2],
  ];
  let i = 0;
  for (const [profileKey, count] of humanPlan) {
    for (let k = 0; k < count; k++, i++) {
      const first = HUMAN_FIRST[i % HUMAN_FIRST.length];
      const last = HUMAN_LAST[(i * 7 + 3 + Math.floor(i / HUMAN_FIRST.length)) % HUMAN_LAST.length];
      const inactive = i >= 38;
      const dept =
        profileKey === 'care'
          ? 'Care Coordination'
          : profileKey === 'billingSpecialist'
            ? 'Billing'
            : profileKey === 'marketing'
              ? 'Marketing'
              : DEPARTMENTS[i % DEPARTMENTS.length];
      const u = addUser(
        `${first.toLowerCase()}.${last.toLowerCase()}@${DOMAIN}`,
        first,
        last,
        profileKey,
        inactive ? 'inactive' : 'human',
        {
          IsActive: !inactive,
          Department: dept,
          Title: profileKey === 'care' ? 'Care Coordinator' : null,
          ManagerId: i % 5 === 0 ? dana.Id : sam.Id,
        },
        200 + ((i * 37) % 900),
      );
      if (profileKey === 'care') assignGroup(u, careGroup);
      if (profileKey === 'care' && k < 3) assign(u, 'Clinical_Records_Editor');
      if (profileKey === 'marketing') assign(u, 'Report_Builder');
      // An expired temporary grant: grants nothing (effective-access rule).
      if (profileKey === 'billingSpecialist' && k === 0) assign(u, 'Billing_Admin_Temp', daysAgo(30, 0));
      if (profileKey === 'standard' && k === 0) assign(u, 'Billing_Admin_Temp', daysAgo(-60, 0));
    }
  }
  const frozen = [...ctx.users.values()].find((u) => u.IsActive === false);
  if (frozen) for (const ul of b.data.UserLogin) if (ul.UserId === frozen.Id) ul.IsFrozen = true;

  // Integration users.
  for (const integ of INTEGRATIONS) {
    const u = addUser(
      integ.username,
      integ.first,
      integ.last,
      'apiOnly',
      'integration',
      { Department: 'Integrations', ManagerId: sam.Id, LastPasswordChangeDate: daysAgo(integ.passwordChangedDaysAgo) },
      integ.createdDaysAgo,
    );
    b.add('PermissionSetLicenseAssign', { AssigneeId: u.Id, PermissionSetLicenseId: apiPsl.Id });
    for (const ps of integ.permissionSets) assign(u, ps.name);
    if (integ.key === 'ehr') assignGroup(u, ehrGroup);
  }
  for (const [username, _] of ctx.users) {
    if (
      ctx.kinds.get(username) === 'human' &&
      b.data.PermissionSetAssignment.some((a) => a.AssigneeId === ctx.users.get(username)?.Id && a.PermissionSetGroupId === careGroup.group.Id)
    ) {
      b.add('PermissionSetLicenseAssign', { AssigneeId: ctx.users.get(username)?.Id as string, PermissionSetLicenseId: healthPsl.Id });
    }
  }

  // Salesforce's own users.
  const orgId15 = org.Id.slice(0, 15).toLowerCase();
  addUser(`autoproc@${orgId15}.example`, 'Automated', 'Process', null, 'system', { UserType: 'AutomatedProcess', Email: `autoproc@${orgId15}.example` }, 1500);
  // CRM Analytics' integration user is a Standard user on its own license (shared/salesforce-users.ts);
  // CloudIntegrationUser is the Platform Integration User's type.
  addUser(`insightsintegration@${orgId15}.example`, 'Integration', 'User', 'analytics', 'system', { UserType: 'Standard' }, 1500);
  addUser(`platformintegration@${orgId15}.example`, 'Platform Integration', 'User', null, 'system', { UserType: 'CloudIntegrationUser' }, 1500);
  addUser(`site-guest@${DOMAIN}`, 'Patient Portal Site', 'Guest User', 'guest', 'system', { UserType: 'Guest' }, 1200);

  // Data model metadata and classification.
  // A real org keys custom objects and custom fields by durable Ids (01I…, 00N…), standard
  // ones by name: FieldDefinition.EntityDefinitionId of a custom object's field is the 01I Id.
  const durable = new Map<string, string>();
  for (const e of ENTITIES) {
    const id = entityDurableId(b, e.name);
    durable.set(e.name, id);
    b.add('EntityDefinition', { DurableId: id, QualifiedApiName: e.name, Label: e.label, IsCustomizable: true, KeyPrefix: null }, id);
  }
  for (const f of FIELDS) {
    const [entity, field] = f.field.split('.');
    const entityId = durable.get(entity) ?? entity;
    const fieldDurable = `${entityId}.${field.endsWith('__c') ? b.ids.next('00N').slice(0, 15) : field}`;
    b.add(
      'FieldDefinition',
      {
        DurableId: fieldDurable,
        EntityDefinitionId: entityId,
        QualifiedApiName: field,
        Label: f.label,
        DataType: f.dataType,
        ComplianceGroup: f.compliance,
        SecurityClassification: f.classification,
      },
      fieldDurable,
    );
  }
  b.add('SecurityHealthCheck', { DurableId: 'GreenPathHealthCheck', Score: '81', CustomBaselineId: null, CreatedDate: daysAgo(1) }, b.ids.next('0ZS'));
  for (const [risk, setting, group, orgValue, standard] of [
    ['HIGH_RISK', 'Minimum password length', 'Password Policies', '8', '12'],
    ['MEDIUM_RISK', 'Session timeout', 'Session Settings', '12 hours', '2 hours'],
    ['MEETS_STANDARD', 'Enable clickjack protection', 'Session Settings', 'Enabled', 'Enabled'],
  ] as const) {
    b.add(
      'SecurityHealthCheckRisks',
      { DurableId: `${group}.${setting}`, RiskType: risk, Setting: setting, SettingGroup: group, OrgValue: orgValue, StandardValue: standard },
      b.ids.next('0ZR'),
    );
  }

  addActivity(ctx);
  addUsage(ctx, { eventMonitoring: options.eventMonitoring });
  if (options.eventMonitoring) addEventMonitoring(ctx);

  // License usage follows from the users.
  const profileLicense = new Map((b.data.Profile ?? []).map((p) => [p.Id, p.UserLicenseId]));
  for (const l of b.data.UserLicense) {
    l.UsedLicenses = b.data.User.filter((u) => u.IsActive && u.ProfileId && profileLicense.get(u.ProfileId as string) === l.Id).length;
  }
  for (const l of b.data.PermissionSetLicense) l.UsedLicenses = b.data.PermissionSetLicenseAssign.filter((a) => a.PermissionSetLicenseId === l.Id).length;
  return b.data;
}
