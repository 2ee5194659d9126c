/**
 * Effective access with provenance (salesforce.md, "Effective access"): the union over the
 * profile, each live permission set assignment and each live group assignment (its components
 * minus what its muting set mutes, inside that group only), closed under implications.
 */
import { isStaleGroupStatus } from '../salesforce-permissions';
import type { PlainValues, SfRecord } from '../model';
import { LazyGrants, mutedBy, type Grant, type Muted } from './grants';
import { str, type SnapshotIndex } from './snapshot-index';
import { cmp, timeOf } from './util';
import { FIELD_PERMS, OBJECT_PERMS, type FieldPerm, type ObjectPerm, type Source } from './types';

export interface SourceGrants {
  source: Source;
  grants: LazyGrants;
}

export interface EffectiveAccess {
  userId: string;
  username: string;
  isActive: boolean;
  /** Every source that contributes (one entry per group component). */
  sources: Source[];
  objects: Record<string, Partial<Record<ObjectPerm, Source[]>>>;
  fields: Record<string, Partial<Record<FieldPerm, Source[]>>>;
  /** Keyed by permission name without the `Permissions` prefix (e.g. `ModifyAllData`). */
  systemPermissions: Record<string, Source[]>;
  /** Keyed by SetupEntityId. */
  setupEntities: Record<string, { type: string; sources: Source[] }>;
}

export interface AccessEngine {
  index: SnapshotIndex;
  asOf: string;
  /** The live sources of a user (empty for an inactive user, unless `ignoreInactive`). */
  sourcesFor(userId: string, opts?: { ignoreInactive?: boolean }): SourceGrants[];
  /** Sources granting a system permission (short name), after implications and muting. */
  systemPermission(userId: string, permission: string, opts?: { ignoreInactive?: boolean }): Source[];
  /** Whether `systemPermission` would be non-empty, without building its list. */
  hasSystemPermission(userId: string, permission: string, opts?: { ignoreInactive?: boolean }): boolean;
  /**
   * Every user (active or not) whose sources grant a system permission: one pass over the
   * assignments instead of resolving each user's sources. For callers asking about all users.
   */
  holdersOf(permission: string): Holders;
  /** Computes `holdersOf` for several permissions in one read of the assignments (callers that will ask for each). */
  prepareHolders(permissions: readonly string[]): void;
  /**
   * Announces permissions whose holders will be asked for: their read of the assignments starts
   * now where the store can read ahead (RecordLookup.readAhead), and the first of them asked
   * prepares them all in that one read.
   */
  readAheadHolders(permissions: readonly string[]): void;
  effectiveAccess(userId: string): EffectiveAccess | null;
  /** `effectiveAccess(userId).objects` alone, without building field and setup access. */
  objectAccess(userId: string): EffectiveAccess['objects'] | null;
  /**
   * `effectiveAccess(userId).fields[field]` alone (null when nothing grants it). Callers asking
   * about a known set of fields pass it as `among` (the same Set each time, and containing
   * `field`): only those fields' rows are then read.
   */
  fieldAccess(userId: string, field: string, among?: ReadonlySet<string>): Partial<Record<FieldPerm, Source[]>> | null;
  /**
   * Reads, in a few passes, what the questions above will ask about these users: their
   * assignments, logins and frozen state, and the object and setup rows of every set they hold
   * (their field rows too with `allFields`, for `effectiveAccess`). Only a matter of speed:
   * without it each user's rows are read when first asked for.
   */
  prefetch(userIds: Iterable<string>, opts?: { allFields?: boolean }): void;
}

/** Whether a user holds a permission (active or not). */
export interface Holders {
  /** `profileId` is the user's ProfileId as on its User row: callers walking users already have it. */
  has(userId: string, profileId: string | null): boolean;
}

export function compareSources(a: Source, b: Source): number {
  return (
    cmp(a.kind, b.kind) ||
    cmp(a.name, b.name) ||
    cmp(a.id, b.id) ||
    cmp(a.viaComponent?.name ?? '', b.viaComponent?.name ?? '') ||
    cmp(a.viaComponent?.id ?? '', b.viaComponent?.id ?? '') ||
    cmp(a.impliedBy ?? '', b.impliedBy ?? '') ||
    cmp(a.recordId ?? '', b.recordId ?? '')
  );
}

