/**
 * Lookup maps over a snapshot's records, so every later question (a user's assignments, a
 * permission set's object rows…) is a map hit instead of a scan. One index per evaluation, each
 * map built on first use: a 20,000-user org has hundreds of thousands of permission rows.
 *
 * The per-user and per-holder objects (assignments, logins, object/field/setup permissions) are
 * the bulk of a large org (700,000 assignments and as many field permissions at 180,000 users)
 * while an evaluation reads the rows of its few thousand integration users: with a store behind
 * the snapshot (`SnapshotData.lookup`) they are read by key, in batches the engine asks for
 * (`prefetch`), instead of being loaded whole.
 */
import type { CoverageGap, LookupCall, ParentsByValue, PlainValues, SfRecord, SnapshotData } from '../model';
import { objectSpec } from '../salesforce-objects';
import { cmp } from './util';

/** Rows of one object by their parent key (a user's assignments, a permission set's field rows). */
export interface RowsByKey {
  /** The rows in snapshot order, or undefined when there are none. */
  get(key: string): SfRecord[] | undefined;
  /** Reads the rows of these keys in one pass, so the `get`s that follow are map hits. */
  prefetch(keys: Iterable<string>): void;
}

/** The last row per key, as a Map of the whole object would keep it. */
export interface RowByKey {
  get(key: string): SfRecord | undefined;
  prefetch(keys: Iterable<string>): void;
}

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
  assignmentsByUser: RowsByKey;
  componentsByGroup: Map<string, SfRecord[]>;
  objectPermsByParent: RowsByKey;
  fieldPermsByParent: RowsByKey;
  setupAccessByParent: RowsByKey;
  /** LoginHistory rows per user in snapshot order; `loginsOf` gives them newest first. */
  loginRowsByUser: RowsByKey;
  tokensByUser: Map<string, SfRecord[]>;
  userLoginByUser: RowByKey;
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
  /**
   * At least the rows of `object` where one of the top-level fields named in `anyOf` holds one
   * of its values, in snapshot order (the store may return more: callers test what comes back).
   * With `fields`, rows may hold only those fields and their Id (RecordLookup.where).
   */
  rowsWhere(object: string, anyOf: Readonly<Record<string, readonly string[]>>, fields?: readonly string[]): SfRecord[];
  /** RecordLookup.parentsByValue: from the store when it can answer, else from the rows. */
  parentsByValue(object: string, field: string, lists: readonly (readonly string[])[], plain: PlainValues): ParentsByValue;
  /** Announces calls the store will be asked (RecordLookup.readAhead) on objects not in memory; a hint, nothing more. */
  readAhead(calls: readonly LookupCall[]): void;
}

/** The objects the engine knows of include every object named in ObjectPermissions rows (catalogOf). */
export const OBJECTS_IN_PERMISSIONS = { method: 'distinct', object: 'ObjectPermissions', field: 'SobjectType' } as const satisfies LookupCall;

const NO_ROWS: SfRecord[] = [];

/**
 * After this many keys asked one at a time (each a pass over the object in the store), the
 * object is loaded whole: a caller walking many keys without `prefetch` stays correct and
 * pays one load rather than a pass per key.
 */
const SINGLE_READS_BEFORE_LOADING_WHOLE = 8;

/** `groupBy(records[object], field)`, read by key through the snapshot's lookup when it has one. */
class KeyedRows implements RowsByKey {
  private whole: Map<string, SfRecord[]> | undefined;
  private readonly read = new Map<string, SfRecord[]>();
  private singleReads = 0;
  constructor(
    private readonly snapshot: SnapshotData,
    private readonly object: string,
    private readonly field: string,
  ) {}

  /** Without a lookup, or once the object is in memory anyway, grouping it whole is the cheap way. */
  private wholeIfLoaded(): Map<string, SfRecord[]> | undefined {
    if (this.whole) return this.whole;
    const d = Object.getOwnPropertyDescriptor(this.snapshot.records, this.object);
    if (!this.snapshot.lookup || !d || d.get === undefined) this.loadWhole();
    return this.whole;
  }

  private loadWhole(): void {
    this.whole = groupBy(this.snapshot.records[this.object] ?? NO_ROWS, this.field);
    this.read.clear();
  }

  get(key: string): SfRecord[] | undefined {
    const whole = this.wholeIfLoaded();
    if (whole) return whole.get(key);
    let rows = this.read.get(key);
    if (rows === undefined) {
      if (++this.singleReads > SINGLE_READS_BEFORE_LOADING_WHOLE) {
        this.loadWhole();
        return this.whole!.get(key);
      }
      this.fetch([key]);
      rows = this.read.get(key)!;
    }
    return rows.length ? rows : undefined;
  }

