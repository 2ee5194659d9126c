/**
 * The Salesforce objects a snapshot holds, and the fields we read from each.
 *
 * This is the one declarative list shared by the collector (what to query), the demo org
 * (what its describe advertises) and the audit engine (which objects feed which checks).
 * Records are stored flat, exactly as the REST API returns the object's own fields: lookups
 * are Id fields (ProfileId, AssigneeId, ParentId…), never relationship paths, so the
 * snapshot's content hash does not depend on how a query was written.
 *
 * `Permissions*` booleans on Profile, PermissionSet and MutingPermissionSet vary by org and
 * API version: the collector adds every such field that the org's describe lists.
 */

export interface ObjectSpec {
  /** sObject API name. */
  name: string;
  /** Fields we want; the collector keeps those that the org's describe lists. */
  fields: readonly string[];
  /** Also collect every `Permissions*` boolean the describe lists. */
  permissionFields?: boolean;
  /** Large objects go through Bulk API 2.0 when the row count makes it cheaper. */
  preferBulk?: boolean;
  /** The Id field that the audit looks records up by (stored as parent_id; not indexed since migration 004: the audit indexes a loaded snapshot in memory). */
  parentField?: string;
  /** Why the audit needs it: shown in coverage reports and `iua orgs test`. */
  purpose: string;
  /** Datetime field limiting the query to the look-back window (LoginHistory, SetupAuditTrail). */
  lookbackField?: string;
  /** Fetched only for the permission sets of integration candidates unless a full collection. */
  scopedToPermissionSets?: boolean;
  /**
   * Salesforce refuses an unfiltered query of this object ("a filter on a reified column is
   * required"): it is queried once per object that the collected permissions mention, with
   * `<perEntityField> = 'Object'` (no OR/IN: these metadata objects reject disjunctions).
   */
  perEntityField?: string;
  /**
   * No queryMore (EntityDefinition: `EXCEEDED_ID_LIMIT … does not support queryMore()`): read in
   * pages of `ORDER BY <keysetField> LIMIT 2000` with a `<keysetField> > 'last'` cursor.
   */
  keysetField?: string;
  /**
   * Not an sObject in a real org: read from each needed profile's Tooling API `Profile.Metadata`
   * (`loginIpRanges`), one profile per query, and stored as flat records with synthetic keys.
   */
  fromProfileMetadata?: boolean;
  /** Salesforce may answer null Ids (OauthToken.Id "is always null"): the snapshot keys such records synthetically. */
  idMayBeNull?: boolean;
}

