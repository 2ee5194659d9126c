/**
 * Helpers that generated datasets share: Id allocation, permission sets with every
 * `Permissions*` field present, object/field permission rows and assignments.
 */
import type { SfRecord, SfValue } from '../../../shared/model';
import { IdAllocator } from '../ids';
import type { Dataset } from '../schema';

/** System permissions every Profile/PermissionSet/MutingPermissionSet record carries. */
export const PERMISSION_NAMES = [
  'ApiEnabled',
  'ApiUserOnly',
  'ViewAllData',
  'ModifyAllData',
  'ManageUsers',
  'ManageInternalUsers',
  'ResetPasswords',
  'FreezeUsers',
  'AuthorApex',
  'CustomizeApplication',
  'ModifyMetadata',
  'ManageProfilesPermissionsets',
  'AssignPermissionSets',
  'ManageSharing',
  'ManageRoles',
  'ManageIpAddresses',
  'ManagePasswordPolicies',
  'ManageRemoteAccess',
  'ManageAuthProviders',
  'ManageNamedCredentials',
  'ViewClientSecret',
  'UseAnyApiClient',
  'CanApproveUninstalledApps',
  'BypassMFAForUiLogins',
  'BulkApiHardDelete',
  'ExportReport',
  'ViewEncryptedData',
  'ViewSetup',
  'InstallPackaging',
  'DeleteFieldHistory',
  'RunReports',
  'EditTask',
  'LightningExperienceUser',
  'ViewRoles',
  'ManageDataIntegrations',
  'ViewPublicReports',
  'ConvertLeads',
  'EmailSingle',
  'MonitorLoginHistory',
  'ViewAllUsers',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** 'R' read, 'C' create, 'E' edit, 'D' delete, 'V' view all, 'M' modify all. */
export type AccessCode = string;

export function permissionFields(granted: readonly PermissionName[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const p of PERMISSION_NAMES) out[`Permissions${p}`] = granted.includes(p);
  return out;
}

export class DatasetBuilder {
  readonly ids: IdAllocator;
  readonly data: Dataset = {};

  constructor(pod = 'Hs') {
    this.ids = new IdAllocator(pod);
  }

  /**
   * Fills in the record's Id. A scaled org holds millions of records: a caller that ends its
   * literal with `Id: ''` reserves the Id's slot inside the object (same key order), where
   * adding the property afterwards gives every record a separate property store (~32 bytes).
   */
  add(object: string, fields: Record<string, SfValue>, id?: string): SfRecord {
    const record = fields as SfRecord;
    record.Id = id ?? this.ids.next(object);
    (this.data[object] ??= []).push(record);
    return record;
  }

  /**
   * A profile and the permission set Salesforce keeps for every profile (IsOwnedByProfile, Type
   * 'Profile', named X + the profile's 15-character Id), both granting the same system permissions.
   */
  addProfile(name: string, licenseId: string, granted: readonly PermissionName[]): { profile: SfRecord; permissionSet: SfRecord } {
    const profile = this.add('Profile', { Name: name, UserLicenseId: licenseId, ...permissionFields(granted) });
    const permissionSet = this.add('PermissionSet', {
      Name: `X${profile.Id.slice(0, 15)}`,
      Label: name,
      IsOwnedByProfile: true,
      ProfileId: profile.Id,
      PermissionSetGroupId: null,
      Type: 'Profile',
      LicenseId: licenseId,
      NamespacePrefix: null,
      ...permissionFields(granted),
    });
    return { profile, permissionSet };
  }

  /** Object permission rows; `access` like 'RCE' (Salesforce stores each object once per parent). */
  objectPermissions(parentId: string, grants: Record<string, AccessCode>): void {
    for (const [sobject, code] of Object.entries(grants)) {
      const m = code.includes('M');
      const v = m || code.includes('V');
      const d = m || code.includes('D');
      const e = d || code.includes('E');
      this.add('ObjectPermissions', {
        ParentId: parentId,
        SobjectType: sobject,
        PermissionsRead: true,
        PermissionsCreate: m || code.includes('C'),
        PermissionsEdit: e,
        PermissionsDelete: d,
        PermissionsViewAllRecords: v,
        PermissionsModifyAllRecords: m,
        Id: '',
      });
    }
  }

  /** Field permission rows; value 'R' read or 'RE' read+edit, keyed `Object.Field`. */
  fieldPermissions(parentId: string, grants: Record<string, 'R' | 'RE'>): void {
    for (const [field, code] of Object.entries(grants)) {
      this.add('FieldPermissions', {
        ParentId: parentId,
        SobjectType: this.shared(field.split('.')[0]),
        Field: field,
        PermissionsRead: true,
        PermissionsEdit: code === 'RE',
        Id: '',
      });
    }
  }

  private readonly strings = new Map<string, string>();

  /** One copy of a value that millions of generated records repeat (an object name, an IP address). */
  shared(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }
}

export const DAY_MS = 86_400_000;

const isoCache = new Map<number, string>();

/** Salesforce's datetime format; cached because generated orgs reuse the same instants a lot. */
export function isoAt(ms: number): string {
  let s = isoCache.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString().replace('Z', '+0000');
    if (isoCache.size > 100_000) isoCache.clear();
    isoCache.set(ms, s);
  }
  return s;
}

/**
 * EntityDefinition.DurableId as a real org has it: the API name for a standard object, the
 * object's 15-character `01I…` Id for a custom one (Tooling API EntityDefinition; see
 * docs/salesforce-fidelity.md). FieldDefinition.EntityDefinitionId holds this value.
 */
export function entityDurableId(b: DatasetBuilder, objectName: string): string {
  return /__(c|mdt|e|x|b)$/.test(objectName) ? b.ids.next('01I').slice(0, 15) : objectName;
}
