/**
 * Engine settings: org-independent defaults an auditor may tune. Thresholds here are the
 * fallbacks when a system's declared scope does not set its own.
 */

export interface AuditSettings {
  /** IU-05: system permissions (short names) no integration should hold unless justified. */
  highRiskPermissions: string[];
  /** IU-07: FieldDefinition.ComplianceGroup values that make a field sensitive. */
  sensitiveComplianceGroups: string[];
  /** IU-07: FieldDefinition.SecurityClassification values that make a field sensitive. */
  sensitiveSecurityClassifications: string[];
  /**
   * Apps a person uses for their own work (LoginHistory.Application / OauthToken.AppName,
   * case-insensitive): their API logins and tokens do not make an account "human as integration".
   */
  personalApps: string[];
  staleDays: number;
  rotationDays: number;
  lookbackDays: number;
  /** Evidence rows kept per result; the summary always gives the full count. */
  maxEvidenceRows: number;
}

/** The IU-05 default list (checks.md, "High-risk system permissions"). */
export const HIGH_RISK_PERMISSIONS: readonly string[] = [
  'ModifyAllData', 'ViewAllData', 'ManageUsers', 'ManageInternalUsers', 'ResetPasswords', 'FreezeUsers',
  'AuthorApex', 'CustomizeApplication', 'ModifyMetadata', 'ManageProfilesPermissionsets',
  'AssignPermissionSets', 'ManageSharing', 'ManageRoles', 'ManageIpAddresses', 'ManagePasswordPolicies',
  'ManageRemoteAccess', 'ManageAuthProviders', 'ManageNamedCredentials', 'ViewClientSecret',
  'UseAnyApiClient', 'CanApproveUninstalledApps', 'BypassMFAForUiLogins', 'BulkApiHardDelete',
  'ExportReport', 'ViewEncryptedData', 'ViewSetup', 'InstallPackaging', 'DeleteFieldHistory',
];

export const DEFAULT_SETTINGS: AuditSettings = {
  highRiskPermissions: [...HIGH_RISK_PERMISSIONS],
  sensitiveComplianceGroups: ['HIPAA', 'PHI', 'PII'],
  sensitiveSecurityClassifications: ['PHI', 'PII', 'HIPAA', 'Restricted', 'MissionCritical'],
  personalApps: [
    'Salesforce CLI', 'Salesforce for Outlook', 'Salesforce for iOS', 'Salesforce for Android', 'Salesforce Mobile',
    'Salesforce Authenticator', 'Data Loader', 'Dataloader Partner', 'Dataloader Bulk', 'Workbench', 'Salesforce Inbox',
  ],
  staleDays: 90,
  rotationDays: 90,
  lookbackDays: 180,
  maxEvidenceRows: 200,
};

export function resolveSettings(partial?: Partial<AuditSettings>): AuditSettings {
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
}