function withGrant(source: Source, grant: Grant): Source {
  // Built key by key in Source's own order (not spread): tens of thousands per evaluation.
  const s: Source = { kind: source.kind, id: source.id, name: source.name };
  if (source.viaComponent) s.viaComponent = source.viaComponent;
  if (grant.impliedBy) s.impliedBy = grant.impliedBy;
  s.recordId = grant.recordId;
  if (source.groupStatus) s.groupStatus = source.groupStatus;
  return s;
}

/**
 * One Source per (source, grant), shared by every user holding that source: a permission set
 * assigned to thousands of users used to be copied into each user's access, which made all
 * users' effective access allocate millions of identical objects. Sources are never mutated
 * after creation (lists of them are sorted, the Sources themselves are not).
 */
const sourcedBySg = new WeakMap<SourceGrants, Map<object, Source>>();

function sourced(sg: SourceGrants, grant: Grant): Source {
  let memo = sourcedBySg.get(sg);
  if (!memo) sourcedBySg.set(sg, (memo = new Map()));
  let s = memo.get(grant);
  if (!s) memo.set(grant, (s = withGrant(sg.source, grant)));
  return s;
}

/** An assignment that has expired or been deactivated grants nothing. */
export function assignmentLive(a: SfRecord, asOfMs: number): boolean {
  if (a.IsActive === false) return false;
  const t = timeOf(a.ExpirationDate);
  return t === null || t >= asOfMs;
}

