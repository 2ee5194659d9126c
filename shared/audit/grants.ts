/**
 * What one permission set (profile-owned, regular, or a group component after muting) grants,
 * closed under Salesforce's implications. Cached per permission set: thousands of users share
 * a handful of sources, so each is computed once.
 */
import type { LookupCall, SfRecord } from '../model';
import type { FieldPerm, ObjectPerm } from './types';
import type { SnapshotIndex } from './snapshot-index';

export interface Grant {
  recordId: string;
  /** Root permission it follows from, when not checked itself. */
  impliedBy?: string;
}

/** The parts of what one source grants (each built separately by LazyGrants). */
export interface PsGrants {
  objects: Map<string, Map<ObjectPerm, Grant>>;
  fields: Map<string, Map<FieldPerm, Grant>>;
  system: Map<string, Grant>;
  setup: Map<string, { type: string; recordId: string }>;
}

export interface Muted {
  objects: Map<string, Set<ObjectPerm>>;
  fields: Map<string, Set<FieldPerm>>;
  /** `fields`, for lookups of fields in `among` only. */
  fieldsAmong(among: ReadonlySet<string>): Map<string, Set<FieldPerm>>;
  system: Set<string>;
  /** The muting permission sets' Ids. */
  holderIds: string[];
}

const OBJECT_FLAG: readonly [string, ObjectPerm][] = [
  ['PermissionsRead', 'Read'],
  ['PermissionsCreate', 'Create'],
  ['PermissionsEdit', 'Edit'],
  ['PermissionsDelete', 'Delete'],
  ['PermissionsViewAllRecords', 'ViewAllRecords'],
  ['PermissionsModifyAllRecords', 'ModifyAllRecords'],
];

/** Strongest first, so a chain (ModifyAll ⇒ Delete ⇒ Edit) keeps the root as `impliedBy`. */
const OBJECT_IMPLIES: readonly [ObjectPerm, readonly ObjectPerm[]][] = [
  ['ModifyAllRecords', ['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords']],
  ['ViewAllRecords', ['Read']],
  ['Delete', ['Edit', 'Read']],
  ['Edit', ['Read']],
];

/** Muting X also mutes everything that would imply X back, so the result stays closed. */
const OBJECT_MUTE_UP: Record<ObjectPerm, readonly ObjectPerm[]> = {
  Read: ['Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'],
  Create: ['ModifyAllRecords'],
  Edit: ['Delete', 'ModifyAllRecords'],
  Delete: ['ModifyAllRecords'],
  ViewAllRecords: ['ModifyAllRecords'],
  ModifyAllRecords: [],
};

type ObjectGrants = PsGrants['objects'];
type FieldGrants = PsGrants['fields'];
type SetupGrants = PsGrants['setup'];

function rawObjectGrants(index: SnapshotIndex, holderId: string): ObjectGrants {
  const out: ObjectGrants = new Map();
  for (const row of index.objectPermsByParent.get(holderId) ?? []) {
    const obj = row.SobjectType;
    if (typeof obj !== 'string') continue;
    let perms = out.get(obj);
    for (const [flag, perm] of OBJECT_FLAG) {
      if (row[flag] !== true) continue;
      if (!perms) out.set(obj, (perms = new Map()));
      perms.set(perm, { recordId: row.Id });
    }
  }
  return out;
}

const rowsAmongCache = new WeakMap<SnapshotIndex, WeakMap<ReadonlySet<string>, Map<string, SfRecord[]>>>();

/** The read of the FieldPermissions rows on `fields` (fieldRowsAmong), to announce it ahead. */
export function fieldRowsCall(fields: ReadonlySet<string>) {
  return { method: 'where', object: 'FieldPermissions', anyOf: { Field: [...fields] } } as const satisfies LookupCall;
}

/**
 * FieldPermissions rows on the given fields, by ParentId: only those rows are read (a few
 * hundred) rather than grouping all of them (720,000 in a large org) when a check asks about a
 * handful of fields.
 */
function fieldRowsAmong(index: SnapshotIndex, fields: ReadonlySet<string>): Map<string, SfRecord[]> {
  let byFields = rowsAmongCache.get(index);
  if (!byFields) rowsAmongCache.set(index, (byFields = new WeakMap()));
  let out = byFields.get(fields);
  if (!out) {
    out = new Map();
    const call = fieldRowsCall(fields);
    for (const row of index.rowsWhere(call.object, call.anyOf)) {
      if (typeof row.Field !== 'string' || !fields.has(row.Field) || typeof row.ParentId !== 'string') continue;
      const list = out.get(row.ParentId);
      if (list) list.push(row);
      else out.set(row.ParentId, [row]);
    }
    byFields.set(fields, out);
  }
  return out;
}

