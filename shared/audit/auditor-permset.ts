/**
 * The minimal permission set for the auditing user, as Salesforce metadata an admin deploys
 * with the Salesforce CLI. Built from the visibility rules (shared/audit/visibility.ts), so what
 * we ask for and what we check the snapshot against cannot drift apart.
 *
 * Why each permission (docs/checks.md, "The auditing user"):
 * - ApiEnabled: the app reads through the REST and Bulk APIs.
 * - ViewSetup: profiles, permission sets, groups, connected apps and the Setup Audit Trail.
 * - the permissions of VISIBILITY_RULES: without them Salesforce returns fewer rows, no error.
 * - ViewAllUsers, ViewRoles: Manage Users depends on them; a deploy without them fails with
 *   "Permission ManageUsers depends on permission(s): ViewRoles" [observed, jsforce/jsforce#749].
 *   Which other permissions an org requires depends on its features (e.g. Customize Application
 *   needs Manage Translation where translation is on) [observed, NPSP#3979]: the deploy error
 *   names them, and the admin adds them.
 * Format: Metadata API PermissionSet (`userPermissions` with `enabled` and `name`), source
 * format file `permissionsets/<name>.permissionset-meta.xml`, and a package.xml manifest.
 */
import { permissionSetPackageXml, xmlEscape } from '../metadata-xml';
import { VISIBILITY_RULES } from './visibility';

export const AUDITOR_PERMSET_NAME = 'Integration_User_Auditor';
export const AUDITOR_PERMSET_LABEL = 'Integration User Auditor (read-only audit)';

const BASE_PERMISSIONS = ['ApiEnabled', 'ViewSetup', 'ViewAllUsers', 'ViewRoles'];

/** The user permissions of the auditor permission set, sorted as Salesforce writes them. */
export function auditorPermissions(): string[] {
  // One permission per rule is enough: the first of each rule's alternatives (Manage Users covers two).
  const needed = new Set(BASE_PERMISSIONS);
  for (const rule of VISIBILITY_RULES) if (!rule.anyOf.some((p) => needed.has(p))) needed.add(rule.anyOf[0]);
  return [...needed].sort();
}

export function permissionSetXml(opts: { label?: string; description?: string } = {}): string {
  const label = opts.label ?? AUDITOR_PERMSET_LABEL;
  const description = opts.description ?? 'Read access the Integration User Auditor needs to see every user, login, token and permission. Assign it only to the auditing user.';
  const perms = auditorPermissions()
    .map((p) => `    <userPermissions>\n        <enabled>true</enabled>\n        <name>${xmlEscape(p)}</name>\n    </userPermissions>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
    `    <description>${xmlEscape(description)}</description>\n` +
    '    <hasActivationRequired>false</hasActivationRequired>\n' +
    `    <label>${xmlEscape(label)}</label>\n` +
    perms +
    '</PermissionSet>\n'
  );
}

export function packageXml(name: string = AUDITOR_PERMSET_NAME): string {
  return permissionSetPackageXml(name);
}

/** A permission set API name: letters, digits and single underscores, starting with a letter (Salesforce's rule). */
export function isValidApiName(name: string): boolean {
  return /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(name) && !name.endsWith('_') && name.length <= 80;
}