export function createAccessEngine(index: SnapshotIndex, asOf: string): AccessEngine {
  const asOfMs = Date.parse(asOf);
  if (Number.isNaN(asOfMs)) throw new Error(`asOf is not a date: ${asOf}`);
  const psCache = new Map<string, LazyGrants>();
  // One map per kind, keyed by Id: building `kind:id` keys cost a string per assignment of every user.
  const profileCache = new Map<string, SourceGrants[]>();
  const permSetCache = new Map<string, SourceGrants[]>();
  const groupCache = new Map<string, SourceGrants[]>();
  const userCache = new Map<string, SourceGrants[]>();
  const accessCache = new Map<string, EffectiveAccess>();

  const mutedCache = new Map<string, Muted>();
  const closedGrants = (ps: SfRecord, muting: readonly SfRecord[], mutingKey: string): LazyGrants => {
    const key = `${ps.Id}|${mutingKey}`;
    let g = psCache.get(key);
    if (!g) {
      let muted: Muted | null = null;
      if (muting.length) {
        muted = mutedCache.get(mutingKey) ?? null;
        if (!muted) mutedCache.set(mutingKey, (muted = mutedBy(index, muting)));
      }
      g = new LazyGrants(index, ps, muted);
      psCache.set(key, g);
    }
    return g;
  };

  const profileSources = (profileId: string): SourceGrants[] => {
    let out = profileCache.get(profileId);
    if (out) return out;
    const profile = index.profileById.get(profileId);
    const ps = index.profilePermSet.get(profileId);
    const name = str(profile?.Name) ?? str(ps?.Label) ?? str(ps?.Name) ?? profileId;
    const source: Source = { kind: 'profile', id: profileId, name };
    // Without the profile's own permission set, the Profile row still carries its system permissions.
    const holder = ps ?? profile;
    out = holder ? [{ source, grants: closedGrants(holder, [], '') }] : [];
    profileCache.set(profileId, out);
    return out;
  };

  const permSetSources = (ps: SfRecord): SourceGrants[] => {
    let out = permSetCache.get(ps.Id);
    if (!out) {
      out = [{ source: { kind: 'permissionSet', id: ps.Id, name: str(ps.Name) ?? str(ps.Label) ?? ps.Id }, grants: closedGrants(ps, [], '') }];
      permSetCache.set(ps.Id, out);
    }
    return out;
  };

  const groupSources = (groupId: string): SourceGrants[] => {
    let out = groupCache.get(groupId);
    if (out) return out;
    const group = index.groupById.get(groupId);
    const aggregate = index.groupPermSet.get(groupId);
    const name = str(group?.DeveloperName) ?? str(group?.MasterLabel) ?? str(aggregate?.Name) ?? groupId;
    const components: SfRecord[] = [];
    const muting: SfRecord[] = [];
    for (const c of index.componentsByGroup.get(groupId) ?? []) {
      const id = str(c.PermissionSetId);
      if (!id) continue;
      const m = index.mutingById.get(id);
      if (m) muting.push(m);
      else {
        const ps = index.permSetById.get(id);
        if (ps) components.push(ps);
      }
    }
    const mutingKey = muting
      .map((m) => m.Id)
      .sort()
      .join(',');
    // A group Salesforce has not recalculated (shared/salesforce-permissions.ts) says so on every grant through it.
    const status = str(group?.Status);
    const stale = status && isStaleGroupStatus(status) ? { groupStatus: status } : {};
    if (components.length > 0) {
      out = components.map((ps) => ({
        source: { kind: 'group' as const, id: groupId, name, viaComponent: { id: ps.Id, name: str(ps.Name) ?? str(ps.Label) ?? ps.Id }, ...stale },
        grants: closedGrants(ps, muting, mutingKey),
      }));
    } else if (aggregate) {
      // Components unknown: the aggregate permission set is Salesforce's own computation of the group.
      out = [{ source: { kind: 'group', id: groupId, name, ...stale }, grants: closedGrants(aggregate, [], '') }];
    } else out = [];
    groupCache.set(groupId, out);
    return out;
  };

  // Classification looks at what an inactive user would hold; only access evaluation drops it.
  const sourcesFor = (userId: string, opts?: { ignoreInactive?: boolean }): SourceGrants[] => {
    const user = index.userById.get(userId);
    if (!user || (user.IsActive === false && !opts?.ignoreInactive)) return [];
    const cached = userCache.get(userId);
    if (cached) return cached;
    const out: SourceGrants[] = [];
    const profileId = str(user.ProfileId);
    if (profileId) for (const sg of profileSources(profileId)) out.push(sg);
    // A user holds a handful of assignments: arrays beat a Set and its string keys here.
    const seenGroups: string[] = [];
    const seenSets: string[] = [];
    for (const a of index.assignmentsByUser.get(userId) ?? []) {
      if (!assignmentLive(a, asOfMs)) continue;
      const ps = index.permSetById.get(String(a.PermissionSetId ?? ''));
      const groupId = assignedGroupId(a, ps);
      if (groupId) {
        if (!seenGroups.includes(groupId)) {
          seenGroups.push(groupId);
          for (const sg of groupSources(groupId)) out.push(sg);
        }
      } else if (ps && grantsAsPermissionSet(ps) && !seenSets.includes(ps.Id)) {
        seenSets.push(ps.Id);
        for (const sg of permSetSources(ps)) out.push(sg);
      }
    }
    userCache.set(userId, out);
    return out;
  };

  const holderCache = new Map<string, Holders>();
  // The same sources and liveness rules as sourcesFor, asked the other way round: first which
  // profiles, groups and sets grant the permission (a few hundred, each cached), then which
  // users hold one of those groups or sets through a live assignment — no per-user source
  // lists, which walking 20,000 users made the biggest cost of an evaluation. The assignments
  // are read once for all the permissions asked together (`prepareHolders`): only those naming
  // a granting group or set, which the store finds without loading the 700,000 of a large org.
  type HolderPlan = { permission: string; profiles: Set<string>; groups: Set<string>; viaSet: Set<string>; assignees: Set<string> };
  const planHolders = (permission: string): HolderPlan => {
    const grantsIt = (sgs: readonly SourceGrants[]): boolean => sgs.some((sg) => sg.grants.system.has(permission));
    const profiles = new Set<string>();
    for (const profileId of new Set([...index.profileById.keys(), ...index.profilePermSet.keys()])) if (grantsIt(profileSources(profileId))) profiles.add(profileId);
    const groups = new Set<string>();
    for (const groupId of new Set([...index.groupById.keys(), ...index.groupPermSet.keys()])) if (grantsIt(groupSources(groupId))) groups.add(groupId);
    // What an assignment naming only this set grants: its group's sources (an aggregate set) or its own.
    const viaSet = new Set<string>();
    for (const ps of index.permSetById.values()) {
      const groupId = assignedGroupId(NO_RECORD, ps);
      if (groupId ? groups.has(groupId) : grantsAsPermissionSet(ps) && grantsIt(permSetSources(ps))) viaSet.add(ps.Id);
    }
    return { permission, profiles, groups, viaSet, assignees: new Set<string>() };
  };
  /** The one read of the assignments that names the plans' assignees (RecordLookup.parentsByValue). */
  const assigneesCall = (plans: readonly HolderPlan[]) =>
    ({ method: 'parentsByValue', object: 'PermissionSetAssignment', field: 'PermissionSetId', lists: plans.map((p) => [...p.viaSet]), plain: PLAIN_ASSIGNMENT }) as const;
  // Permissions announced together (readAheadHolders): the first asked prepares them all.
  let announced: HolderPlan[] = [];

  const prepareHolders = (permissions: readonly string[]): void => {
    const wanted = [...new Set(permissions)].filter((p) => !holderCache.has(p));
    if (wanted.length === 0) return;
    // The announced permissions come first and in their order, so the read is the one read ahead.
    const plans = announced.some((plan) => wanted.includes(plan.permission)) ? announced : [];
    announced = announced === plans ? [] : announced;
    for (const permission of wanted) if (!plans.some((plan) => plan.permission === permission)) plans.push(planHolders(permission));
    // In a large org nearly every one of 700,000 assignments grants API Enabled: the store names
    // the assignees of the sets each permission's plain assignments (live, no group: see
    // PLAIN_ASSIGNMENT) name, without the rows being read. An assignee with any other assignment
    // (inactive, expiring, through a group, or odd values) is judged below from all its rows.
    const call = assigneesCall(plans);
    const { matching, notPlain } = index.parentsByValue(call.object, call.field, call.lists, call.plain);
    const judgedApart = new Set(notPlain);
    plans.forEach((p, i) => {
      for (const assignee of matching[i]) if (assignee && !judgedApart.has(assignee)) p.assignees.add(assignee);
    });
    index.assignmentsByUser.prefetch(judgedApart);
    for (const userId of judgedApart) {
      for (const a of index.assignmentsByUser.get(userId) ?? []) {
        const assignee = str(a.AssigneeId);
        if (!assignee) continue;
        const groupId = str(a.PermissionSetGroupId);
        const setId = String(a.PermissionSetId ?? '');
        let live: boolean | undefined;
        for (const p of plans) {
          if (p.assignees.has(assignee) || !(groupId ? p.groups.has(groupId) : p.viaSet.has(setId))) continue;
          if ((live ??= assignmentLive(a, asOfMs))) p.assignees.add(assignee);
        }
      }
    }
    for (const { permission, profiles, assignees } of plans) {
      holderCache.set(permission, { has: (userId, profileId) => (profileId !== null && profiles.has(profileId)) || assignees.has(userId) });
    }
  };

  const readAheadHolders = (permissions: readonly string[]): void => {
    const fresh = [...new Set(permissions)].filter((p) => !holderCache.has(p) && !announced.some((plan) => plan.permission === p));
    if (fresh.length === 0) return;
    announced = [...announced, ...fresh.map(planHolders)];
    index.readAhead([assigneesCall(announced)]);
  };

  const holdersOf = (permission: string): Holders => {
    if (!holderCache.has(permission)) prepareHolders([permission]);
    return holderCache.get(permission)!;
  };

  const systemPermission = (userId: string, permission: string, opts?: { ignoreInactive?: boolean }): Source[] => {
    const out: Source[] = [];
    for (const sg of sourcesFor(userId, opts)) {
      const g = sg.grants.system.get(permission);
      if (g) out.push(sourced(sg, g));
    }
    return out.sort(compareSources);
  };

  const hasSystemPermission = (userId: string, permission: string, opts?: { ignoreInactive?: boolean }): boolean => {
    for (const sg of sourcesFor(userId, opts)) if (sg.grants.system.has(permission)) return true;
    return false;
  };

  const effectiveAccess = (userId: string): EffectiveAccess | null => {
    if (accessCache.has(userId)) return accessCache.get(userId) ?? null;
    const user = index.userById.get(userId);
    if (!user) return null;
    const sgs = sourcesFor(userId);
    const union = emptyUnion();
    for (const sg of sgs) addToUnion(union, sg);
    const result: EffectiveAccess = {
      userId,
      username: String(user.Username ?? ''),
      isActive: user.IsActive !== false,
      sources: sgs.map((s) => s.source).sort(compareSources),
      objects: sortedRecord(union.objects, slotsRecord),
      fields: sortedRecord(union.fields, (perms) => permRecord(perms, FIELD_PERMS)),
      systemPermissions: sortedRecord(union.system, (s) => s.sort(compareSources)),
      setupEntities: sortedRecord(union.setup, (e) => ({ type: e.type, sources: e.sources.sort(compareSources) })),
    };
    // Checks ask for the same user several times; callers walking every user must not pin them all.
    if (accessCache.size >= ACCESS_CACHE_SIZE) accessCache.delete(accessCache.keys().next().value as string);
    accessCache.set(userId, result);
    return result;
  };

  const objectCache = new Map<string, EffectiveAccess['objects']>();
  const objectAccess = (userId: string): EffectiveAccess['objects'] | null => {
    const hit = objectCache.get(userId);
    if (hit) return hit;
    if (!index.userById.has(userId)) return null;
    const objects: Union['objects'] = new Map();
    for (const sg of sourcesFor(userId)) addObjects(objects, sg);
    const result = sortedRecord(objects, slotsRecord);
    if (objectCache.size >= ACCESS_CACHE_SIZE) objectCache.delete(objectCache.keys().next().value as string);
    objectCache.set(userId, result);
    return result;
  };

  const fieldAccess = (userId: string, field: string, among?: ReadonlySet<string>): Partial<Record<FieldPerm, Source[]>> | null => {
    let perms: Map<FieldPerm, Source[]> | undefined;
    for (const sg of sourcesFor(userId)) {
      const granted = (among?.has(field) ? sg.grants.fieldsAmong(among) : sg.grants.fields).get(field);
      if (!granted) continue;
      perms ??= new Map();
      for (const [p, g] of granted) push(perms, p, sourced(sg, g));
    }
    return perms ? permRecord(perms, FIELD_PERMS) : null;
  };

  const prefetch = (userIds: Iterable<string>, opts?: { allFields?: boolean }): void => {
    const ids = [...userIds];
    index.assignmentsByUser.prefetch(ids);
    index.loginRowsByUser.prefetch(ids);
    index.userLoginByUser.prefetch(ids);
    const holders = new Set<string>();
    for (const id of ids) for (const sg of sourcesFor(id, IGNORE_INACTIVE)) for (const h of sg.grants.holderIds) holders.add(h);
    index.objectPermsByParent.prefetch(holders);
    index.setupAccessByParent.prefetch(holders);
    if (opts?.allFields) index.fieldPermsByParent.prefetch(holders);
  };

  return { index, asOf, sourcesFor, systemPermission, hasSystemPermission, holdersOf, prepareHolders, readAheadHolders, effectiveAccess, objectAccess, fieldAccess, prefetch };
}

