/**
 * What the integration user can do, against its declared scope: IU-05 high-risk system
 * permissions, IU-06 object access, IU-07 sensitive fields, IU-08 View All / Modify All.
 *
 * Object grants that exist only because of Modify All Data / View All Data are not listed object
 * by object (that would be every object of the org): IU-06/IU-08 fail with the system
 * permission's grant as evidence and point at IU-05, the root cause.
 */
import { closeAccess, normalizePermissionName, type Access } from '../scope';
import { describeSources } from '../classify';
import type { EvidenceRow, ObjectPerm, Source } from '../types';
import { grantRow, outcome, plural, type UserCheck, type UserCheckContext } from './context';

const LEVEL: Record<ObjectPerm, Access> = {
  Read: 'read',
  Create: 'create',
  Edit: 'edit',
  Delete: 'delete',
  ViewAllRecords: 'viewAll',
  ModifyAllRecords: 'modifyAll',
};
const SYSTEM_ROOTS = new Set(['ModifyAllData', 'ViewAllData']);

function onlyViaSystem(sources: readonly Source[]): boolean {
  return sources.every((s) => s.impliedBy !== undefined && SYSTEM_ROOTS.has(s.impliedBy));
}

export const iu05: UserCheck = ({ engine, index, user, system, settings }) => {
  const justified = new Map(Object.entries(system.systemPermissions ?? {}).map(([k, v]) => [normalizePermissionName(k), v]));
  const list = settings.highRiskPermissions.map(normalizePermissionName);
  const absent = list.filter((p) => !index.permissionFields.has(p));
  // Only the listed permissions: the user's whole access (objects, fields) is not needed here.
  const granted = new Map<string, Source[]>();
  for (const p of list) if (!granted.has(p) && engine.hasSystemPermission(user.Id, p)) granted.set(p, engine.systemPermission(user.Id, p));
  const held = list.filter((p) => granted.has(p));
  const evidence: EvidenceRow[] = held.map((p) => grantRow(index, 'PermissionSet', granted.get(p)!, { permission: p, justification: justified.get(p) ?? null }));
  const excess = held.filter((p) => !justified.has(p));
  const absentNote = absent.length ? ` (${plural(absent.length, 'permission')} of the list not present in this org)` : '';
  if (excess.length > 0) {
    const detail = excess.map((p) => `${p} via ${describeSources(granted.get(p)!)}`).join('; ');
    return outcome('fail', `${plural(excess.length, 'unjustified high-risk permission')}: ${detail}`, evidence);
  }
  if (held.length > 0) return outcome('pass', `holds ${held.join(', ')}, justified in the declared scope${absentNote}`, evidence);
  return outcome('pass', `none of ${plural(list.length - absent.length, 'high-risk permission')} held${absentNote}`, evidence);
};

function objectExcess(ctx: UserCheckContext & { user: { Id: string } }, perms: readonly ObjectPerm[]): { evidence: EvidenceRow[]; viaSystem: number; granted: number } {
  const objects = ctx.engine.objectAccess(ctx.user.Id);
  const justified = new Set(Object.keys(ctx.system.systemPermissions ?? {}).map(normalizePermissionName));
  const evidence: EvidenceRow[] = [];
  const roots = new Set<string>();
  let viaSystem = 0;
  let granted = 0;
  for (const [obj, objPerms] of Object.entries(objects ?? {})) {
    const declared = closeAccess(ctx.system.objects[obj] ?? []);
    for (const p of perms) {
      const sources = objPerms[p];
      if (!sources?.length) continue;
      granted++;
      if (declared.has(LEVEL[p])) continue;
      if (onlyViaSystem(sources)) {
        // A justified Modify/View All Data carries its object-level consequences with it.
        if (sources.some((s) => justified.has(s.impliedBy!))) continue;
        viaSystem++;
        for (const s of sources) roots.add(s.impliedBy!);
        continue;
      }
      evidence.push(grantRow(ctx.index, 'ObjectPermissions', sources, { sobject: obj, permission: p }));
    }
  }
  for (const root of [...roots].sort()) {
    const sources = objects ? ctx.engine.systemPermission(ctx.user.Id, root) : [];
    if (sources.length) evidence.push(grantRow(ctx.index, 'PermissionSet', sources, { permission: root, impliesOnEveryObject: true }));
  }
  return { evidence, viaSystem, granted };
}

function systemNote(n: number): string {
  return n ? `; ${plural(n, 'more grant')} implied by Modify/View All Data (see IU-05)` : '';
}

