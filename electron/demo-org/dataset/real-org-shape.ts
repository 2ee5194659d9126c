/**
 * The shape of a large production org, added on top of a dataset (GreenPath by default):
 * thousands of custom objects from managed packages (EntityDefinition past 2,000 rows, custom
 * objects keyed by `01I…` durable Ids), ~650 `Permissions*` fields on every profile, permission
 * set and muting permission set (one REST GET selecting them all is over 16 KB), and sensitive
 * fields on custom objects that an integration can read. Deterministic: the same options give
 * the same org. See docs/salesforce-fidelity.md.
 */
import type { SfRecord } from '../../../shared/model';
import type { Dataset } from '../schema';
import { DatasetBuilder, entityDurableId } from './builder';

export interface RealOrgShapeOptions {
  /** Custom objects to add (default 2,100: past EntityDefinition's single 2,000-row batch). */
  customObjects?: number;
  /** Total distinct `Permissions*` fields each permission record carries (default 650). */
  permissionFields?: number;
  /** Permission set that gets read access to sensitive custom-object fields (default the GreenPath EHR integration's). */
  sensitiveGrantTo?: string;
}

export const REAL_ORG_DEFAULTS = { customObjects: 2100, permissionFields: 650, sensitiveGrantTo: 'EHR_Patient_Sync' } as const;

/** Every this-many custom objects has a HIPAA field; the integration may read the first three. */
const SENSITIVE_EVERY = 100;

const PERMISSION_OBJECTS = ['Profile', 'PermissionSet', 'MutingPermissionSet'] as const;

export function customObjectName(i: number): string {
  return `Managed_Object_${String(i).padStart(4, '0')}__c`;
}

/** Sensitive custom-object fields the shape adds, in the order they are granted. */
export function sensitiveCustomFields(customObjects: number): string[] {
  const out: string[] = [];
  for (let i = SENSITIVE_EVERY; i <= customObjects; i += SENSITIVE_EVERY) out.push(`${customObjectName(i)}.Patient_Identifier__c`);
  return out;
}

export function addRealOrgShape(data: Dataset, options: RealOrgShapeOptions = {}): Dataset {
  const customObjects = options.customObjects ?? REAL_ORG_DEFAULTS.customObjects;
  const permissionFieldCount = options.permissionFields ?? REAL_ORG_DEFAULTS.permissionFields;
  const b = new DatasetBuilder('Ro');

  // Permission fields: every record of the three permission objects carries the same set.
  const present = new Set<string>();
  for (const o of PERMISSION_OBJECTS) for (const r of data[o] ?? []) for (const k of Object.keys(r)) if (k.startsWith('Permissions')) present.add(k);
  const extra: string[] = [];
  for (let i = 1; present.size + extra.length < permissionFieldCount; i++) {
    const name = `PermissionsManageFeatureSetting${String(i).padStart(4, '0')}`;
    if (!present.has(name)) extra.push(name);
  }
  for (const o of PERMISSION_OBJECTS) for (const r of data[o] ?? []) for (const name of extra) r[name] = false;

  // Custom objects and their fields.
  const sensitive = new Set(sensitiveCustomFields(customObjects));
  for (let i = 1; i <= customObjects; i++) {
    const name = customObjectName(i);
    const durableId = entityDurableId(b, name);
    b.add('EntityDefinition', { DurableId: durableId, QualifiedApiName: name, Label: `Managed Object ${i}`, IsCustomizable: true, KeyPrefix: null }, durableId);
    const fields: [string, string | null, string | null][] = [['Reference__c', null, 'Internal']];
    if (sensitive.has(`${name}.Patient_Identifier__c`)) fields.push(['Patient_Identifier__c', 'HIPAA;PII', 'Restricted']);
    for (const [field, compliance, classification] of fields) {
      const fieldDurable = `${durableId}.${b.ids.next('00N').slice(0, 15)}`;
      b.add(
        'FieldDefinition',
        {
          DurableId: fieldDurable,
          EntityDefinitionId: durableId,
          QualifiedApiName: field,
          Label: field.replace(/__c$/, '').replace(/_/g, ' '),
          DataType: 'Text(40)',
          ComplianceGroup: compliance,
          SecurityClassification: classification,
        },
        fieldDurable,
      );
    }
  }

  // The integration reads the first three sensitive custom-object fields (IU-07 must see them).
  const grantee = (data.PermissionSet ?? []).find((p) => p.Name === (options.sensitiveGrantTo ?? REAL_ORG_DEFAULTS.sensitiveGrantTo));
  if (grantee) {
    const granted = [...sensitive].slice(0, 3);
    b.objectPermissions(grantee.Id, Object.fromEntries(granted.map((f) => [f.split('.')[0], 'R'])));
    b.fieldPermissions(grantee.Id, Object.fromEntries(granted.map((f) => [f, 'R' as const])));
  }

  for (const [object, rows] of Object.entries(b.data)) {
    const target = (data[object] ??= []);
    for (const r of rows as SfRecord[]) target.push(r);
  }
  return data;
}
