/**
 * A tiny org builder for audit engine tests: each call adds the records Salesforce would hold,
 * flat as the REST API returns them. Ids are deterministic (prefix + counter).
 */
import type { CoverageGap, SfRecord, SfValue, SnapshotData } from '../../../shared/model';
import { OBJECT_NAMES } from '../../../shared/salesforce-objects';
import { HIGH_RISK_PERMISSIONS } from '../../../shared/audit/settings';
import type { ScopeFile, SystemScope } from '../../../shared/audit/scope';

export const AS_OF = '2025-06-30T00:00:00.000Z';
const DAY = 86_400_000;
/** ISO time `days` before AS_OF. */
export function daysAgo(days: number): string {
  return new Date(Date.parse(AS_OF) - days * DAY).toISOString();
}

type Perms = Record<string, boolean>;
type ObjFlags = Partial<Record<'Read' | 'Create' | 'Edit' | 'Delete' | 'ViewAllRecords' | 'ModifyAllRecords', boolean>>;

/** Every org in these tests "has" these permission fields, all false unless set. */
const PERMISSION_FIELDS = ['ApiUserOnly', 'ApiEnabled', ...HIGH_RISK_PERMISSIONS];

function permFields(perms: Perms = {}): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const p of PERMISSION_FIELDS) out[`Permissions${p}`] = false;
  for (const [k, v] of Object.entries(perms)) out[k.startsWith('Permissions') ? k : `Permissions${k}`] = v;
  return out;
}

export class OrgBuilder {
  records: Record<string, SfRecord[]> = Object.fromEntries(OBJECT_NAMES.map((n) => [n, [] as SfRecord[]]));
  gaps: CoverageGap[] = [];
  private counter = 0;

  nextId(prefix: string): string {
    this.counter++;
    return `${prefix}${String(this.counter).padStart(12, '0')}AAA`;
  }

  add(object: string, fields: Record<string, SfValue>, prefix = '0XX'): string {
    const Id = (fields.Id as string | undefined) ?? this.nextId(prefix);
    (this.records[object] ??= []).push({ ...fields, Id } as SfRecord);
    return Id;
  }

  license(name: string, key = name === 'Salesforce Integration' ? 'PID_SFDC_Integration' : 'SFDC'): string {
    return this.add('UserLicense', { Name: name, LicenseDefinitionKey: key }, '100');
  }

  /** A profile and its own permission set (IsOwnedByProfile), as real orgs have. */
  profile(name: string, licenseId: string, perms: Perms = {}): { profileId: string; psId: string } {
    const profileId = this.add('Profile', { Name: name, UserLicenseId: licenseId, ...permFields(perms) }, '00e');
    const psId = this.add(
      'PermissionSet',
      { Name: `X00e_${name.replace(/\W/g, '_')}`, Label: name, IsOwnedByProfile: true, ProfileId: profileId, PermissionSetGroupId: null, Type: 'Profile', ...permFields(perms) },
      '0PS',
    );
    return { profileId, psId };
  }

  permSet(name: string, perms: Perms = {}): string {
    return this.add(
      'PermissionSet',
      { Name: name, Label: name.replace(/_/g, ' '), IsOwnedByProfile: false, ProfileId: null, PermissionSetGroupId: null, Type: 'Regular', ...permFields(perms) },
      '0PS',
    );
  }

  muting(name: string, perms: Perms = {}): string {
    return this.add('MutingPermissionSet', { DeveloperName: name, MasterLabel: name, ...permFields(perms) }, '0QM');
  }

  /** A group with its aggregate permission set, components and optional muting set. */
  group(name: string, componentIds: string[], mutingId?: string, status = 'Updated'): { groupId: string; aggregatePsId: string } {
    const groupId = this.add('PermissionSetGroup', { DeveloperName: name, MasterLabel: name, Status: status }, '0PG');
    const aggregatePsId = this.add(
      'PermissionSet',
      { Name: `${name}_aggregate`, Label: name, IsOwnedByProfile: false, ProfileId: null, PermissionSetGroupId: groupId, Type: 'Group', ...permFields() },
      '0PS',
    );
    for (const id of [...componentIds, ...(mutingId ? [mutingId] : [])]) this.add('PermissionSetGroupComponent', { PermissionSetGroupId: groupId, PermissionSetId: id }, '0PC');
    return { groupId, aggregatePsId };
  }