const NO_RECORD: SfRecord = { Id: '' };
const IGNORE_INACTIVE = { ignoreInactive: true };
/**
 * Assignments whose values settle what they grant without reading them: live (assignmentLive:
 * IsActive true or empty, no ExpirationDate) and naming no group, so an assignment grants exactly
 * what its PermissionSetId's set grants as an assignment (prepareHolders' `viaSet`).
 */
const PLAIN_ASSIGNMENT: PlainValues = { IsActive: [true, null], ExpirationDate: [null], PermissionSetGroupId: [null] };

/** The group an assignment stands for: named on the assignment, or through the group's aggregate set. */
function assignedGroupId(a: SfRecord, ps: SfRecord | undefined): string | null {
  return str(a.PermissionSetGroupId) ?? (ps?.Type === 'Group' ? str(ps.PermissionSetGroupId) : null);
}

/** Salesforce also lists the profile's own set as an assignment; the profile source already covers it. */
function grantsAsPermissionSet(ps: SfRecord): boolean {
  return ps.IsOwnedByProfile !== true;
}

/** An object's grants as lists indexed like OBJECT_PERMS: cheaper than a Map per object per user. */
type PermSlots = (Source[] | undefined)[];

/** An object's grants from a single source: that source's record, shared by every user holding it. */
type ObjectPerms = Partial<Record<ObjectPerm, Source[]>>;