/** A holder's field rows: all of them, or only those on `among`. */
function fieldRowsOf(index: SnapshotIndex, holderId: string, among: ReadonlySet<string> | null): readonly SfRecord[] {
  return (among ? fieldRowsAmong(index, among) : index.fieldPermsByParent).get(holderId) ?? [];
}

function rawFieldGrants(index: SnapshotIndex, holderId: string, among: ReadonlySet<string> | null): FieldGrants {
  const out: FieldGrants = new Map();
  for (const row of fieldRowsOf(index, holderId, among)) {
    const field = row.Field;
    if (typeof field !== 'string') continue;
    let perms = out.get(field);
    if (row.PermissionsRead === true) {
      if (!perms) out.set(field, (perms = new Map()));
      perms.set('Read', { recordId: row.Id });
    }
    if (row.PermissionsEdit === true) {
      if (!perms) out.set(field, (perms = new Map()));
      perms.set('Edit', { recordId: row.Id });
    }
  }
  return out;
}

function setupGrants(index: SnapshotIndex, holderId: string): SetupGrants {
  const out: SetupGrants = new Map();
  for (const row of index.setupAccessByParent.get(holderId) ?? []) {
    if (typeof row.SetupEntityId === 'string') out.set(row.SetupEntityId, { type: String(row.SetupEntityType ?? ''), recordId: row.Id });
  }
  return out;
}

/** System permissions only: what classification and org checks need, without touching object rows. */
export function closedSystemGrants(holder: SfRecord, muted: Muted | null): Map<string, Grant> {
  const out = new Map<string, Grant>();
  for (const k in holder) if (k.startsWith('Permissions') && holder[k] === true && !muted?.system.has(k.slice(11))) out.set(k.slice(11), { recordId: holder.Id });
  const mad = out.get('ModifyAllData');
  if (mad && !out.has('ViewAllData')) out.set('ViewAllData', { recordId: mad.recordId, impliedBy: 'ModifyAllData' });
  return out;
}

/** Object grants after muting, closed under implications; `system` is the closed system grants (for "on every object"). */
export function closedObjectGrants(index: SnapshotIndex, holder: SfRecord, muted: Muted | null, system: Map<string, Grant>): ObjectGrants {
  const objects: ObjectGrants = new Map();
  for (const [obj, perms] of rawObjectGrants(index, holder.Id)) {
    const m = muted?.objects.get(obj);
    const kept = m ? new Map([...perms].filter(([p]) => !m.has(p))) : perms;
    if (kept.size) objects.set(obj, kept);
  }
  const everyObject = (perm: ObjectPerm, origin: Grant, name: string): void => {
    const implied: Grant = { recordId: origin.recordId, impliedBy: origin.impliedBy ?? name };
    for (const obj of index.allObjects) {
      let perms = objects.get(obj);
      if (!perms) objects.set(obj, (perms = new Map()));
      if (!perms.has(perm)) perms.set(perm, implied);
    }
  };
  const mad = system.get('ModifyAllData');
  const vad = system.get('ViewAllData');
  if (mad) everyObject('ModifyAllRecords', mad, 'ModifyAllData');
  if (vad) everyObject('ViewAllRecords', vad, 'ViewAllData');
  for (const perms of objects.values()) {
    for (const [from, tos] of OBJECT_IMPLIES) {
      const origin = perms.get(from);
      if (!origin) continue;
      for (const to of tos) if (!perms.has(to)) perms.set(to, { recordId: origin.recordId, impliedBy: origin.impliedBy ?? from });
    }
  }
  return objects;
}

/** Field grants after muting, with Edit ⇒ Read: of every field, or only of those on `among`. */
export function closedFieldGrants(index: SnapshotIndex, holder: SfRecord, muted: Muted | null, among: ReadonlySet<string> | null = null): FieldGrants {
  const fields: FieldGrants = new Map();
  const mutedFields = muted ? (among ? muted.fieldsAmong(among) : muted.fields) : null;
  for (const [field, perms] of rawFieldGrants(index, holder.Id, among)) {
    const m = mutedFields?.get(field);
    const kept = m ? new Map([...perms].filter(([p]) => !m.has(p))) : perms;
    if (!kept.size) continue;
    const edit = kept.get('Edit');
    if (edit && !kept.has('Read')) kept.set('Read', { recordId: edit.recordId, impliedBy: edit.impliedBy ?? 'Edit' });
    fields.set(field, kept);
  }
  return fields;
}