  objectPerm(parentId: string, sobject: string, flags: ObjFlags): string {
    const f: Record<string, boolean> = {};
    for (const p of ['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'] as const) f[`Permissions${p}`] = flags[p] ?? false;
    return this.add('ObjectPermissions', { ParentId: parentId, SobjectType: sobject, ...f }, '110');
  }

  fieldPerm(parentId: string, field: string, flags: { Read?: boolean; Edit?: boolean }): string {
    return this.add(
      'FieldPermissions',
      { ParentId: parentId, SobjectType: field.split('.')[0], Field: field, PermissionsRead: flags.Read ?? false, PermissionsEdit: flags.Edit ?? false },
      '01k',
    );
  }

  setupAccess(parentId: string, entityId: string, type = 'ConnectedApplication'): string {
    return this.add('SetupEntityAccess', { ParentId: parentId, SetupEntityId: entityId, SetupEntityType: type }, '0J0');
  }

  user(
    username: string,
    profileId: string,
    opts: { active?: boolean; userType?: string; lastLogin?: string | null; lastPasswordChange?: string | null; frozen?: boolean; name?: string } = {},
  ): string {
    const id = this.add(
      'User',
      {
        Username: username,
        Name: opts.name ?? username.split('@')[0],
        IsActive: opts.active ?? true,
        UserType: opts.userType ?? 'Standard',
        ProfileId: profileId,
        LastLoginDate: opts.lastLogin === undefined ? daysAgo(1) : opts.lastLogin,
        LastPasswordChangeDate: opts.lastPasswordChange === undefined ? daysAgo(30) : opts.lastPasswordChange,
        CreatedDate: daysAgo(400),
      },
      '005',
    );
    this.add('UserLogin', { UserId: id, IsFrozen: opts.frozen ?? false, IsPasswordLocked: false }, '060');
    return id;
  }

  assign(userId: string, permissionSetId: string, opts: { expiration?: string | null; active?: boolean; groupId?: string } = {}): string {
    return this.add(
      'PermissionSetAssignment',
      {
        AssigneeId: userId,
        PermissionSetId: permissionSetId,
        PermissionSetGroupId: opts.groupId ?? null,
        ExpirationDate: opts.expiration ?? null,
        IsActive: opts.active ?? true,
      },
      '0Pa',
    );
  }

  assignGroup(userId: string, group: { groupId: string; aggregatePsId: string }, opts: { expiration?: string | null; active?: boolean } = {}): string {
    return this.assign(userId, group.aggregatePsId, { ...opts, groupId: group.groupId });
  }

  /** LoginType as SOQL returns it; `subType` is LoginSubType (every OAuth flow is 'Remote Access 2.0' + a subtype). */
  login(userId: string, type: string, daysBefore: number, opts: { ip?: string; app?: string; status?: string; subType?: string | null } = {}): string {
    return this.add(
      'LoginHistory',
      {
        UserId: userId,
        LoginTime: daysAgo(daysBefore),
        LoginType: type,
        LoginSubType: opts.subType ?? null,
        Application: opts.app ?? 'N/A',
        SourceIp: opts.ip ?? '198.51.100.10',
        Status: opts.status ?? 'Success',
      },
      '0Ya',
    );
  }

  token(userId: string, appName: string): string {
    return this.add('OauthToken', { UserId: userId, AppName: appName, UseCount: 10, LastUsedDate: daysAgo(1), CreatedDate: daysAgo(100) }, '0CQ');
  }

  connectedApp(name: string, adminApprovedOnly: boolean): string {
    return this.add('ConnectedApplication', { Name: name, OptionsAllowAdminApprovedUsersOnly: adminApprovedOnly, RefreshTokenValidityPeriod: null }, '0H4');
  }

  ipRange(profileId: string, start: string, end: string): string {
    return this.add('LoginIpRange', { ProfileId: profileId, StartAddress: start, EndAddress: end }, '0Ip');
  }

  audit(display: string, daysBefore: number, opts: { delegateUser?: string; createdById?: string; action?: string } = {}): string {
    return this.add(
      'SetupAuditTrail',
      {
        CreatedDate: daysAgo(daysBefore),
        CreatedById: opts.createdById ?? '005ADMIN',
        Action: opts.action ?? 'changedPermset',
        Section: 'Manage Users',
        Display: display,
        DelegateUser: opts.delegateUser ?? null,
      },
      '0Ym',
    );
  }