interface Union {
  objects: Map<string, PermSlots | ObjectPerms>;
  fields: Map<string, Map<FieldPerm, Source[]>>;
  system: Map<string, Source[]>;
  setup: Map<string, { type: string; sources: Source[] }>;
}

function emptyUnion(): Union {
  return { objects: new Map(), fields: new Map(), system: new Map(), setup: new Map() };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const ACCESS_CACHE_SIZE = 64;

function addToUnion(u: Union, sg: SourceGrants): void {
  const grants = sg.grants;
  for (const [p, g] of grants.system) push(u.system, p, sourced(sg, g));
  addObjects(u.objects, sg);
  for (const [field, perms] of grants.fields) {
    let m = u.fields.get(field);
    if (!m) u.fields.set(field, (m = new Map()));
    for (const [p, g] of perms) push(m, p, sourced(sg, g));
  }
  for (const [id, e] of grants.setup) {
    let entry = u.setup.get(id);
    if (!entry) u.setup.set(id, (entry = { type: e.type, sources: [] }));
    // Setup entries carry no impliedBy: the entry itself stands for the grant.
    entry.sources.push(sourced(sg, e));
  }
}

/** Per object: its grants as slots, and as the record a user gets when no other source grants the object. */
type SourcedObjects = [string, [number, Source][], ObjectPerms][];
const sourcedObjectsBySg = new WeakMap<SourceGrants, SourcedObjects>();
const PERM_SLOT = new Map<ObjectPerm, number>(OBJECT_PERMS.map((p, i) => [p, i]));

/** A source's object grants as Sources, built once per source rather than once per user holding it. */
function sourcedObjects(sg: SourceGrants): SourcedObjects {
  let out = sourcedObjectsBySg.get(sg);
  if (!out) {
    out = [];
    for (const [obj, perms] of sg.grants.objects) {
      const slots: [number, Source][] = [];
      for (const [p, g] of perms) slots.push([PERM_SLOT.get(p)!, sourced(sg, g)]);
      const single: PermSlots = [undefined, undefined, undefined, undefined, undefined, undefined];
      // Frozen: users share it, so a caller that changed it would change every user's evidence; it throws instead.
      for (const [i, s] of slots) single[i] = Object.freeze([s]) as Source[];
      out.push([obj, slots, Object.freeze(slotsRecord(single))]);
    }
    sourcedObjectsBySg.set(sg, out);
  }
  return out;
}

/**
 * An object granted by one source only (the usual case: an integration user's one permission
 * set, or Modify All Data over 10,000 objects) gets that source's shared record, not a copy per
 * user: 100 users × 10,000 objects would otherwise be 1M records and 6M one-element lists.
 * Results are read-only (no caller changes them); a second source's grants turn it into slots.
 */
function addObjects(objects: Union['objects'], sg: SourceGrants): void {
  for (const [obj, perms, record] of sourcedObjects(sg)) {
    const had = objects.get(obj);
    if (!had) {
      objects.set(obj, record);
      continue;
    }
    let slots: PermSlots;
    if (Array.isArray(had)) slots = had;
    else {
      slots = OBJECT_PERMS.map((p) => (had[p] ? [...had[p]] : undefined));
      objects.set(obj, slots);
    }
    for (const [i, s] of perms) {
      const list = slots[i];
      if (list) list.push(s);
      else slots[i] = [s];
    }
  }
}

function slotsRecord(slots: PermSlots | ObjectPerms): ObjectPerms {
  if (!Array.isArray(slots)) return slots;
  const out: ObjectPerms = {};
  for (let i = 0; i < OBJECT_PERMS.length; i++) {
    const list = slots[i];
    if (list) out[OBJECT_PERMS[i]] = list.length > 1 ? list.sort(compareSources) : list;
  }
  return out;
}

function permRecord<P extends string>(perms: Map<P, Source[]>, order: readonly P[]): Partial<Record<P, Source[]>> {
  const out: Partial<Record<P, Source[]>> = {};
  for (const p of order) {
    const s = perms.get(p);
    if (s) out[p] = s.sort(compareSources);
  }
  return out;
}

function sortedRecord<V, R>(map: Map<string, V>, f: (v: V) => R): Record<string, R> {
  const out: Record<string, R> = {};
  for (const k of [...map.keys()].sort()) out[k] = f(map.get(k) as V);
  return out;
}
