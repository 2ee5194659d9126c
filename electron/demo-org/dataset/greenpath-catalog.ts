/**
 * GreenPath Healthcare's static facts: licenses, the objects and classified fields of its
 * clinical data model, its connected apps and its seven integrations. The structure built from
 * these lives in greenpath.ts; activity (logins, audit trail, tokens) in greenpath-activity.ts.
 */
import type { AccessCode, PermissionName } from './builder';

export const ORG_NAME = 'GreenPath Healthcare';
export const DOMAIN = 'greenpath.example';

export const LICENSES = [
  { key: 'sfdc', Name: 'Salesforce', LicenseDefinitionKey: 'SFDC', TotalLicenses: 60 },
  { key: 'platform', Name: 'Salesforce Platform', LicenseDefinitionKey: 'AUL', TotalLicenses: 20 },
  { key: 'integration', Name: 'Salesforce Integration', LicenseDefinitionKey: 'SFDC_INTEGRATION', TotalLicenses: 10 },
  { key: 'guest', Name: 'Guest User License', LicenseDefinitionKey: 'PID_Guest_User', TotalLicenses: 5 },
  { key: 'analytics', Name: 'Analytics Cloud Integration User', LicenseDefinitionKey: 'INSIGHTS_INTEGRATION', TotalLicenses: 1 },
] as const;
export type LicenseKey = (typeof LICENSES)[number]['key'];

/** Objects of the data model, with whether they hold patient data. */
export const ENTITIES: { name: string; label: string; custom?: boolean }[] = [
  { name: 'Account', label: 'Account' },
  { name: 'Contact', label: 'Contact' },
  { name: 'Order', label: 'Order' },
  { name: 'Case', label: 'Case' },
  { name: 'Opportunity', label: 'Opportunity' },
  { name: 'Lead', label: 'Lead' },
  { name: 'Task', label: 'Task' },
  { name: 'Patient_Visit__c', label: 'Patient Visit', custom: true },
  { name: 'Lab_Result__c', label: 'Lab Result', custom: true },
  { name: 'Prescription__c', label: 'Prescription', custom: true },
  { name: 'Invoice__c', label: 'Invoice', custom: true },
];

