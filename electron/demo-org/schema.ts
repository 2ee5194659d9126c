/**
 * The org's schema, derived from the dataset: which objects exist, which fields each has and
 * their types, and how lookups relate objects. The describe endpoints and the SOQL evaluator
 * both read it, so a field is queryable exactly when the describe lists it.
 */
import type { SfRecord, SfValue } from '../../shared/model';
import { OBJECT_SPECS } from '../../shared/salesforce-objects';
import { KEY_PREFIX, looksLikeSfId, to15 } from './ids';

export type FieldType =
  | 'id'
  | 'reference'
  | 'boolean'
  | 'string'
  | 'picklist'
  | 'multipicklist'
  | 'int'
  | 'double'
  | 'date'
  | 'datetime'
  | 'textarea'
  | 'email'
  | 'complexvalue'
  /** Blob fields (EventLogFile.LogFile): queries answer the blob's URL, the content is a GET of it. */
  | 'base64';

export interface FieldInfo {
  name: string;
  type: FieldType;
  referenceTo: string[];
  relationshipName: string | null;
  picklistValues: string[];
  /** Served by the Tooling API only (Profile.Metadata, Profile.FullName). */
  toolingOnly?: boolean;
  /** A value computed from the record rather than stored in it (Profile.Metadata). */
  compute?: (record: SfRecord) => unknown;
}

export interface ObjectTable {
  name: string;
  label: string;
  keyPrefix: string | null;
  tooling: boolean;
  records: SfRecord[];
  /** Lower-cased field name → field. */
  fields: Map<string, FieldInfo>;
  /** Lower-cased relationship name → lookup field. */
  relationships: Map<string, FieldInfo>;
  /** Salesforce answers null for this object's Id (OauthToken: "Currently, the value is always null"). */
  nullIds: boolean;
}

export type Dataset = Record<string, SfRecord[]>;

/** Lookup fields whose target cannot be read off the values alone. */
const KNOWN_REFERENCES: Record<string, string[]> = {
  ProfileId: ['Profile'],
  AssigneeId: ['User'],
  PermissionSetId: ['PermissionSet'],
  PermissionSetGroupId: ['PermissionSetGroup'],
  UserLicenseId: ['UserLicense'],
  EntityDefinitionId: ['EntityDefinition'],
  UserId: ['User'],
  CreatedById: ['User'],
  LastModifiedById: ['User'],
  ManagerId: ['User'],
  PermissionSetLicenseId: ['PermissionSetLicense'],
  ParentId: ['PermissionSet'],
  LicenseId: ['UserLicense', 'PermissionSetLicense'],
  SetupEntityId: ['ConnectedApplication'],
  AccountId: ['Account'],
  ContactId: ['Contact'],
};

const PICKLISTS = new Set([
  'Type',
  'UserType',
  'Status',
  'LoginType',
  'LoginSubType',
  'SecurityClassification',
  'SetupEntityType',
  'OrganizationType',
  'ApiType',
  'Platform',
  'Browser',
  'AuthMethodReference',
  'Section',
  'InstanceName',
  'Application',
  'EventType',
  'Interval',
]);
const MULTI_PICKLISTS = new Set(['ComplianceGroup']);
const DATE_ONLY = new Set(['Birthdate']);
const BASE64_FIELDS = new Set(['LogFile']);
const INTEGER_FIELDS = new Set(['TotalLicenses', 'UsedLicenses', 'UseCount', 'RefreshTokenValidityPeriod', 'Sequence', 'LogFileLength']);

/** Objects only the Tooling API serves. */
export const TOOLING_ONLY = new Set(['SecurityHealthCheck', 'SecurityHealthCheckRisks']);
/** Objects both APIs serve. */
const BOTH_APIS = new Set(['EntityDefinition', 'FieldDefinition', 'Profile']);
/**
 * Not sObjects in a real org: dataset files may carry them (the simulator serves them the way
 * Salesforce does, e.g. LoginIpRange inside the Tooling API's Profile.Metadata), but no describe
 * lists them and SOQL answers INVALID_TYPE.
 */
