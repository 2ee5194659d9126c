/**
 * Data classification as Salesforce records it on a field, and which values make a field
 * sensitive by default. The one place these values live (IU-07, the Sensitive Fields sheet,
 * the Manifest).
 *
 * Source: Tooling API, FieldDefinition
 *   https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_api_objects_fielddefinition.htm
 * - SecurityClassification (picklist, v45.0+): Public, Internal, Confidential, Restricted, MissionCritical.
 * - ComplianceGroup (multi-select picklist, v47.0+, values joined by ';'): CCPA, COPPA, GDPR,
 *   HIPAA, PCI, PersonalInfo (with Enhanced Personal Information Management), PII.
 * The docs say "valid values include": whether an org can add its own values is unverified, so
 * values are compared case-insensitively and an org can name extra ones in its scope
 * (`sensitiveData`), never fewer than it chose.
 */

export const SECURITY_CLASSIFICATIONS = ['Public', 'Internal', 'Confidential', 'Restricted', 'MissionCritical'] as const;
export const COMPLIANCE_GROUPS = ['CCPA', 'COPPA', 'GDPR', 'HIPAA', 'PCI', 'PersonalInfo', 'PII'] as const;

/**
 * Sensitive by default: data a HIPAA audit must treat as protected (HIPAA), personal data under
 * the laws most of our users answer to (PII, GDPR) and card data (PCI); and the two highest
 * sensitivity levels. Confidential is left to each org: many label ordinary business data so.
 */
export const DEFAULT_SENSITIVE_COMPLIANCE_GROUPS: readonly string[] = ['GDPR', 'HIPAA', 'PCI', 'PII'];
export const DEFAULT_SENSITIVE_SECURITY_CLASSIFICATIONS: readonly string[] = ['MissionCritical', 'Restricted'];

/** The definition in words, as the Manifest and the Sensitive Fields sheet state it. */
export function describeSensitiveDefinition(groups: readonly string[], classes: readonly string[]): string {
  const g = groups.length ? `ComplianceGroup includes any of ${[...groups].sort().join(', ')}` : '';
  const c = classes.length ? `SecurityClassification is one of ${[...classes].sort().join(', ')}` : '';
  return [g, c].filter(Boolean).join(', or ') || 'no field is treated as sensitive';
}