  entity(name: string): string {
    return this.add('EntityDefinition', { DurableId: name, QualifiedApiName: name, Label: name }, '0ED');
  }

  fieldDef(object: string, field: string, complianceGroup: string | null = null, classification: string | null = null): string {
    return this.add(
      'FieldDefinition',
      {
        DurableId: `${object}.${field}`,
        EntityDefinitionId: object,
        QualifiedApiName: field,
        Label: field,
        ComplianceGroup: complianceGroup,
        SecurityClassification: classification,
      },
      '0FD',
    );
  }

  gap(object: string, errorCode = 'INSUFFICIENT_ACCESS', message = 'insufficient access rights on object'): this {
    this.gaps.push({ object, errorCode, message });
    this.records[object] = [];
    return this;
  }

  snapshot(id = 'snap-1'): SnapshotData {
    return {
      meta: {
        id,
        orgAlias: 'test',
        orgId: '00D000000000001AAA',
        orgName: 'Test Org',
        instanceUrl: 'https://test.my.salesforce.com',
        apiVersion: '62.0',
        auditingUsername: 'auditor@test',
        appVersion: '0.1.0',
        startedAt: AS_OF,
        finishedAt: AS_OF,
        apiCalls: 0,
        permissionScope: 'full',
        lookbackDays: 180,
        objects: [],
        gaps: [...this.gaps],
        contentHash: 'x',
      },
      records: structuredClone(this.records),
    };
  }
}

/**
 * A well-configured org: MuleSoft on a proper integration user (passes every check), plus an
 * admin and an ordinary person.
 */
export function healthyOrg() {
  const o = new OrgBuilder();
  for (const e of ['Account', 'Contact', 'Case', 'Opportunity']) o.entity(e);
  o.fieldDef('Contact', 'SSN__c', 'HIPAA;PII');
  o.fieldDef('Contact', 'Email', 'PII');
  o.fieldDef('Account', 'Name');
  const intLicense = o.license('Salesforce Integration');
  const fullLicense = o.license('Salesforce');
  const intProfile = o.profile('Minimum Access - API Only Integrations', intLicense, { ApiUserOnly: true, ApiEnabled: true });
  const stdProfile = o.profile('Standard User', fullLicense, {});
  const adminProfile = o.profile('System Administrator', fullLicense, { ModifyAllData: true, ApiEnabled: true, ViewSetup: true });
  o.ipRange(intProfile.profileId, '198.51.100.0', '198.51.100.255');
  const mulePs = o.permSet('MuleSoft_Access');
  o.objectPerm(mulePs, 'Account', { Read: true, Edit: true });
  o.objectPerm(mulePs, 'Contact', { Read: true });
  o.fieldPerm(mulePs, 'Account.Name', { Read: true, Edit: true });
  const mule = o.user('mule@acme.test', intProfile.profileId);
  o.assign(mule, mulePs);
  o.login(mule, 'Remote Access 2.0', 2, { app: 'MuleSoft', subType: 'OauthClientCredentials' });
  o.login(mule, 'Remote Access 2.0', 40, { app: 'MuleSoft', subType: 'OauthClientCredentials' });
  o.token(mule, 'MuleSoft');
  o.connectedApp('MuleSoft', true);
  const admin = o.user('admin@acme.test', adminProfile.profileId);
  o.login(admin, 'Application', 1, { ip: '203.0.113.5' });
  const person = o.user('jane@acme.test', stdProfile.profileId);
  o.login(person, 'Application', 3, { ip: '203.0.113.6' });
  return { o, intLicense, fullLicense, intProfile, stdProfile, adminProfile, mulePs, mule, admin, person };
}

export function muleSystem(overrides: Partial<SystemScope> = {}): SystemScope {
  return {
    name: 'MuleSoft',
    owner: 'Integration team',
    purpose: 'Syncs accounts with the ERP',
    reviewCadence: 'quarterly',
    lastReviewed: daysAgo(30).slice(0, 10),
    users: ['mule@acme.test'],
    objects: { Account: ['read', 'edit'], Contact: ['read'] },
    authFlow: 'jwt',
    connectedApp: 'MuleSoft',
    ipRanges: ['198.51.100.0/24'],
    ...overrides,
  };
}

export function scopeOf(...systems: SystemScope[]): ScopeFile {
  return { version: 1, systems };
}