export const NOT_SOBJECTS = new Set(['LoginIpRange']);

export function isPermissionObject(name: string): boolean {
  return name === 'Profile' || name === 'PermissionSet' || name === 'MutingPermissionSet';
}

function inferType(field: string, samples: SfValue[]): FieldType {
  if (field === 'Id') return 'id';
  if (MULTI_PICKLISTS.has(field)) return 'multipicklist';
  if (BASE64_FIELDS.has(field)) return 'base64';
  if (field.startsWith('Permissions') || field.startsWith('Options') || /^Is[A-Z]/.test(field)) return 'boolean';
  if (field.endsWith('Id') && (KNOWN_REFERENCES[field] || samples.some((v) => looksLikeSfId(v)))) return 'reference';
  if (INTEGER_FIELDS.has(field)) return 'int';
  if (DATE_ONLY.has(field)) return 'date';
  const first = samples.find((v) => v !== null && v !== undefined);
  if (typeof first === 'boolean') return 'boolean';
  if (typeof first === 'number') return samples.every((v) => v === null || Number.isInteger(v)) ? 'int' : 'double';
  if (/(Date|Time|Modstamp)$/.test(field)) {
    if (typeof first === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(first)) return 'date';
    return 'datetime';
  }
  if (typeof first === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(first)) return 'datetime';
  if (PICKLISTS.has(field)) return 'picklist';
  if (field === 'Email') return 'email';
  return 'string';
}

