/**
 * What one permission set (profile-owned, regular, or a group component after muting) grants,
 * closed under Salesforce's implications. Cached per permission set: thousands of users share
 * a handful of sources, so each is computed once.
 */
import type { SfRecord } from '../model';
import type { FieldPerm, ObjectPerm } from './types';
import type { SnapshotIndex } from './snapshot-index';

export interface Grant {
  recordId: string;
  /** Root permission it follows from, when not checked itself. */
  impliedBy?: string;
}

export interface PsGrants {
  objects: Map<string, Map<ObjectPerm, Grant>>;
  fields: Map<string, Map<FieldPerm, Grant>>;
  system: Map<string, Grant>;
  setup: Map<string, { type: string; recordId: string }>;
}

export interface Muted {
  objects: Map<string, Set<ObjectPerm>>;
  fields: Map<string, Set<FieldPerm>>;
  system: Set<string>;
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

export function emptyGrants(): PsGrants {
  return { objects: new Map(), fields: new Map(), system: new Map(), setup: new Map() };
}

/** The checked boxes of a PermissionSet/Profile/MutingPermissionSet and its child rows, before implications. */
export function rawGrants(index: SnapshotIndex, holder: SfRecord, childrenOf: string = holder.Id): PsGrants {
  const g = emptyGrants();
  for (const k in holder) if (k.startsWith('Permissions') && holder[k] === true) g.system.set(k.slice(11), { recordId: holder.Id });
  for (const row of index.objectPermsByParent.get(childrenOf) ?? []) {
    const obj = row.SobjectType;
    if (typeof obj !== 'string') continue;
    let perms = g.objects.get(obj);
    for (const [flag, perm] of OBJECT_FLAG) {
      if (row[flag] !== true) continue;
      if (!perms) g.objects.set(obj, (perms = new Map()));
      perms.set(perm, { recordId: row.Id });
    }
  }
  for (const row of index.fieldPermsByParent.get(childrenOf) ?? []) {
    const field = row.Field;
    if (typeof field !== 'string') continue;
    let perms = g.fields.get(field);
    if (row.PermissionsRead === true) {
      if (!perms) g.fields.set(field, (perms = new Map()));
      perms.set('Read', { recordId: row.Id });
    }
    if (row.PermissionsEdit === true) {
      if (!perms) g.fields.set(field, (perms = new Map()));
      perms.set('Edit', { recordId: row.Id });
    }
  }
  for (const row of index.setupAccessByParent.get(childrenOf) ?? []) {
    if (typeof row.SetupEntityId === 'string') g.setup.set(row.SetupEntityId, { type: String(row.SetupEntityType ?? ''), recordId: row.Id });
  }
  return g;
}

/** System permissions only: what classification and org checks need, without touching object rows. */
export function closedSystemGrants(holder: SfRecord, muting: readonly SfRecord[]): Map<string, Grant> {
  const muted = new Set<string>();
  for (const m of muting) for (const k in m) if (k.startsWith('Permissions') && m[k] === true) muted.add(k.slice(11));
  if (muted.has('ViewAllData')) muted.add('ModifyAllData');
  const out = new Map<string, Grant>();
  for (const k in holder) if (k.startsWith('Permissions') && holder[k] === true && !muted.has(k.slice(11))) out.set(k.slice(11), { recordId: holder.Id });
  const mad = out.get('ModifyAllData');
  if (mad && !out.has('ViewAllData')) out.set('ViewAllData', { recordId: mad.recordId, impliedBy: 'ModifyAllData' });
  return out;
}

/**
 * A source's grants, split so the cheap part (system permissions) never pays for the
 * expensive part (object and field rows): classifying 20,000 users needs only the former.
 */
export class LazyGrants {
  private built: PsGrants | undefined;
  constructor(
    readonly system: Map<string, Grant>,
    private readonly build: () => PsGrants,
  ) {}
  get full(): PsGrants {
    return (this.built ??= this.build());
  }
}

export function mutedBy(index: SnapshotIndex, muting: readonly SfRecord[]): Muted {
  const m: Muted = { objects: new Map(), fields: new Map(), system: new Set() };
  for (const ms of muting) {
    const raw = rawGrants(index, ms);
    for (const p of raw.system.keys()) m.system.add(p);
    for (const [obj, perms] of raw.objects) {
      let set = m.objects.get(obj);
      if (!set) m.objects.set(obj, (set = new Set()));
      for (const p of perms.keys()) {
        set.add(p);
        for (const up of OBJECT_MUTE_UP[p]) set.add(up);
      }
    }
    for (const [field, perms] of raw.fields) {
      let set = m.fields.get(field);
      if (!set) m.fields.set(field, (set = new Set()));
      for (const p of perms.keys()) set.add(p);
      if (set.has('Read')) set.add('Edit');
    }
  }
  if (m.system.has('ViewAllData')) m.system.add('ModifyAllData');
  return m;
}

export function applyMuting(g: PsGrants, m: Muted): PsGrants {
  const out = emptyGrants();
  for (const [p, grant] of g.system) if (!m.system.has(p)) out.system.set(p, grant);
  for (const [obj, perms] of g.objects) {
    const muted = m.objects.get(obj);
    const kept = new Map([...perms].filter(([p]) => !muted?.has(p)));
    if (kept.size) out.objects.set(obj, kept);
  }
  for (const [field, perms] of g.fields) {
    const muted = m.fields.get(field);
    const kept = new Map([...perms].filter(([p]) => !muted?.has(p)));
    if (kept.size) out.fields.set(field, kept);
  }
  out.setup = new Map(g.setup);
  return out;
}

/** Apply every implication in place; `allObjects` is the domain of "on every object". */
export function closeGrants(g: PsGrants, allObjects: readonly string[]): PsGrants {
  const mad = g.system.get('ModifyAllData');
  if (mad && !g.system.has('ViewAllData')) g.system.set('ViewAllData', { recordId: mad.recordId, impliedBy: 'ModifyAllData' });
  const vad = g.system.get('ViewAllData');
  const everyObject = (perm: ObjectPerm, origin: Grant, name: string): void => {
    const implied: Grant = { recordId: origin.recordId, impliedBy: origin.impliedBy ?? name };
    for (const obj of allObjects) {
      let perms = g.objects.get(obj);
      if (!perms) g.objects.set(obj, (perms = new Map()));
      if (!perms.has(perm)) perms.set(perm, implied);
    }
  };
  if (mad) everyObject('ModifyAllRecords', mad, 'ModifyAllData');
  if (vad) everyObject('ViewAllRecords', vad, 'ViewAllData');
  for (const perms of g.objects.values()) {
    for (const [from, tos] of OBJECT_IMPLIES) {
      const origin = perms.get(from);
      if (!origin) continue;
      for (const to of tos) if (!perms.has(to)) perms.set(to, { recordId: origin.recordId, impliedBy: origin.impliedBy ?? from });
    }
  }
  for (const perms of g.fields.values()) {
    const edit = perms.get('Edit');
    if (edit && !perms.has('Read')) perms.set('Read', { recordId: edit.recordId, impliedBy: edit.impliedBy ?? 'Edit' });
  }
  return g;
}
