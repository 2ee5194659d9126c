/**
 * Engine settings: org-independent defaults an auditor may tune. Thresholds here are the
 * fallbacks when a system's declared scope does not set its own.
 */

import { DEFAULT_SENSITIVE_COMPLIANCE_GROUPS, DEFAULT_SENSITIVE_SECURITY_CLASSIFICATIONS } from '../salesforce-classification';

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
  'ModifyAllData',
  'ViewAllData',
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
];

export const DEFAULT_SETTINGS: AuditSettings = {
  highRiskPermissions: [...HIGH_RISK_PERMISSIONS],
  // The values Salesforce records, with their source: shared/salesforce-classification.ts.
  sensitiveComplianceGroups: [...DEFAULT_SENSITIVE_COMPLIANCE_GROUPS],
  sensitiveSecurityClassifications: [...DEFAULT_SENSITIVE_SECURITY_CLASSIFICATIONS],
  personalApps: [
    'Salesforce CLI',
    'Salesforce for Outlook',
    'Salesforce for iOS',
    'Salesforce for Android',
    'Salesforce Mobile',
    'Salesforce Authenticator',
    'Data Loader',
    'Dataloader Partner',
    'Dataloader Bulk',
    'Workbench',
    'Salesforce Inbox',
  ],
  staleDays: 90,
  rotationDays: 90,
  lookbackDays: 180,
  maxEvidenceRows: 200,
};

export function resolveSettings(partial?: Partial<AuditSettings>): AuditSettings {
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
}

/** An org's own additions to what counts as sensitive (its scope's `sensitiveData`). */
export interface SensitiveDataSetting {
  complianceGroups?: string[];
  securityClassifications?: string[];
}

const withOrgCache = new WeakMap<AuditSettings, Map<string, AuditSettings>>();

/**
 * The settings with an org's additions: the defaults plus what the org names, never fewer.
 * The same object for the same additions, so what is computed per settings stays cached.
 */
export function settingsForOrg(settings: AuditSettings, org: SensitiveDataSetting | undefined): AuditSettings {
  if (!org || (!org.complianceGroups?.length && !org.securityClassifications?.length)) return settings;
  const union = (base: readonly string[], extra: readonly string[] = []) => {
    const seen = new Set(base.map((v) => v.toUpperCase()));
    return [...base, ...extra.filter((v) => !seen.has(v.toUpperCase()) && seen.add(v.toUpperCase()))];
  };
  const key = JSON.stringify([org.complianceGroups ?? [], org.securityClassifications ?? []]);
  let byKey = withOrgCache.get(settings);
  if (!byKey) withOrgCache.set(settings, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) {
    out = {
      ...settings,
      sensitiveComplianceGroups: union(settings.sensitiveComplianceGroups, org.complianceGroups),
      sensitiveSecurityClassifications: union(settings.sensitiveSecurityClassifications, org.securityClassifications),
    };
    byKey.set(key, out);
  }
  return out;
}
