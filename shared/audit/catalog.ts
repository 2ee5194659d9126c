/**
 * The check catalog (checks.md). IDs are stable: auditors' attestations refer to them.
 * `needs` lists the snapshot objects a check reads; a coverage gap on any of them turns the
 * check into `error`, never `pass`.
 */

export type CheckMode = 'auto' | 'hybrid' | 'manual';
/**
 * Our own assignment (design/checks.md gives none): how far a failure strays from the minimum
 * necessary (docs/checks.md "Severity"). Shown in the UI only; results and packs do not carry it.
 */
export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export interface CheckDef {
  id: string;
  title: string;
  rationale: string;
  /** Citations as checks.md gives them; checks.md cites none for the ORG checks. */
  frameworks: string[];
  mode: CheckMode;
  severity: Severity;
  scope: 'user' | 'org';
  needs: string[];
}

/** What effective access is computed from. */
export const ACCESS_OBJECTS = ['User', 'Profile', 'PermissionSet', 'PermissionSetAssignment', 'PermissionSetGroupComponent', 'MutingPermissionSet'];
/** What classification reads. */
export const CLASSIFY_OBJECTS = [...ACCESS_OBJECTS, 'UserLicense', 'LoginHistory', 'OauthToken'];

export const CHECKS: readonly CheckDef[] = [
  {
    id: 'IU-01',
    title: 'Dedicated identity',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: ['User'],
    rationale:
      'Each integration runs under its own identity, so its actions are attributable in audit logs and its access can be reviewed and revoked without affecting another system.',
    frameworks: ['HIPAA 164.312(a)(2)(i)', 'SOC 2 CC6.1', 'ISO 27001 A.5.16', 'NIST AC-2'],
  },
  {
    id: 'IU-02',
    title: 'Integration license',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: [...ACCESS_OBJECTS, 'UserLicense'],
    rationale: 'The Salesforce Integration license limits the account to API access and keeps it apart from named-user licenses intended for people.',
    frameworks: ['HIPAA 164.308(a)(4)', 'SOC 2 CC6.2', 'NIST AC-2'],
  },
  {
    id: 'IU-03',
    title: 'API only',
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: ACCESS_OBJECTS,
    rationale: 'With API Only User enforced, the integration credentials cannot be used to log in through the browser.',
    frameworks: ['HIPAA 164.312(a)(1)', 'SOC 2 CC6.1', 'NIST AC-6'],
  },
  {
    id: 'IU-04',
    title: 'No interactive logins',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'LoginHistory'],
    rationale: 'An integration identity that logs in through a browser or SSO is being used by a person, which defeats attribution and least privilege.',
    frameworks: ['HIPAA 164.312(d)', 'SOC 2 CC6.1', 'NIST IA-2'],
  },
  {
    id: 'IU-05',
    title: 'No high-risk system permissions',
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: ACCESS_OBJECTS,
    rationale:
      'Administrative system permissions (Modify All Data, Manage Users, Author Apex…) let a compromised integration take over the org; they are allowed only where the declared scope justifies them.',
    frameworks: ['HIPAA 164.308(a)(4)(ii)(B)', 'SOC 2 CC6.3', 'ISO 27001 A.8.2', 'NIST AC-6(1)', 'SBS-ACS-004', 'SBS-ACS-006', 'SBS-ACS-003'],
  },
  {
    id: 'IU-06',
    title: 'Object access within declared scope',
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: [...ACCESS_OBJECTS, 'ObjectPermissions'],
    rationale: 'The integration can read and change only the objects its declared purpose needs: the HIPAA minimum-necessary standard applied to object permissions.',
    frameworks: ['HIPAA 164.502(b)', 'HIPAA 164.514(d)', 'SOC 2 CC6.3', 'NIST AC-6'],
  },
  // EntityDefinition: a custom object's fields name it by its 01I… durable Id, resolved to the object's name there.
  {
    id: 'IU-07',
    title: 'Sensitive fields within declared scope',
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: [...ACCESS_OBJECTS, 'FieldPermissions', 'FieldDefinition', 'EntityDefinition'],
    rationale:
      'Read or edit access to fields classified as sensitive (HIPAA, PII, PCI or GDPR compliance groups; Restricted or MissionCritical classification) is limited to the fields and classifications the system is declared to need.',
    frameworks: ['HIPAA 164.502(b)', 'HIPAA 164.514(d)', 'SOC 2 CC6.1', 'ISO 27001 A.8.11'],
  },
  {
    id: 'IU-08',
    title: 'No View All / Modify All records',
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: [...ACCESS_OBJECTS, 'ObjectPermissions'],
    rationale: 'View All and Modify All bypass record sharing; an integration holds them only on objects where the declared scope requires it.',
    frameworks: ['HIPAA 164.308(a)(4)', 'SOC 2 CC6.3', 'NIST AC-6'],
  },
  {
    id: 'IU-09',
    title: 'Network restriction',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'Profile', 'LoginIpRange', 'LoginHistory'],
    rationale:
      'Login IP ranges restrict where the integration credentials can be used from, and the observed source addresses confirm that calls come only from the expected network.',
    frameworks: ['HIPAA 164.312(a)(1)', 'SOC 2 CC6.6', 'NIST AC-17'],
  },
  {
    id: 'IU-10',
    title: 'Credential hygiene',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'LoginHistory'],
    rationale:
      'Username-and-password authentication (SOAP login, or the OAuth username-password flow) is retiring and its secrets are long-lived; password-based integrations must at least rotate within the policy.',
    frameworks: ['HIPAA 164.308(a)(5)(ii)(D)', 'SOC 2 CC6.1', 'NIST IA-5'],
  },
  {
    id: 'IU-11',
    title: 'Active and in use',
    severity: 'low',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'UserLogin'],
    rationale: 'An integration identity that is inactive, frozen or unused is either broken or orphaned; unused accounts with access should be removed.',
    frameworks: ['HIPAA 164.308(a)(3)(ii)(C)', 'SOC 2 CC6.2', 'NIST AC-2(3)'],
  },
  {
    id: 'IU-12',
    title: "Not a person's account",
    severity: 'high',
    mode: 'auto',
    scope: 'user',
    needs: CLASSIFY_OBJECTS,
    rationale: "An integration running on a named person's account stops when that person leaves and mixes the person's actions with the system's.",
    frameworks: ['HIPAA 164.312(a)(2)(i)', 'SOC 2 CC6.1', 'NIST IA-2'],
  },
  {
    id: 'IU-13',
    title: 'Changes in period reviewed',
    severity: 'low',
    mode: 'hybrid',
    scope: 'user',
    needs: ['User', 'Profile', 'PermissionSet', 'PermissionSetAssignment', 'SetupAuditTrail'],
    rationale: 'Setup changes to the integration user, its profile or its permission sets during the review period are listed so the auditor can confirm each was authorised.',
    frameworks: ['HIPAA 164.312(b)', 'HIPAA 164.308(a)(1)(ii)(D)', 'SOC 2 CC8.1', 'NIST AU-6'],
  },
  {
    id: 'IU-14',
    title: 'Connected app admin-approved',
    severity: 'medium',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'OauthToken', 'ConnectedApplication'],
    rationale:
      'Connected apps and External Client Apps restricted to admin-approved users cannot be authorised by arbitrary users, so only the intended integration identity can obtain tokens.',
    frameworks: ['SOC 2 CC6.1', 'NIST AC-3', 'SBS-ACS-003'],
  },
  {
    id: 'IU-15',
    title: 'Owner and purpose documented',
    severity: 'low',
    mode: 'manual',
    scope: 'user',
    needs: [],
    rationale: 'Every integration has an accountable owner, a documented purpose and a review date, so its access can be justified and re-reviewed.',
    frameworks: ['HIPAA 164.308(a)(4)(ii)(C)', 'SOC 2 CC6.2', 'ISO 27001 A.5.18'],
  },
  {
    id: 'ORG-01',
    title: 'Integration inventory complete',
    severity: 'medium',
    mode: 'auto',
    scope: 'org',
    needs: CLASSIFY_OBJECTS,
    rationale: 'Every account that behaves as an integration belongs to a declared system, so no integration escapes the review.',
    frameworks: [],
  },
  {
    id: 'ORG-02',
    title: "No person's account runs an integration",
    severity: 'high',
    mode: 'auto',
    scope: 'org',
    needs: CLASSIFY_OBJECTS,
    rationale: "No named person's account is used by an external system; each integration has its own identity.",
    frameworks: [],
  },
  {
    id: 'ORG-03',
    title: 'Risky API permissions are held by few',
    severity: 'medium',
    mode: 'hybrid',
    scope: 'org',
    needs: [...ACCESS_OBJECTS, 'UserLicense'],
    rationale:
      'Use Any API Client, Approve Uninstalled Connected Apps and API Enabled on full licenses open the org to unvetted API clients; the auditor confirms each holder needs them.',
    frameworks: [],
  },
  {
    id: 'ORG-04',
    title: 'Coverage',
    severity: 'medium',
    mode: 'auto',
    scope: 'org',
    needs: [],
    rationale: 'Every object the checks need was readable; each gap is named and turns the checks it feeds into errors, so missing data never reads as a pass.',
    frameworks: [],
  },
];

export const CHECK_BY_ID: ReadonlyMap<string, CheckDef> = new Map(CHECKS.map((c) => [c.id, c]));

/** Every object some check reads: a gap elsewhere is only informational (ORG-04). */
export const NEEDED_OBJECTS: readonly string[] = [...new Set(CHECKS.flatMap((c) => c.needs))].sort();