/** Fields with their data classification (ComplianceGroup is a multi-select picklist). */
export const FIELDS: { field: string; label: string; dataType: string; compliance: string | null; classification: string | null }[] = [
  { field: 'Account.Name', label: 'Account Name', dataType: 'Name', compliance: null, classification: 'Internal' },
  { field: 'Account.Phone', label: 'Phone', dataType: 'Phone', compliance: null, classification: 'Internal' },
  { field: 'Account.BillingStreet', label: 'Billing Street', dataType: 'Text', compliance: null, classification: 'Internal' },
  { field: 'Contact.FirstName', label: 'First Name', dataType: 'Text', compliance: 'PII', classification: 'Confidential' },
  { field: 'Contact.LastName', label: 'Last Name', dataType: 'Text', compliance: 'PII', classification: 'Confidential' },
  { field: 'Contact.Email', label: 'Email', dataType: 'Email', compliance: 'PII', classification: 'Confidential' },
  { field: 'Contact.Phone', label: 'Phone', dataType: 'Phone', compliance: 'PII', classification: 'Confidential' },
  { field: 'Contact.MailingStreet', label: 'Mailing Street', dataType: 'Text', compliance: 'PII', classification: 'Confidential' },
  { field: 'Contact.Birthdate', label: 'Birthdate', dataType: 'Date', compliance: 'HIPAA;PII', classification: 'Restricted' },
  { field: 'Contact.SSN__c', label: 'SSN', dataType: 'Text(11)', compliance: 'HIPAA;PII', classification: 'Restricted' },
  { field: 'Contact.MedicalRecordNumber__c', label: 'Medical Record Number', dataType: 'Text(20)', compliance: 'HIPAA', classification: 'Restricted' },
  { field: 'Contact.Insurance_Member_Id__c', label: 'Insurance Member Id', dataType: 'Text(30)', compliance: 'HIPAA;PII', classification: 'Restricted' },
  { field: 'Contact.Department', label: 'Department', dataType: 'Text', compliance: null, classification: null },
  { field: 'Order.Status', label: 'Status', dataType: 'Picklist', compliance: null, classification: 'Internal' },
  { field: 'Order.TotalAmount', label: 'Order Amount', dataType: 'Currency', compliance: null, classification: 'Internal' },
  { field: 'Case.Subject', label: 'Subject', dataType: 'Text', compliance: null, classification: 'Internal' },
  { field: 'Case.Description', label: 'Description', dataType: 'Long Text Area', compliance: 'HIPAA', classification: 'Confidential' },
  { field: 'Patient_Visit__c.Visit_Date__c', label: 'Visit Date', dataType: 'Date', compliance: 'HIPAA', classification: 'Confidential' },
  { field: 'Patient_Visit__c.Diagnosis__c', label: 'Diagnosis', dataType: 'Long Text Area', compliance: 'HIPAA', classification: 'Restricted' },
  { field: 'Patient_Visit__c.Provider__c', label: 'Provider', dataType: 'Lookup(User)', compliance: null, classification: 'Internal' },
  { field: 'Lab_Result__c.Test_Code__c', label: 'Test Code', dataType: 'Text(20)', compliance: null, classification: 'Internal' },
  { field: 'Lab_Result__c.Result_Value__c', label: 'Result Value', dataType: 'Text(255)', compliance: 'HIPAA', classification: 'Restricted' },
  { field: 'Lab_Result__c.Patient__c', label: 'Patient', dataType: 'Lookup(Contact)', compliance: 'HIPAA', classification: 'Confidential' },
  { field: 'Prescription__c.Medication__c', label: 'Medication', dataType: 'Text(255)', compliance: 'HIPAA', classification: 'Restricted' },
  { field: 'Prescription__c.Dosage__c', label: 'Dosage', dataType: 'Text(100)', compliance: 'HIPAA', classification: 'Restricted' },
  { field: 'Invoice__c.Amount__c', label: 'Amount', dataType: 'Currency', compliance: null, classification: 'Internal' },
  { field: 'Invoice__c.Card_Last4__c', label: 'Card Last 4', dataType: 'Text(4)', compliance: 'PCI', classification: 'Confidential' },
  { field: 'Invoice__c.Insurance_Claim_Number__c', label: 'Insurance Claim Number', dataType: 'Text(30)', compliance: 'HIPAA', classification: 'Confidential' },
];

export const CONNECTED_APPS = [
  { key: 'epic', Name: 'Epic EHR Connector', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: null },
  { key: 'mulesoft', Name: 'MuleSoft Anypoint Platform', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: 90 },
  { key: 'billing', Name: 'Billing Gateway', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: 30 },
  { key: 'lab', Name: 'LabLink Results', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: 30 },
  { key: 'portal', Name: 'Patient Portal Sync', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: 30 },
  { key: 'workday', Name: 'Workday', OptionsAllowAdminApprovedUsersOnly: false, RefreshTokenValidityPeriod: null },
  { key: 'dataloader', Name: 'Dataloader Partner', OptionsAllowAdminApprovedUsersOnly: false, RefreshTokenValidityPeriod: null },
  { key: 'auditor', Name: 'Integration User Auditor', OptionsAllowAdminApprovedUsersOnly: true, RefreshTokenValidityPeriod: 7 },
] as const;
export type AppKey = (typeof CONNECTED_APPS)[number]['key'];

/** A connected app's name (OauthToken.AppName, the event logs' CLIENT_NAME) from its key; an unknown key names itself. */
export function appName(key: string): string {
  return CONNECTED_APPS.find((a) => a.key === key)?.Name ?? key;
}

/**
 * External Client Apps. MuleSoft's team moved its new flows to one (admin-approved, so IU-14
 * still passes, now judged through the ECA's OAuth policy); the analytics export is a
 * self-authorising ECA no integration user holds a token for.
 */
export const EXTERNAL_CLIENT_APPS = [
  { DeveloperName: 'MuleSoft_Anypoint_Flows', MasterLabel: 'MuleSoft Anypoint Flows', PermittedUsersPolicyType: 'AdminApprovedPreAuthorized' },
  { DeveloperName: 'Care_Analytics_Export', MasterLabel: 'Care Analytics Export', PermittedUsersPolicyType: 'AllSelfAuthorized' },
] as const;