/** Salesforce returns datetimes as 2024-05-01T12:00:00.000+0000. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const SF_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

function normaliseValue(type: FieldType, value: SfValue): SfValue {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' && typeof value === 'string') {
    if (SF_DATETIME.test(value)) return value;
    const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? value : formatDateTime(ms);
  }
  return value;
}

export class OrgSchema {
  readonly tables = new Map<string, ObjectTable>();
  /**
   * Id as stored (18-character, or non-Salesforce such as EntityDefinition's) → record and its
   * table, one index per Id prefix (`idPrefix`), each built the first time an Id of that prefix
   * is looked up. A scaled org holds millions of rows (15 M at --scale 1000000) that nothing
   * looks up by Id (login history, permission rows); indexing them all up front cost ~85 bytes
   * a row. The answers are the same: a prefix's index scans every table in the same order, so
   * when two rows share an Id the later one wins, as in one global index.
   */
  private readonly byPrefix = new Map<string, IdIndex>();

  /**
   * `sampleShapes`: generated datasets give every record of an object the same fields, so
   * reading the keys of a sample is enough; files are read in full.
   */
  constructor(dataset: Dataset, options: { sampleShapes?: boolean; nullIdObjects?: ReadonlySet<string> } = {}) {
    const nullIdObjects = options.nullIdObjects ?? NULL_ID_OBJECTS;
    const names = new Set<string>([...OBJECT_SPECS.map((s) => s.name), ...Object.keys(dataset)]);
    const permissionFields = new Set<string>();
    for (const obj of ['Profile', 'PermissionSet', 'MutingPermissionSet']) {
      for (const r of dataset[obj] ?? []) for (const k of Object.keys(r)) if (k.startsWith('Permissions')) permissionFields.add(k);
    }
    for (const name of names) {
      const records = dataset[name] ?? [];
      const fieldNames = new Set<string>(['Id']);
      for (const f of OBJECT_SPECS.find((s) => s.name === name)?.fields ?? []) fieldNames.add(f);
      const step = options.sampleShapes && records.length > 4000 ? Math.floor(records.length / 2000) : 1;
      for (let i = 0; i < records.length; i += step) for (const k of Object.keys(records[i])) fieldNames.add(k);
      if (isPermissionObject(name)) for (const p of permissionFields) fieldNames.add(p);
      const table: ObjectTable = {
        name,
        label: name
          .replace(/__c$/, '')
          .replace(/_/g, ' ')
          .replace(/([a-z])([A-Z])/g, '$1 $2'),
        keyPrefix: KEY_PREFIX[name] ?? null,
        tooling: TOOLING_ONLY.has(name) || BOTH_APIS.has(name),
        records,
        fields: new Map(),
        relationships: new Map(),
        nullIds: nullIdObjects.has(name),
      };
      for (const f of fieldNames) {
        const samples: SfValue[] = [];
        for (let i = 0; i < records.length && i < 5000 && samples.length < 50; i++) {
          const v = records[i][f];
          if (v !== null && v !== undefined) samples.push(v);
        }
        const type = inferType(f, samples);
        const info: FieldInfo = { name: f, type, referenceTo: [], relationshipName: null, picklistValues: [] };
        if (type === 'picklist' || type === 'multipicklist') {
          const values = new Set<string>();
          for (let i = 0; i < records.length && i < 5000; i++) {
            const v = records[i][f];
            if (typeof v === 'string') for (const part of type === 'multipicklist' ? v.split(';') : [v]) values.add(part);
            if (values.size > 200) break;
          }
          info.picklistValues = [...values].sort();
        }
        table.fields.set(f.toLowerCase(), info);
      }
      this.tables.set(name.toLowerCase(), table);
    }
    // Normalise values once every table exists. Generated datasets already use Salesforce's datetime format; files may not.
    if (!options.sampleShapes) {
      for (const table of this.tables.values()) {
        const typed = [...table.fields.values()].filter((f) => f.type === 'datetime');
        if (typed.length === 0) continue;
        for (const r of table.records) for (const f of typed) if (r[f.name] !== undefined) r[f.name] = normaliseValue('datetime', r[f.name]);
      }
    }
    for (const table of this.tables.values()) {
      for (const f of table.fields.values()) {
        if (f.type !== 'reference') continue;
        const targets = new Set<string>(KNOWN_REFERENCES[f.name] ?? []);
        for (let i = 0; i < table.records.length && i < 500; i++) {
          const v = table.records[i][f.name];
          if (typeof v === 'string') {
            const hit = this.lookup(v);
            if (hit) targets.add(hit.table.name);
          }
        }
        f.referenceTo = [...targets].filter((t) => this.tables.has(t.toLowerCase()));
        f.relationshipName = f.name.slice(0, -2);
        table.relationships.set(f.relationshipName.toLowerCase(), f);
      }
    }
    addProfileMetadata(this);
  }

  table(name: string): ObjectTable | undefined {
    return this.tables.get(name.toLowerCase());
  }

  lookup(id: SfValue): { table: ObjectTable; record: SfRecord } | undefined {
    if (typeof id !== 'string') return undefined;
    const index = this.indexOf(idPrefix(id));
    const hit = index.byId.get(id);
    if (hit || id.length !== 15) return hit;
    // 15-character Ids are rare in practice; index them only when someone uses one.
    if (!index.byId15) {
      index.byId15 = new Map();
      for (const [k, v] of index.byId) if (k.length === 18 && looksLikeSfId(k)) index.byId15.set(k.slice(0, 15), v);
    }
    return index.byId15.get(id);
  }

  private indexOf(prefix: string): IdIndex {
    let index = this.byPrefix.get(prefix);
    if (index) return index;
    index = { byId: new Map(), byId15: null };
    this.prefixesByTable ??= prefixesOf(this.tables.values());
    for (const table of this.tables.values()) {
      if (!this.prefixesByTable.get(table)?.has(prefix)) continue;
      for (const record of table.records) {
        const id = record.Id as unknown;
        if (typeof id === 'string' && hasPrefix(id, prefix)) index.byId.set(id, { table, record });
      }
    }
    this.byPrefix.set(prefix, index);
    return index;
  }

  /** The Id prefixes each table holds, so a lookup scans only those tables (and none for a value that is no Id). */
  private prefixesByTable: Map<ObjectTable, ReadonlySet<string>> | null = null;
}