  prefetch(keys: Iterable<string>): void {
    if (this.wholeIfLoaded()) return;
    const wanted: string[] = [];
    for (const k of keys) if (typeof k === 'string' && k && !this.read.has(k)) wanted.push(k);
    if (wanted.length) this.fetch([...new Set(wanted)]);
  }

  private fetch(keys: string[]): void {
    for (const k of keys) this.read.set(k, []);
    // The store keys rows by OBJECT_SPECS parentField; the test below keeps what groupBy would.
    for (const r of this.snapshot.lookup!.byParent(this.object, keys)) {
      const k = r[this.field];
      if (typeof k === 'string' && k) this.read.get(k)?.push(r);
    }
  }
}

class LastRowByKey implements RowByKey {
  constructor(private readonly rows: KeyedRows) {}
  get(key: string): SfRecord | undefined {
    const list = this.rows.get(key);
    return list?.[list.length - 1];
  }
  prefetch(keys: Iterable<string>): void {
    this.rows.prefetch(keys);
  }
}

/** Rows of `object` by its parent field (OBJECT_SPECS parentField: what the store keys them by). */
function keyedRows(snapshot: SnapshotData, object: string): KeyedRows {
  const field = objectSpec(object)?.parentField;
  if (!field) throw new Error(`${object} has no parent field to read its rows by`);
  return new KeyedRows(snapshot, object, field);
}