export interface IntegrationSpec {
  key: string;
  username: string;
  first: string;
  last: string;
  license: 'integration' | 'sfdc';
  /** Permission sets to create and assign: label → grants. */
  permissionSets: {
    name: string;
    label: string;
    permissions: PermissionName[];
    objects: Record<string, AccessCode>;
    fields: Record<string, 'R' | 'RE'>;
    apps: AppKey[];
  }[];
  app: AppKey | null;
  /**
   * How it logs in: LoginType and LoginSubType as Salesforce records them (every OAuth flow is
   * `Remote Access 2.0`, the grant is the subtype; the JWT bearer flow has no documented
   * subtype, so none is recorded — shared/salesforce-logins.ts), ApiType, IP base (first three octets).
   */
  login: { type: string; subType: string | null; apiType: string | null; application: string; ipBase: string; perDay: number; lastDaysAgo: number };
  passwordChangedDaysAgo: number;
  createdDaysAgo: number;
}

export const INTEGRATION_IP = { ehr: '198.51.100', cloud: '203.0.113' };

export const INTEGRATIONS: IntegrationSpec[] = [
  {
    key: 'ehr',
    username: `ehr.integration@${DOMAIN}`,
    first: 'EHR',
    last: 'Integration',
    license: 'integration',
    // Access comes through the EHR_Clinical_Sync group (see greenpath.ts), not direct sets.
    permissionSets: [],
    app: 'epic',
    login: { type: 'Remote Access 2.0', subType: null, apiType: 'REST API', application: 'Epic EHR Connector', ipBase: INTEGRATION_IP.ehr, perDay: 4, lastDaysAgo: 0 },
    passwordChangedDaysAgo: 400,
    createdDaysAgo: 900,
  },
  {
    key: 'billing',
    username: `billing.integration@${DOMAIN}`,
    first: 'Billing',
    last: 'Integration',
    license: 'integration',
    permissionSets: [
      {
        name: 'Billing_Integration',
        label: 'Billing Integration',
        permissions: ['ApiEnabled'],
        // Contact edit was granted "in case" and is never used: the usage right-size story (#18).
        objects: { Account: 'RE', Order: 'R', Invoice__c: 'RCE', Contact: 'RE' },
        fields: { 'Invoice__c.Amount__c': 'RE', 'Invoice__c.Insurance_Claim_Number__c': 'RE', 'Account.Phone': 'R' },
        apps: ['billing'],
      },
      {
        // Granted for the 2024 data migration and never removed: the planted IU-05 flaw.
        name: 'Legacy_Migration_Access',
        label: 'Legacy Migration Access',
        permissions: ['ApiEnabled', 'ViewAllData'],
        objects: {},
        fields: {},
        apps: [],
      },
    ],
    app: 'billing',
    login: {
      type: 'Remote Access 2.0',
      subType: 'OauthClientCredentials',
      apiType: 'REST API',
      application: 'Billing Gateway',
      ipBase: INTEGRATION_IP.cloud,
      perDay: 2,
      lastDaysAgo: 0,
    },
    passwordChangedDaysAgo: 500,
    createdDaysAgo: 800,
  },
  {
    key: 'lab',
    username: `lab.integration@${DOMAIN}`,
    first: 'Lab Results',
    last: 'Integration',
    license: 'integration',
    permissionSets: [
      {
        name: 'Lab_Results_Integration',
        label: 'Lab Results Integration',
        permissions: ['ApiEnabled'],
        // Task create: follow-ups on abnormal results, written daily but missing from the scope (#18).
        objects: { Contact: 'RE', Lab_Result__c: 'RCE', Task: 'RC' },
        // Contact.Birthdate edit is the planted IU-07 flaw: the scope declares read only.
        fields: {
          'Contact.Birthdate': 'RE',
          'Contact.MedicalRecordNumber__c': 'R',
          'Lab_Result__c.Result_Value__c': 'RE',
          'Lab_Result__c.Test_Code__c': 'RE',
          'Lab_Result__c.Patient__c': 'RE',
        },
        apps: ['lab'],
      },
    ],
    app: 'lab',
    login: { type: 'Remote Access 2.0', subType: null, apiType: 'REST API', application: 'LabLink Results', ipBase: INTEGRATION_IP.ehr, perDay: 6, lastDaysAgo: 0 },
    passwordChangedDaysAgo: 300,
    createdDaysAgo: 700,
  },
  {
    key: 'pharmacy',
    username: `pharmacy.integration@${DOMAIN}`,
    first: 'Pharmacy',
    last: 'Integration',
    license: 'integration',
    permissionSets: [
      {
        name: 'Pharmacy_Integration',
        label: 'Pharmacy Integration',
        permissions: ['ApiEnabled'],
        objects: { Contact: 'R', Prescription__c: 'RCE' },
        fields: { 'Contact.MedicalRecordNumber__c': 'R', 'Prescription__c.Medication__c': 'RE', 'Prescription__c.Dosage__c': 'RE' },
        apps: [],
      },
    ],
    app: null,
    // SOAP login() with username + password, password unchanged for over a year: the IU-10 flaw.
    login: { type: 'Other Apex API', subType: null, apiType: 'SOAP Partner', application: 'N/A', ipBase: INTEGRATION_IP.cloud, perDay: 3, lastDaysAgo: 0 },
    passwordChangedDaysAgo: 430,
    createdDaysAgo: 1200,
  },
  {
    key: 'portal',
    username: `portal.integration@${DOMAIN}`,
    first: 'Patient Portal',
    last: 'Integration',
    license: 'integration',
    permissionSets: [
      {
        name: 'Patient_Portal_Integration',
        label: 'Patient Portal Integration',
        permissions: ['ApiEnabled'],
        objects: { Contact: 'R', Patient_Visit__c: 'R' },
        fields: { 'Contact.Email': 'R', 'Contact.Phone': 'R', 'Patient_Visit__c.Visit_Date__c': 'R' },
        apps: ['portal'],
      },
    ],
    app: 'portal',
    // Stopped when the portal vendor changed: no login for ~140 days, the IU-11 flaw.
    login: {
      type: 'Remote Access 2.0',
      subType: 'OauthRefreshToken',
      apiType: 'REST API',
      application: 'Patient Portal Sync',
      ipBase: INTEGRATION_IP.cloud,
      perDay: 2,
      lastDaysAgo: 140,
    },
    passwordChangedDaysAgo: 200,
    createdDaysAgo: 1000,
  },
  {
    key: 'mulesoft',
    username: `mulesoft_integration@${DOMAIN}`,
    first: 'MuleSoft',
    last: 'Integration',
    license: 'integration',
    permissionSets: [
      {
        name: 'MuleSoft_Integration',
        label: 'MuleSoft Integration',
        permissions: ['ApiEnabled'],
        objects: { Account: 'RCE', Contact: 'RCE', Order: 'RCE' },
        fields: { 'Contact.Email': 'RE', 'Contact.Phone': 'RE', 'Account.Phone': 'RE', 'Order.TotalAmount': 'RE' },
        apps: ['mulesoft'],
      },
    ],
    app: 'mulesoft',
    login: {
      type: 'Remote Access 2.0',
      subType: 'OauthClientCredentials',
      apiType: 'REST API',
      application: 'MuleSoft Anypoint Platform',
      ipBase: INTEGRATION_IP.cloud,
      perDay: 8,
      lastDaysAgo: 0,
    },
    passwordChangedDaysAgo: 60,
    createdDaysAgo: 365,
  },
];

export const HUMAN_FIRST = [
  'Maria',
  'James',
  'Aisha',
  'Daniel',
  'Priya',
  'Tom',
  'Grace',
  'Luis',
  'Hannah',
  'Kwame',
  'Sofia',
  'Ben',
  'Mei',
  'Omar',
  'Emma',
  'Raj',
  'Chloe',
  'Diego',
  'Nora',
  'Samuel',
];
export const HUMAN_LAST = [
  'Okafor',
  'Nguyen',
  'Smith',
  'Patel',
  'Garcia',
  'Johansson',
  'Kim',
  'Rossi',
  'Brown',
  'Haddad',
  'Lopez',
  'Walker',
  'Chen',
  'Mensah',
  'Silva',
  'Novak',
  'Ito',
  'Murphy',
  'Fischer',
  'Reyes',
];
export const DEPARTMENTS = ['Care Coordination', 'Billing', 'Patient Access', 'Clinical Operations', 'Marketing', 'IT'];
