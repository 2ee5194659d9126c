/**
 * One pass over a snapshot's records into lookup maps, so every later question (a user's
 * assignments, a permission set's object rows…) is a map hit instead of a scan. Built once per
 * evaluation: a 20,000-user org has hundreds of thousands of permission rows.
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
  loginsByUser: Map<string, SfRecord[]>;
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

export function buildIndex(snapshot: SnapshotData): SnapshotIndex {
  const rec = (name: string): SfRecord[] => snapshot.records[name] ?? [];
  const users = rec('User');
  const permSets = rec('PermissionSet');

  const profilePermSet = new Map<string, SfRecord>();
  const groupPermSet = new Map<string, SfRecord>();
  for (const ps of permSets) {
    if (ps.IsOwnedByProfile === true && typeof ps.ProfileId === 'string') profilePermSet.set(ps.ProfileId, ps);
    if (typeof ps.PermissionSetGroupId === 'string' && ps.PermissionSetGroupId) groupPermSet.set(ps.PermissionSetGroupId, ps);
  }

  const entities = rec('EntityDefinition');
  const entityByDurable = new Map<string, string>();
  const knownObjects = new Set<string>();
  for (const e of entities) {
    const name = str(e.QualifiedApiName);
    if (!name) continue;
    knownObjects.add(name);
    const durable = str(e.DurableId);
    if (durable) entityByDurable.set(durable, name);
  }
  for (const op of rec('ObjectPermissions')) if (str(op.SobjectType)) knownObjects.add(op.SobjectType as string);

  const fieldDefs = new Map<string, SfRecord>();
  const knownFields = new Set<string>();
  for (const fd of rec('FieldDefinition')) {
    const entity = str(fd.EntityDefinitionId);
    const field = str(fd.QualifiedApiName);
    const objectName = entity ? (entityByDurable.get(entity) ?? entity) : null;
    let key: string | null = objectName && field ? `${objectName}.${field}` : null;
    // Custom fields' DurableId holds an Id after the dot; only trust it when it reads like a name.
    const durable = str(fd.DurableId);
    if (!key && durable && /^[A-Za-z]\w*\.[A-Za-z]\w*$/.test(durable)) key = durable;
    if (!key) continue;
    fieldDefs.set(key, fd);
    knownFields.add(key);
    knownObjects.add(key.slice(0, key.indexOf('.')));
  }
  for (const fp of rec('FieldPermissions')) if (str(fp.Field)) knownFields.add(fp.Field as string);

  const permissionFields = new Set<string>();
  for (const name of ['PermissionSet', 'Profile', 'MutingPermissionSet']) {
    for (const r of rec(name)) for (const k in r) if (k.startsWith('Permissions')) permissionFields.add(k.slice(11));
  }

  const gaps = new Map<string, CoverageGap>();
  for (const g of snapshot.meta.gaps ?? []) gaps.set(g.object, g);

  const sortedLogins = groupBy(rec('LoginHistory'), 'UserId');
  for (const list of sortedLogins.values()) list.sort((a, b) => cmp(String(b.LoginTime ?? ''), String(a.LoginTime ?? '')) || cmp(a.Id, b.Id));

  return {
    snapshot,
    users,
    userById: byField(users, 'Id'),
    userByUsername: byField(users, 'Username', true),
    profileById: byField(rec('Profile'), 'Id'),
    licenseById: byField(rec('UserLicense'), 'Id'),
    permSetById: byField(permSets, 'Id'),
    profilePermSet,
    groupPermSet,
    groupById: byField(rec('PermissionSetGroup'), 'Id'),
    mutingById: byField(rec('MutingPermissionSet'), 'Id'),
    assignmentsByUser: groupBy(rec('PermissionSetAssignment'), 'AssigneeId'),
    componentsByGroup: groupBy(rec('PermissionSetGroupComponent'), 'PermissionSetGroupId'),
    objectPermsByParent: groupBy(rec('ObjectPermissions'), 'ParentId'),
    fieldPermsByParent: groupBy(rec('FieldPermissions'), 'ParentId'),
    setupAccessByParent: groupBy(rec('SetupEntityAccess'), 'ParentId'),
    loginsByUser: sortedLogins,
    tokensByUser: groupBy(rec('OauthToken'), 'UserId'),
    userLoginByUser: byField(rec('UserLogin'), 'UserId'),
    ipRangesByProfile: groupBy(rec('LoginIpRange'), 'ProfileId'),
    connectedAppByName: byField(rec('ConnectedApplication'), 'Name', true),
    auditTrail: rec('SetupAuditTrail'),
    fieldDefs,
    allObjects: [...knownObjects].sort(cmp),
    knownObjects,
    knownFields,
    permissionFields,
    gaps,
  };
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