/** The distinct non-empty string values of a field: from the store when it can answer. */
function distinctValues(snapshot: SnapshotData, object: string, field: string): Iterable<string> {
  if (snapshot.lookup) return snapshot.lookup.distinct(object, field).filter((v) => typeof v === 'string' && v !== '');
  const out = new Set<string>();
  for (const r of snapshot.records[object] ?? NO_ROWS) if (str(r[field])) out.add(r[field] as string);
  return out;
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
function catalogOf(snapshot: SnapshotData): Catalog {
  const records = snapshot.records;
  const entityByDurable = new Map<string, string>();
  const knownObjects = new Set<string>();
  for (const e of records.EntityDefinition ?? []) {
    const name = str(e.QualifiedApiName);
    if (!name) continue;
    knownObjects.add(name);
    const durable = str(e.DurableId);
    if (durable) entityByDurable.set(durable, name);
  }
  for (const name of distinctValues(snapshot, OBJECTS_IN_PERMISSIONS.object, OBJECTS_IN_PERMISSIONS.field)) knownObjects.add(name);
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
  private _assignmentsByUser?: KeyedRows;
  private _componentsByGroup?: Map<string, SfRecord[]>;
  private _objectPermsByParent?: KeyedRows;
  private _fieldPermsByParent?: KeyedRows;
  private _setupAccessByParent?: KeyedRows;
  private _loginRowsByUser?: KeyedRows;
  private _tokensByUser?: Map<string, SfRecord[]>;
  private _userLoginByUser?: LastRowByKey;
  private _ipRangesByProfile?: Map<string, SfRecord[]>;
  private _connectedAppByName?: Map<string, SfRecord>;
  private _catalog?: Catalog;
  private _allObjects?: string[];
  private _knownFields?: Set<string>;
  private _permissionFields?: Set<string>;
  private _gaps?: Map<string, CoverageGap>;
  private _users?: SfRecord[];
  private _auditTrail?: SfRecord[];

  constructor(readonly snapshot: SnapshotData) {}

  // Read when first asked, like every other object: the scans read ahead start before the
  // 180,000 User rows of a large org are parsed.
  get users() {
    return (this._users ??= this.rec('User'));
  }
  get auditTrail() {
    return (this._auditTrail ??= this.rec('SetupAuditTrail'));
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
    return (this._assignmentsByUser ??= keyedRows(this.snapshot, 'PermissionSetAssignment'));
  }
  get componentsByGroup() {
    return (this._componentsByGroup ??= groupBy(this.rec('PermissionSetGroupComponent'), 'PermissionSetGroupId'));
  }
  get objectPermsByParent() {
    return (this._objectPermsByParent ??= keyedRows(this.snapshot, 'ObjectPermissions'));
  }
  get fieldPermsByParent() {
    return (this._fieldPermsByParent ??= keyedRows(this.snapshot, 'FieldPermissions'));
  }
  get setupAccessByParent() {
    return (this._setupAccessByParent ??= keyedRows(this.snapshot, 'SetupEntityAccess'));
  }
  get loginRowsByUser() {
    return (this._loginRowsByUser ??= keyedRows(this.snapshot, 'LoginHistory'));
  }
  get tokensByUser() {
    return (this._tokensByUser ??= groupBy(this.rec('OauthToken'), 'UserId'));
  }
  get userLoginByUser() {
    return (this._userLoginByUser ??= new LastRowByKey(keyedRows(this.snapshot, 'UserLogin')));
  }
  get ipRangesByProfile() {
    return (this._ipRangesByProfile ??= groupBy(this.rec('LoginIpRange'), 'ProfileId'));
  }
  get connectedAppByName() {
    return (this._connectedAppByName ??= byField(this.rec('ConnectedApplication'), 'Name', true));
  }
  get fieldDefs() {
    return (this._catalog ??= catalogOf(this.snapshot)).fieldDefs;
  }
  get knownObjects() {
    return (this._catalog ??= catalogOf(this.snapshot)).knownObjects;
  }
  get allObjects() {
    return (this._allObjects ??= [...this.knownObjects].sort(cmp));
  }
  get knownFields() {
    if (!this._knownFields) {
      this._knownFields = new Set(this.fieldDefs.keys());
      for (const field of distinctValues(this.snapshot, 'FieldPermissions', 'Field')) this._knownFields.add(field);
    }
    return this._knownFields;
  }
  get permissionFields() {
    return (this._permissionFields ??= permissionFieldsOf(this.snapshot.records));
  }
  get gaps() {
    return (this._gaps ??= new Map((this.snapshot.meta.gaps ?? []).map((g) => [g.object, g])));
  }
  rowsWhere(object: string, anyOf: Readonly<Record<string, readonly string[]>>, fields?: readonly string[]): SfRecord[] {
    const conditions = Object.entries(anyOf).filter(([, values]) => values.length > 0);
    if (conditions.length === 0) return [];
    const d = Object.getOwnPropertyDescriptor(this.snapshot.records, object);
    if (this.snapshot.lookup && d?.get !== undefined) return this.snapshot.lookup.where(object, Object.fromEntries(conditions), fields);
    const tests = conditions.map(([field, values]) => [field, new Set<unknown>(values)] as const);
    return this.rec(object).filter((r) => tests.some(([field, wanted]) => wanted.has(r[field])));
  }
  readAhead(calls: readonly LookupCall[]): void {
    const lookup = this.snapshot.lookup;
    if (!lookup?.readAhead) return;
    const unread = calls.filter((c) => Object.getOwnPropertyDescriptor(this.snapshot.records, c.object)?.get !== undefined);
    if (unread.length) lookup.readAhead(unread);
  }
  parentsByValue(object: string, field: string, lists: readonly (readonly string[])[], plain: PlainValues): ParentsByValue {
    const d = Object.getOwnPropertyDescriptor(this.snapshot.records, object);
    if (this.snapshot.lookup && d?.get !== undefined) return this.snapshot.lookup.parentsByValue(object, field, lists, plain);
    const parentField = objectSpec(object)?.parentField;
    if (!parentField) throw new Error(`${object} has no parent field to answer by`);
    return parentsByValueOf(this.rec(object), parentField, field, lists, plain);
  }
}

/** RecordLookup.parentsByValue over rows in memory (the same answer, keys in snapshot order). */
function parentsByValueOf(rows: readonly SfRecord[], parentField: string, field: string, lists: readonly (readonly string[])[], plain: PlainValues): ParentsByValue {
  const sets = lists.map((values) => new Set(values));
  const matching: string[][] = lists.map(() => []);
  const notPlain: string[] = [];
  const plainFields = Object.entries(plain);
  for (const r of rows) {
    const parent = r[parentField];
    if (typeof parent !== 'string') continue;
    const v = r[field];
    if (typeof v === 'string') sets.forEach((set, i) => set.has(v) && matching[i].push(parent));
    if (plainFields.some(([f, allowed]) => !isAllowed(r[f], allowed))) notPlain.push(parent);
  }
  return { matching, notPlain };
}

/** Whether a field's value is one of the allowed JSON values (null: null or absent). */
function isAllowed(v: unknown, allowed: readonly (boolean | null)[]): boolean {
  if (v === undefined || v === null) return allowed.includes(null);
  return typeof v === 'boolean' && allowed.includes(v);
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
