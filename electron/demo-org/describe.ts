/** Describe global and per-object describe, shaped like Salesforce's REST responses. */
import { NOT_SOBJECTS, type FieldInfo, type ObjectTable, type OrgSchema } from './schema';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

function label(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ Id$/, ' ID');
}

function describeField(f: FieldInfo): Record<string, unknown> {
  const textual = !SOAP_TYPES[f.type];
  return {
    name: f.name,
    label: label(f.name),
    type: f.type,
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    length: f.type === 'id' || f.type === 'reference' ? 18 : textual ? (f.type === 'multipicklist' ? 4099 : 255) : 0,
    byteLength: textual ? 765 : 0,
    nillable: f.name !== 'Id' && f.type !== 'boolean',
    custom: f.name.endsWith('__c'),
    calculated: false,
    createable: false,
    updateable: false,
    filterable: true,
    sortable: f.type !== 'multipicklist',
    groupable: f.type !== 'multipicklist' && f.type !== 'double',
    idLookup: f.name === 'Id',
    unique: false,
    externalId: false,
    defaultValue: null,
    defaultedOnCreate: f.type === 'boolean',
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    polymorphicForeignKey: f.referenceTo.length > 1,
    picklistValues: f.picklistValues.map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v })),
  };
}

function urls(version: string, t: ObjectTable, tooling: boolean) {
  const base = `/services/data/v${version}/${tooling ? 'tooling/' : ''}sobjects/${t.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function summary(version: string, t: ObjectTable, tooling: boolean) {
  return {
    name: t.name,
    label: t.label,
    labelPlural: t.label.endsWith('s') ? t.label : `${t.label}s`,
    keyPrefix: t.keyPrefix,
    custom: t.name.endsWith('__c'),
    queryable: true,
    retrieveable: true,
    searchable: false,
    createable: false,
    updateable: false,
    deletable: false,
    layoutable: false,
    urls: urls(version, t, tooling),
  };
}

export function describeGlobal(schema: OrgSchema, version: string, tooling: boolean) {
  const tables = [...schema.tables.values()].filter((t) => isVisible(t, tooling));
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: tables.sort((a, b) => a.name.localeCompare(b.name)).map((t) => summary(version, t, tooling)),
  };
}

function isToolingOnly(t: ObjectTable): boolean {
  return t.name === 'SecurityHealthCheck' || t.name === 'SecurityHealthCheckRisks';
}

export function describeObject(t: ObjectTable, version: string, tooling: boolean) {
  return {
    ...summary(version, t, tooling),
    fields: [...t.fields.values()].filter((f) => tooling || !f.toolingOnly).map(describeField),
    childRelationships: [],
    recordTypeInfos: [],
    supportedScopes: [{ label: 'All', name: 'everything' }],
  };
}

export function isVisible(t: ObjectTable, tooling: boolean): boolean {
  if (NOT_SOBJECTS.has(t.name)) return false;
  return tooling ? t.tooling : !isToolingOnly(t);
}