function prefixesOf(tables: Iterable<ObjectTable>): Map<ObjectTable, ReadonlySet<string>> {
  const out = new Map<ObjectTable, ReadonlySet<string>>();
  for (const table of tables) {
    const prefixes = new Set<string>();
    // Most tables hold one prefix: compare with the last one seen before slicing a new one.
    let last: string | null = null;
    for (const record of table.records) {
      const id = record.Id as unknown;
      if (typeof id !== 'string' || (last !== null && hasPrefix(id, last))) continue;
      last = idPrefix(id);
      prefixes.add(last);
    }
    out.set(table, prefixes);
  }
  return out;
}

function hasPrefix(id: string, prefix: string): boolean {
  return prefix.length === 3 ? id.length >= 3 && id.startsWith(prefix) : id === prefix;
}

interface IdIndex {
  byId: Map<string, { table: ObjectTable; record: SfRecord }>;
  byId15: Map<string, { table: ObjectTable; record: SfRecord }> | null;
}

/** The key prefix of a Salesforce Id (its first three characters); an Id's 15- and 18-character forms share it. */
function idPrefix(id: string): string {
  return id.length <= 3 ? id : id.slice(0, 3);
}

export function idKey(id: string): string {
  return looksLikeSfId(id) ? to15(id) : id;
}

/** Objects whose Id Salesforce returns as null by default. */
export const NULL_ID_OBJECTS: ReadonlySet<string> = new Set(['OauthToken']);

/**
 * Metadata API names of standard profiles differ from Profile.Name (System Administrator is
 * `Admin`): salesforce.stackexchange.com/questions/113370.
 */
const STANDARD_PROFILE_FULL_NAMES: Record<string, string> = {
  'System Administrator': 'Admin',
  'Standard User': 'Standard',
  'Standard Platform User': 'StandardAul',
  'Read Only': 'ReadOnly',
  'Minimum Access - Salesforce': 'MinimumAccess',
};

/**
 * Tooling API Profile.FullName and Profile.Metadata (ProfileLoginIpRange lives in
 * `Metadata.loginIpRanges`, tooling_api_objects_profile.htm): built from the dataset's
 * LoginIpRange records, which are not an sObject of their own.
 */
function addProfileMetadata(schema: OrgSchema): void {
  const profiles = schema.table('Profile');
  if (!profiles) return;
  const ranges = new Map<string, SfRecord[]>();
  for (const r of schema.table('LoginIpRange')?.records ?? []) {
    if (typeof r.ProfileId !== 'string') continue;
    const key = to15(r.ProfileId);
    const list = ranges.get(key) ?? [];
    list.push(r);
    ranges.set(key, list);
  }
  const fullName = (r: SfRecord) => STANDARD_PROFILE_FULL_NAMES[String(r.Name)] ?? String(r.Name ?? '');
  const base = { referenceTo: [], relationshipName: null, picklistValues: [], toolingOnly: true };
  profiles.fields.set('fullname', { ...base, name: 'FullName', type: 'string', compute: fullName });
  profiles.fields.set('metadata', {
    ...base,
    name: 'Metadata',
    type: 'complexvalue',
    compute: (r) => ({
      fullName: fullName(r),
      custom: !STANDARD_PROFILE_FULL_NAMES[String(r.Name)],
      description: null,
      loginHours: null,
      loginIpRanges: (ranges.get(to15(r.Id)) ?? []).map((x) => ({
        description: typeof x.Description === 'string' ? x.Description : null,
        endAddress: x.EndAddress ?? null,
        startAddress: x.StartAddress ?? null,
      })),
      userLicense: null,
    }),
  });
}
