/**
 * Lookup maps over a snapshot's records, so every later question (a user's assignments, a
 * permission set's object rows…) is a map hit instead of a scan. One index per evaluation, each
 * map built on first use: a 20,000-user org has hundreds of thousands of permission rows.
 */
import type { CoverageGap, SfRecord, SnapshotData } from '../model';
import { cmp } from './util';

export interface SnapshotIndex {
  snapshot: SnapshotData;
  users: SfRecord[];
  userById: Map<string, SfRecord>;
  /** Lower-cased username → user. */
  userByUsername: Map<string, SfRecord>;
  profileById: Map<string, SfRecord>;
  licenseById: Map<string, SfRecord>;
  permSetById: Map<string, SfRecord>;
  /** ProfileId → the profile's own permission set (IsOwnedByProfile). */
  profilePermSet: Map<string, SfRecord>;
  /** PermissionSetGroupId → its aggregate permission set (Type = 'Group'). */
  groupPermSet: Map<string, SfRecord>;
  groupById: Map<string, SfRecord>;
  mutingById: Map<string, SfRecord>;
  assignmentsByUser: Map<string, SfRecord[]>;
  componentsByGroup: Map<string, SfRecord[]>;
  objectPermsByParent: Map<string, SfRecord[]>;
  fieldPermsByParent: Map<string, SfRecord[]>;
  setupAccessByParent: Map<string, SfRecord[]>;
  /** LoginHistory rows per user in snapshot order; `loginsOf` gives them newest first. */
  loginRowsByUser: Map<string, SfRecord[]>;
  tokensByUser: Map<string, SfRecord[]>;
  userLoginByUser: Map<string, SfRecord>;
  ipRangesByProfile: Map<string, SfRecord[]>;
  /** Lower-cased connected app name → app. */
  connectedAppByName: Map<string, SfRecord>;
  auditTrail: SfRecord[];
  /** 'Object.Field' → FieldDefinition. */
  fieldDefs: Map<string, SfRecord>;
  /** Every object the snapshot knows about: the domain of "on every object". */
  allObjects: string[];
  knownObjects: Set<string>;
  knownFields: Set<string>;
  /** `Permissions*` field names (without the prefix) present on PermissionSet or Profile rows. */
  permissionFields: Set<string>;
  /** Object → why it cannot be trusted: a recorded gap, or never collected. */
  gaps: Map<string, CoverageGap>;
}