export const OBJECT_SPECS: readonly ObjectSpec[] = [
  { name: 'Organization', fields: ['Id', 'Name', 'OrganizationType', 'IsSandbox', 'InstanceName'], purpose: 'org identity recorded in the evidence' },
  {
    name: 'User',
    fields: ['Id', 'Username', 'Name', 'Email', 'IsActive', 'UserType', 'ProfileId', 'LastLoginDate', 'LastPasswordChangeDate', 'CreatedDate', 'ManagerId'],
    parentField: 'ProfileId',
    preferBulk: true,
    purpose: 'who exists, who is active, which profile',
  },
  { name: 'UserLogin', fields: ['Id', 'UserId', 'IsFrozen', 'IsPasswordLocked'], parentField: 'UserId', purpose: 'frozen and locked state (IU-11)' },
  { name: 'Profile', fields: ['Id', 'Name', 'UserLicenseId'], permissionFields: true, purpose: 'profile permissions and license' },
  { name: 'UserLicense', fields: ['Id', 'Name', 'LicenseDefinitionKey', 'TotalLicenses', 'UsedLicenses'], purpose: 'license of each user (IU-02, classification)' },
  {
    name: 'PermissionSet',
    fields: ['Id', 'Name', 'Label', 'IsOwnedByProfile', 'ProfileId', 'PermissionSetGroupId', 'Type', 'LicenseId', 'NamespacePrefix'],
    permissionFields: true,
    purpose: 'system permissions of profiles, permission sets and groups',
  },
  {
    name: 'PermissionSetAssignment',
    fields: ['Id', 'AssigneeId', 'PermissionSetId', 'PermissionSetGroupId', 'ExpirationDate', 'IsActive'],
    parentField: 'AssigneeId',
    preferBulk: true,
    purpose: 'which permission sets and groups each user holds',
  },
  { name: 'PermissionSetGroup', fields: ['Id', 'DeveloperName', 'MasterLabel', 'Status'], purpose: 'permission set groups' },
  {
    name: 'PermissionSetGroupComponent',
    fields: ['Id', 'PermissionSetGroupId', 'PermissionSetId'],
    parentField: 'PermissionSetGroupId',
    purpose: 'members of each group, incl. muting sets',
  },
  { name: 'MutingPermissionSet', fields: ['Id', 'DeveloperName', 'MasterLabel'], permissionFields: true, purpose: 'permissions muted inside a group' },
  {
    name: 'ObjectPermissions',
    fields: [
      'Id',
      'ParentId',
      'SobjectType',
      'PermissionsRead',
      'PermissionsCreate',
      'PermissionsEdit',
      'PermissionsDelete',
      'PermissionsViewAllRecords',
      'PermissionsModifyAllRecords',
    ],
    parentField: 'ParentId',
    preferBulk: true,
    scopedToPermissionSets: true,
    purpose: 'object access (IU-06, IU-08)',
  },
  {
    name: 'FieldPermissions',
    fields: ['Id', 'ParentId', 'SobjectType', 'Field', 'PermissionsRead', 'PermissionsEdit'],
    parentField: 'ParentId',
    preferBulk: true,
    scopedToPermissionSets: true,
    purpose: 'field access (IU-07)',
  },
  { name: 'SetupEntityAccess', fields: ['Id', 'ParentId', 'SetupEntityId', 'SetupEntityType'], parentField: 'ParentId', purpose: 'apps, classes and custom permissions granted' },
  { name: 'PermissionSetLicense', fields: ['Id', 'DeveloperName', 'MasterLabel'], purpose: 'permission set licenses (ceilings)' },
  { name: 'PermissionSetLicenseAssign', fields: ['Id', 'AssigneeId', 'PermissionSetLicenseId'], parentField: 'AssigneeId', purpose: 'who holds which ceiling' },
  {
    name: 'LoginHistory',
    fields: ['Id', 'UserId', 'LoginTime', 'LoginType', 'LoginSubType', 'Application', 'SourceIp', 'Status', 'Platform', 'Browser', 'ApiType', 'AuthMethodReference'],
    parentField: 'UserId',
    preferBulk: true,
    lookbackField: 'LoginTime',
    purpose: 'how each user logs in (IU-04, IU-09, IU-10, classification)',
  },
  {
    name: 'LoginIpRange',
    fields: ['Id', 'ProfileId', 'StartAddress', 'EndAddress'],
    parentField: 'ProfileId',
    fromProfileMetadata: true,
    purpose: 'network restriction per profile (IU-09)',
  },
  {
    name: 'OauthToken',
    fields: ['Id', 'UserId', 'AppName', 'UseCount', 'LastUsedDate', 'CreatedDate'],
    parentField: 'UserId',
    idMayBeNull: true,
    purpose: 'connected apps each user has authorised (IU-14, classification)',
  },
  { name: 'ConnectedApplication', fields: ['Id', 'Name', 'OptionsAllowAdminApprovedUsersOnly', 'RefreshTokenValidityPeriod'], purpose: 'connected app policies (IU-14)' },
  // External Client Apps (shared/salesforce-apps.ts): the Object Reference marks the policy object
  // "for internal use only", so an org may refuse it; IU-14 then says the app could not be judged.
  {
    name: 'ExternalClientApplication',
    fields: ['Id', 'MasterLabel', 'DeveloperName', 'DistributionState'],
    purpose: 'External Client Apps, which replace connected apps for new integrations (IU-14)',
  },
  { name: 'ExtlClntAppOauthPlcyCnfg', fields: ['Id', 'ExternalClientApplicationId', 'PermittedUsersPolicyType'], purpose: 'OAuth policy of each External Client App (IU-14)' },
  {
    name: 'SetupAuditTrail',
    fields: ['Id', 'CreatedDate', 'CreatedById', 'Action', 'Section', 'Display', 'DelegateUser'],
    preferBulk: false,
    lookbackField: 'CreatedDate',
    purpose: 'setup changes in the review period (IU-13)',
  },
  {
    name: 'EntityDefinition',
    fields: ['Id', 'DurableId', 'QualifiedApiName', 'Label'],
    keysetField: 'QualifiedApiName',
    purpose: 'objects the scope pickers offer; names of custom objects (01I… durable Ids)',
  },
  {
    name: 'FieldDefinition',
    fields: ['Id', 'DurableId', 'EntityDefinitionId', 'QualifiedApiName', 'Label', 'ComplianceGroup', 'SecurityClassification'],
    parentField: 'EntityDefinitionId',
    // EntityDefinitionId of a custom object's field is the object's 01I… Id, not its name.
    perEntityField: 'EntityDefinition.QualifiedApiName',
    purpose: 'data classification of fields (IU-07)',
  },
];

export const OBJECT_NAMES: readonly string[] = OBJECT_SPECS.map((s) => s.name);

export function objectSpec(name: string): ObjectSpec | undefined {
  return OBJECT_SPECS.find((s) => s.name === name);
}

// Salesforce's own users and the Integration license: shared/salesforce-users.ts (with sources).
export { INTEGRATION_LICENSE_NAME } from './salesforce-users';