/**
 * A source's grants, each part built on first use: classifying 20,000 users needs only system
 * permissions, object checks only object rows, and the field rows (the most numerous) are
 * built only for a user's full effective access or a field lookup.
 */
export class LazyGrants {
  private builtObjects: ObjectGrants | undefined;
  private builtFields: FieldGrants | undefined;
  private builtSetup: SetupGrants | undefined;
  readonly system: Map<string, Grant>;
  constructor(
    private readonly index: SnapshotIndex,
    private readonly holder: SfRecord,
    private readonly muted: Muted | null,
  ) {
    this.system = closedSystemGrants(holder, muted);
  }
  get objects(): ObjectGrants {
    return (this.builtObjects ??= closedObjectGrants(this.index, this.holder, this.muted, this.system));
  }
  get fields(): FieldGrants {
    return (this.builtFields ??= closedFieldGrants(this.index, this.holder, this.muted));
  }
  private amongCache: WeakMap<ReadonlySet<string>, FieldGrants> | undefined;
  /** Field grants for lookups of fields in `among` only (all fields when already built). */
  fieldsAmong(among: ReadonlySet<string>): FieldGrants {
    if (this.builtFields) return this.builtFields;
    let out = (this.amongCache ??= new WeakMap()).get(among);
    if (!out) this.amongCache.set(among, (out = closedFieldGrants(this.index, this.holder, this.muted, among)));
    return out;
  }
  /** The records whose permission rows these grants are built from: the holder and its group's muting sets. */
  get holderIds(): string[] {
    return [this.holder.Id, ...(this.muted?.holderIds ?? [])];
  }
  /** Setup entity access is not subject to muting. */
  get setup(): SetupGrants {
    return (this.builtSetup ??= setupGrants(this.index, this.holder.Id));
  }
}

/**
 * What a group's muting sets take away. System permissions are read at once (classification
 * needs them); object and field rows only when a component's objects or fields are built.
 */
class LazyMuted implements Muted {
  readonly system = new Set<string>();
  private builtObjects: Muted['objects'] | undefined;
  private builtFields: Muted['fields'] | undefined;
  constructor(
    private readonly index: SnapshotIndex,
    private readonly muting: readonly SfRecord[],
  ) {
    for (const ms of muting) for (const k in ms) if (k.startsWith('Permissions') && ms[k] === true) this.system.add(k.slice(11));
    if (this.system.has('ViewAllData')) this.system.add('ModifyAllData');
  }
  get holderIds(): string[] {
    return this.muting.map((m) => m.Id);
  }
  get objects(): Muted['objects'] {
    if (this.builtObjects) return this.builtObjects;
    const out: Muted['objects'] = new Map();
    for (const ms of this.muting) {
      for (const [obj, perms] of rawObjectGrants(this.index, ms.Id)) {
        let set = out.get(obj);
        if (!set) out.set(obj, (set = new Set()));
        for (const p of perms.keys()) {
          set.add(p);
          for (const up of OBJECT_MUTE_UP[p]) set.add(up);
        }
      }
    }
    return (this.builtObjects = out);
  }
  get fields(): Muted['fields'] {
    return (this.builtFields ??= this.mutedFields(null));
  }
  fieldsAmong(among: ReadonlySet<string>): Muted['fields'] {
    return this.builtFields ?? this.mutedFields(among);
  }
  private mutedFields(among: ReadonlySet<string> | null): Muted['fields'] {
    const out: Muted['fields'] = new Map();
    for (const ms of this.muting) {
      for (const [field, perms] of rawFieldGrants(this.index, ms.Id, among)) {
        let set = out.get(field);
        if (!set) out.set(field, (set = new Set()));
        for (const p of perms.keys()) set.add(p);
        if (set.has('Read')) set.add('Edit');
      }
    }
    return out;
  }
}

export function mutedBy(index: SnapshotIndex, muting: readonly SfRecord[]): Muted {
  return new LazyMuted(index, muting);
}