function groupBy(rows: readonly SfRecord[], field: string): Map<string, SfRecord[]> {
  const out = new Map<string, SfRecord[]>();
  for (const r of rows) {
    const k = r[field];
    if (typeof k !== 'string' || !k) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function byField(rows: readonly SfRecord[], field: string, lower = false): Map<string, SfRecord> {
  const out = new Map<string, SfRecord>();
  for (const r of rows) {
    const k = r[field];
    if (typeof k === 'string' && k) out.set(lower ? k.toLowerCase() : k, r);
  }
  return out;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function byParentKey(rows: readonly SfRecord[], field: string, keep: (r: SfRecord) => boolean): Map<string, SfRecord> {
  const out = new Map<string, SfRecord>();
  for (const r of rows) if (keep(r) && typeof r[field] === 'string' && r[field]) out.set(r[field] as string, r);
  return out;
}

function permissionFieldsOf(records: SnapshotData['records']): Set<string> {
  const out = new Set<string>();
  for (const name of ['PermissionSet', 'Profile', 'MutingPermissionSet']) {
    for (const r of records[name] ?? []) for (const k in r) if (k.startsWith('Permissions')) out.add(k.slice(11));
  }
  return out;
}

interface Catalog {
  knownObjects: Set<string>;
  fieldDefs: Map<string, SfRecord>;
}

/** Objects (EntityDefinition, ObjectPermissions, FieldDefinition) and the FieldDefinitions by 'Object.Field'. */
function catalogOf(records: SnapshotData['records']): Catalog {
  const entityByDurable = new Map<string, string>();
  const knownObjects = new Set<string>();
  for (const e of records.EntityDefinition ?? []) {
    const name = str(e.QualifiedApiName);
    if (!name) continue;
    knownObjects.add(name);
    const durable = str(e.DurableId);
    if (durable) entityByDurable.set(durable, name);
  }
  for (const op of records.ObjectPermissions ?? []) if (str(op.SobjectType)) knownObjects.add(op.SobjectType as string);
  const fieldDefs = new Map<string, SfRecord>();
  for (const fd of records.FieldDefinition ?? []) {
    const entity = str(fd.EntityDefinitionId);
    const field = str(fd.QualifiedApiName);
    const objectName = entity ? (entityByDurable.get(entity) ?? entity) : null;
    let key: string | null = objectName && field ? `${objectName}.${field}` : null;
    // Custom fields' DurableId holds an Id after the dot; only trust it when it reads like a name.
    const durable = str(fd.DurableId);
    if (!key && durable && /^[A-Za-z]\w*\.[A-Za-z]\w*$/.test(durable)) key = durable;
    if (!key) continue;
    fieldDefs.set(key, fd);
    knownObjects.add(key.slice(0, key.indexOf('.')));
  }
  return { knownObjects, fieldDefs };
}

/**
 * Each map is built on first use: an evaluation needs most of them, but not all (the field list
 * feeds only scope warnings), and an 80,000-row grouping nobody reads is pure cost. One private
 * field per map rather than a table of memos: these getters sit on the engine's hottest paths.
 */
class LazyIndex implements SnapshotIndex {
  private _userById?: Map<string, SfRecord>;
  private _userByUsername?: Map<string, SfRecord>;
  private _profileById?: Map<string, SfRecord>;
  private _licenseById?: Map<string, SfRecord>;
  private _permSetById?: Map<string, SfRecord>;
  private _profilePermSet?: Map<string, SfRecord>;
  private _groupPermSet?: Map<string, SfRecord>;
  private _groupById?: Map<string, SfRecord>;
  private _mutingById?: Map<string, SfRecord>;
  private _assignmentsByUser?: Map<string, SfRecord[]>;
  private _componentsByGroup?: Map<string, SfRecord[]>;
  private _objectPermsByParent?: Map<string, SfRecord[]>;
  private _fieldPermsByParent?: Map<string, SfRecord[]>;
  private _setupAccessByParent?: Map<string, SfRecord[]>;
  private _loginRowsByUser?: Map<string, SfRecord[]>;
  private _tokensByUser?: Map<string, SfRecord[]>;
  private _userLoginByUser?: Map<string, SfRecord>;
  private _ipRangesByProfile?: Map<string, SfRecord[]>;
  private _connectedAppByName?: Map<string, SfRecord>;
  private _catalog?: Catalog;
  private _allObjects?: string[];
  private _knownFields?: Set<string>;
  private _permissionFields?: Set<string>;
  private _gaps?: Map<string, CoverageGap>;
  readonly users: SfRecord[];
  readonly auditTrail: SfRecord[];

  constructor(readonly snapshot: SnapshotData) {
    this.users = this.rec('User');
    this.auditTrail = this.rec('SetupAuditTrail');
  }

  private rec(name: string): SfRecord[] {
    return this.snapshot.records[name] ?? [];
  }

  get userById() {
    return (this._userById ??= byField(this.users, 'Id'));
  }
  get userByUsername() {
    return (this._userByUsername ??= byField(this.users, 'Username', true));
  }
  get profileById() {
    return (this._profileById ??= byField(this.rec('Profile'), 'Id'));
  }
  get licenseById() {
    return (this._licenseById ??= byField(this.rec('UserLicense'), 'Id'));
  }
  get permSetById() {
    return (this._permSetById ??= byField(this.rec('PermissionSet'), 'Id'));
  }
  get profilePermSet() {
    return (this._profilePermSet ??= byParentKey(this.rec('PermissionSet'), 'ProfileId', (ps) => ps.IsOwnedByProfile === true));
  }
  get groupPermSet() {
    return (this._groupPermSet ??= byParentKey(this.rec('PermissionSet'), 'PermissionSetGroupId', () => true));
  }
  get groupById() {
    return (this._groupById ??= byField(this.rec('PermissionSetGroup'), 'Id'));
  }
  get mutingById() {
    return (this._mutingById ??= byField(this.rec('MutingPermissionSet'), 'Id'));
  }
  get assignmentsByUser() {
    return (this._assignmentsByUser ??= groupBy(this.rec('PermissionSetAssignment'), 'AssigneeId'));
  }
  get componentsByGroup() {
    return (this._componentsByGroup ??= groupBy(this.rec('PermissionSetGroupComponent'), 'PermissionSetGroupId'));
  }
  get objectPermsByParent() {
    return (this._objectPermsByParent ??= groupBy(this.rec('ObjectPermissions'), 'ParentId'));
  }
  get fieldPermsByParent() {
    return (this._fieldPermsByParent ??= groupBy(this.rec('FieldPermissions'), 'ParentId'));
  }
  get setupAccessByParent() {
    return (this._setupAccessByParent ??= groupBy(this.rec('SetupEntityAccess'), 'ParentId'));
  }
  get loginRowsByUser() {
    return (this._loginRowsByUser ??= groupBy(this.rec('LoginHistory'), 'UserId'));
  }
  get tokensByUser() {
    return (this._tokensByUser ??= groupBy(this.rec('OauthToken'), 'UserId'));
  }
  get userLoginByUser() {
    return (this._userLoginByUser ??= byField(this.rec('UserLogin'), 'UserId'));
  }
  get ipRangesByProfile() {
    return (this._ipRangesByProfile ??= groupBy(this.rec('LoginIpRange'), 'ProfileId'));
  }
  get connectedAppByName() {
    return (this._connectedAppByName ??= byField(this.rec('ConnectedApplication'), 'Name', true));
  }
  get fieldDefs() {
    return (this._catalog ??= catalogOf(this.snapshot.records)).fieldDefs;
  }
  get knownObjects() {
    return (this._catalog ??= catalogOf(this.snapshot.records)).knownObjects;
  }
  get allObjects() {
    return (this._allObjects ??= [...this.knownObjects].sort(cmp));
  }
  get knownFields() {
    if (!this._knownFields) {
      this._knownFields = new Set(this.fieldDefs.keys());
      for (const fp of this.rec('FieldPermissions')) if (str(fp.Field)) this._knownFields.add(fp.Field as string);
    }
    return this._knownFields;
  }
  get permissionFields() {
    return (this._permissionFields ??= permissionFieldsOf(this.snapshot.records));
  }
  get gaps() {
    return (this._gaps ??= new Map((this.snapshot.meta.gaps ?? []).map((g) => [g.object, g])));
  }
}

export function buildIndex(snapshot: SnapshotData): SnapshotIndex {
  return new LazyIndex(snapshot);
}

const sortedLogins = new WeakSet<SfRecord[]>();

/**
 * A user's logins, newest first (ties by Id). Sorted on first use: sorting all 20,000 users'
 * lists up front cost more than the rest of the index, and only integration users need order.
 */
export function loginsOf(index: SnapshotIndex, userId: string): readonly SfRecord[] {
  const list = index.loginRowsByUser.get(userId);
  if (!list) return [];
  if (!sortedLogins.has(list)) {
    list.sort((a, b) => cmp(String(b.LoginTime ?? ''), String(a.LoginTime ?? '')) || cmp(a.Id, b.Id));
    sortedLogins.add(list);
  }
  return list;
}

/** The gap that makes `object` untrustworthy, if any: recorded by the collector, or not collected at all. */
export function gapFor(index: SnapshotIndex, object: string): CoverageGap | null {
  const g = index.gaps.get(object);
  if (g) return g;
  if (!Object.prototype.hasOwnProperty.call(index.snapshot.records, object)) {
    return { object, errorCode: 'NOT_COLLECTED', message: `${object} is not in the snapshot` };
  }
  return null;
}
