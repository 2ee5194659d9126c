/**
 * Salesforce Metadata API source we write for an admin to deploy (never deployed by us):
 * XML text escaping and the package.xml manifest of a permission set. The auditor permission
 * set (`shared/audit/auditor-permset.ts`) and the least-privilege remediation
 * (`shared/remediation/permission-set.ts`) both use these, so org text is escaped one way.
 */

/** The Metadata API version named in the package.xml files we write. */
export const METADATA_API_VERSION = '62.0';

const XML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot carry at all, not even escaped.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Org text as XML element content: forbidden characters dropped, the five special ones escaped. */
export function xmlEscape(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_SPECIAL[c]);
}

/** package.xml naming one permission set. */
export function permissionSetPackageXml(fullName: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Package xmlns="http://soap.sforce.com/2006/04/metadata">',
    '    <types>',
    `        <members>${xmlEscape(fullName)}</members>`,
    '        <name>PermissionSet</name>',
    '    </types>',
    `    <version>${METADATA_API_VERSION}</version>`,
    '</Package>',
    '',
  ].join('\n');
}