export const iu06: UserCheck = (ctx) => {
  const { evidence, viaSystem, granted } = objectExcess(ctx, ['Read', 'Create', 'Edit', 'Delete']);
  const direct = evidence.filter((e) => e.sobject !== undefined);
  if (direct.length > 0) {
    const objects = [...new Set(direct.map((e) => String(e.sobject)))];
    return outcome('fail', `${plural(direct.length, 'object permission')} beyond the declared scope on ${objects.join(', ')}${systemNote(viaSystem)}`, evidence);
  }
  if (viaSystem > 0) return outcome('fail', `object access beyond the declared scope only through Modify/View All Data${systemNote(viaSystem)}`, evidence);
  return outcome('pass', `${plural(granted, 'object permission')} (read/create/edit/delete), all within the declared scope`);
};

export const iu08: UserCheck = (ctx) => {
  const { evidence, viaSystem } = objectExcess(ctx, ['ViewAllRecords', 'ModifyAllRecords']);
  const direct = evidence.filter((e) => e.sobject !== undefined);
  if (direct.length > 0) {
    const objects = [...new Set(direct.map((e) => String(e.sobject)))];
    return outcome('fail', `View All / Modify All not declared on ${objects.join(', ')}${systemNote(viaSystem)}`, evidence);
  }
  if (viaSystem > 0) return outcome('fail', `View All / Modify All on every object through Modify/View All Data${systemNote(viaSystem)}`, evidence);
  return outcome('pass', 'no undeclared View All / Modify All records');
};

export function sensitiveTags(fd: Record<string, unknown> | undefined, ctx: Pick<UserCheckContext, 'settings'>): string[] {
  if (!fd) return [];
  const groups = new Set(ctx.settings.sensitiveComplianceGroups.map((g) => g.toUpperCase()));
  const classes = new Set(ctx.settings.sensitiveSecurityClassifications.map((g) => g.toUpperCase()));
  const tags = String(fd.ComplianceGroup ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t && groups.has(t.toUpperCase()));
  const sc = typeof fd.SecurityClassification === 'string' ? fd.SecurityClassification.trim() : '';
  if (sc && classes.has(sc.toUpperCase())) tags.push(sc);
  return [...new Set(tags)].sort();
}

interface SensitiveFields {
  /** [field, tags] in field order: a few dozen among thousands of fields. */
  list: [string, string[]][];
  names: ReadonlySet<string>;
}

const sensitiveCache = new WeakMap<object, WeakMap<object, SensitiveFields>>();
export function sensitiveFields(ctx: Pick<UserCheckContext, 'index' | 'settings'>): SensitiveFields {
  let bySettings = sensitiveCache.get(ctx.index);
  if (!bySettings) sensitiveCache.set(ctx.index, (bySettings = new WeakMap()));
  let found = bySettings.get(ctx.settings);
  if (!found) {
    const list: [string, string[]][] = [];
    for (const field of [...ctx.index.fieldDefs.keys()].sort()) {
      const tags = sensitiveTags(ctx.index.fieldDefs.get(field), ctx);
      if (tags.length > 0) list.push([field, tags]);
    }
    found = { list, names: new Set(list.map(([f]) => f)) };
    bySettings.set(ctx.settings, found);
  }
  return found;
}

export const iu07: UserCheck = (ctx) => {
  const { engine, index, user, system } = ctx;
  const allowedTags = new Set((system.classifications ?? []).map((c) => c.toUpperCase()));
  const evidence: EvidenceRow[] = [];
  let sensitive = 0;
  const { list, names } = sensitiveFields(ctx);
  for (const [field, tags] of list) {
    const perms = engine.fieldAccess(user.Id, field, names);
    if (!perms) continue;
    sensitive++;
    const declared = new Set(system.fields?.[field] ?? []);
    if (declared.has('edit')) declared.add('read');
    const byClassification = tags.every((t) => allowedTags.has(t.toUpperCase()));
    for (const p of ['Read', 'Edit'] as const) {
      const sources = perms[p];
      if (!sources?.length || byClassification || declared.has(p === 'Read' ? 'read' : 'edit')) continue;
      evidence.push(grantRow(index, 'FieldPermissions', sources, { field, permission: p, classifications: tags }));
    }
  }
  if (evidence.length > 0) {
    const fields = [...new Set(evidence.map((e) => String(e.field)))];
    return outcome('fail', `undeclared access to ${plural(fields.length, 'sensitive field')}: ${fields.join(', ')}`, evidence);
  }
  if (sensitive === 0) return outcome('pass', 'no access to fields classified as sensitive');
  return outcome('pass', `${plural(sensitive, 'sensitive field')} accessible, all declared`);
};
