/**
 * Least-privilege permission set as Salesforce DX source (issue #18, docs/usage.md
 * "Remediation"). Pure: from a system's usage rows, its declared scope and the user's current
 * access, it builds the files; the caller writes them. We never deploy: the admin does.
 *
 * Metadata API PermissionSet (Metadata API Developer Guide, "PermissionSet"): child elements in
 * the schema's (alphabetical) order — description, fieldPermissions, hasActivationRequired,
 * label, license, objectPermissions, userPermissions; objectPermissions children allowCreate,
 * allowDelete, allowEdit, allowRead, modifyAllRecords, object, viewAllRecords; fieldPermissions
 * editable, field, readable; userPermissions enabled, name. Files live in `permissionsets/`
 * named `<fullName>.permissionset-meta.xml` (source format).
 *
 * Bases: `declared` (the scope), `used` (what the evidence shows), `both` (declared AND used —
 * the strictest). Whatever the basis, the set never grants more than the user holds today: it
 * replaces access, it does not add any.
 */
import type { EffectiveAccess } from '../audit/access';
import { closeAccess, normalizePermissionName, type Access, type SystemScope } from '../audit/scope';
import type { Source } from '../audit/types';
import type { UsageRow } from '../audit/usage';
import { cmp } from '../audit/util';
import { permissionSetPackageXml, xmlEscape } from '../metadata-xml';

export type Basis = 'declared' | 'used' | 'both';

/** The permission set license an integration-licensed user's sets must carry (Salesforce Help, "Give Integration Users API Only Access"). */
export const INTEGRATION_PSL = 'Salesforce API Integration';

export interface ObjectGrant {
  object: string;
  allowCreate: boolean;
  allowDelete: boolean;
  allowEdit: boolean;
  allowRead: boolean;
  modifyAllRecords: boolean;
  viewAllRecords: boolean;
}
export interface FieldGrant {
  field: string;
  readable: boolean;
  editable: boolean;
}

export interface LeastPrivilege {
  fullName: string;
  label: string;
  description: string;
  license: string;
  objects: ObjectGrant[];
  fields: FieldGrant[];
  userPermissions: string[];
}

export interface ExcessSource {
  source: Source;
  /** What it grants beyond the basis, in words. */
  grants: string[];
}

export interface RemediationPlan {
  system: string;
  basis: Basis;
  permissionSet: LeastPrivilege;
  /** Current sources that grant something the new set does not. */
  excess: ExcessSource[];
  /** Every current source of the user's access (the set replaces these once the admin unassigns them). */
  users: string[];
}

const PERM_OF: Record<Access, keyof Omit<ObjectGrant, 'object'>> = {
  read: 'allowRead',
  create: 'allowCreate',
  edit: 'allowEdit',
  delete: 'allowDelete',
  viewAll: 'viewAllRecords',
  modifyAll: 'modifyAllRecords',
};
/** Permissions that take access away (API Only User): never "excess". */
const RESTRICTIONS = new Set(['ApiUserOnly']);
const OBJECT_PERM_LEVEL: Record<string, Access> = { Read: 'read', Create: 'create', Edit: 'edit', Delete: 'delete', ViewAllRecords: 'viewAll', ModifyAllRecords: 'modifyAll' };

/** A Metadata API full name: letters, digits, single underscores, starting with a letter, at most 80 characters. */
export function safeApiName(system: string): string {
  let base = system
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (!/^[A-Za-z]/.test(base)) base = `S_${base}`;
  const suffix = '_Least_Privilege';
  return (base.slice(0, 80 - suffix.length).replace(/_+$/, '') || 'System') + suffix;
}

/** Levels of one object for the basis, closed under Salesforce's implications and capped by today's grants. */
function levelsFor(basis: Basis, row: UsageRow | undefined, declared: readonly Access[]): Set<Access> {
  const d = closeAccess(declared);
  const u = closeAccess(row?.used ?? []);
  const chosen = basis === 'declared' ? d : basis === 'used' ? u : new Set([...d].filter((l) => u.has(l)));
  const granted = new Set(Object.keys(row?.granted ?? {}) as Access[]);
  return closeAccess([...chosen].filter((l) => granted.has(l)));
}

export function planRemediation(input: { system: SystemScope; basis: Basis; access: EffectiveAccess[]; rows: UsageRow[] }): RemediationPlan {
  const { system, basis } = input;
  const rowsByObject = new Map(input.rows.map((r) => [r.sobject.toLowerCase(), r]));
  const objects: ObjectGrant[] = [];
  const names = new Set<string>([...input.rows.map((r) => r.sobject), ...Object.keys(system.objects)]);
  const chosenLevels = new Map<string, Set<Access>>();
  for (const object of [...names].sort(cmp)) {
    const row = rowsByObject.get(object.toLowerCase());
    const declared = Object.entries(system.objects).find(([o]) => o.toLowerCase() === object.toLowerCase())?.[1] ?? [];
    const levels = levelsFor(basis, row, declared);
    if (levels.size === 0) continue;
    chosenLevels.set(object.toLowerCase(), levels);
    const g: ObjectGrant = { object, allowCreate: false, allowDelete: false, allowEdit: false, allowRead: false, modifyAllRecords: false, viewAllRecords: false };
    for (const l of levels) g[PERM_OF[l]] = true;
    objects.push(g);
  }
  // Fields: declared basis = declared fields; used basis = today's field grants on objects kept (edit only where the object keeps edit/create);
  // both = both. Always capped by today's grants.
  const fields: FieldGrant[] = [];
  const grantedFields = new Map<string, { read: boolean; edit: boolean }>();
  for (const a of input.access) {
    for (const [field, perms] of Object.entries(a.fields)) {
      const prior = grantedFields.get(field) ?? { read: false, edit: false };
      grantedFields.set(field, { read: prior.read || !!perms.Read?.length, edit: prior.edit || !!perms.Edit?.length });
    }
  }
  for (const [field, g] of [...grantedFields].sort(([a], [b]) => cmp(a, b))) {
    const object = field.split('.')[0].toLowerCase();
    const kept = chosenLevels.get(object);
    if (!kept) continue;
    const declared = system.fields?.[field] ?? [];
    const byDeclared = { read: declared.includes('read') || declared.includes('edit'), edit: declared.includes('edit') };
    const byUse = { read: true, edit: kept.has('edit') || kept.has('create') };
    const want = basis === 'declared' ? byDeclared : basis === 'used' ? byUse : { read: byDeclared.read && byUse.read, edit: byDeclared.edit && byUse.edit };
    const readable = want.read && g.read;
    const editable = readable && want.edit && g.edit;
    if (readable) fields.push({ field, readable, editable });
  }
  // System permissions: usage cannot show them, so only declared ones held today (and API Enabled, which every integration needs) are kept.
  const held = new Set(input.access.flatMap((a) => Object.keys(a.systemPermissions)));
  const declaredPerms = Object.keys(system.systemPermissions ?? {}).map(normalizePermissionName);
  const userPermissions = [...new Set(['ApiEnabled', ...(basis === 'used' ? [] : declaredPerms)])].filter((p) => held.has(p)).sort(cmp);

  const excess = new Map<string, ExcessSource>();
  const note = (source: Source, what: string) => {
    const key = `${source.kind}:${source.id}`;
    let e = excess.get(key);
    if (!e) excess.set(key, (e = { source: { kind: source.kind, id: source.id, name: source.name }, grants: [] }));
    if (!e.grants.includes(what)) e.grants.push(what);
  };
  for (const a of input.access) {
    for (const [object, perms] of Object.entries(a.objects)) {
      const kept = chosenLevels.get(object.toLowerCase()) ?? new Set<Access>();
      for (const [perm, sources] of Object.entries(perms)) {
        const level = OBJECT_PERM_LEVEL[perm];
        if (!level || kept.has(level)) continue;
        for (const s of sources ?? []) if (!s.impliedBy) note(s, `${object} ${level}`);
      }
    }
    for (const [field, perms] of Object.entries(a.fields)) {
      const f = fields.find((x) => x.field === field);
      if (perms.Edit?.length && !f?.editable) for (const s of perms.Edit) if (!s.impliedBy) note(s, `${field} edit`);
      if (perms.Read?.length && !f?.readable) for (const s of perms.Read) if (!s.impliedBy) note(s, `${field} read`);
    }
    for (const [perm, sources] of Object.entries(a.systemPermissions)) {
      if (userPermissions.includes(perm) || RESTRICTIONS.has(perm)) continue;
      for (const s of sources) if (!s.impliedBy) note(s, perm);
    }
  }
  for (const e of excess.values()) e.grants.sort(cmp);
  const fullName = safeApiName(system.name);
  return {
    system: system.name,
    basis,
    users: input.access.map((a) => a.username).sort(cmp),
    excess: [...excess.values()].sort((a, b) => cmp(a.source.kind, b.source.kind) || cmp(a.source.name, b.source.name) || cmp(a.source.id, b.source.id)),
    permissionSet: {
      fullName,
      label: `${system.name} (least privilege)`.slice(0, 80),
      description: `Least-privilege access for ${system.name} on the ${basis} basis, generated by Integration User Auditor.`.slice(0, 255),
      license: INTEGRATION_PSL,
      objects,
      fields,
      userPermissions,
    },
  };
}

const el = (name: string, value: string | boolean) => `        <${name}>${typeof value === 'boolean' ? String(value) : xmlEscape(value)}</${name}>`;

export function permissionSetXml(ps: LeastPrivilege): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">'];
  out.push(`    <description>${xmlEscape(ps.description)}</description>`);
  for (const f of ps.fields) out.push('    <fieldPermissions>', el('editable', f.editable), el('field', f.field), el('readable', f.readable), '    </fieldPermissions>');
  out.push('    <hasActivationRequired>false</hasActivationRequired>');
  out.push(`    <label>${xmlEscape(ps.label)}</label>`);
  out.push(`    <license>${xmlEscape(ps.license)}</license>`);
  for (const o of ps.objects) {
    out.push(
      '    <objectPermissions>',
      el('allowCreate', o.allowCreate),
      el('allowDelete', o.allowDelete),
      el('allowEdit', o.allowEdit),
      el('allowRead', o.allowRead),
      el('modifyAllRecords', o.modifyAllRecords),
      el('object', o.object),
      el('viewAllRecords', o.viewAllRecords),
      '    </objectPermissions>',
    );
  }
  for (const p of ps.userPermissions) out.push('    <userPermissions>', el('enabled', true), el('name', p), '    </userPermissions>');
  out.push('</PermissionSet>', '');
  return out.join('\n');
}

export function packageXml(fullName: string): string {
  return permissionSetPackageXml(fullName);
}

/** Markdown text from org data: no raw HTML, no table breaks, no line breaks. */
function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*{}[\]<>|#]/g, (c) => `\\${c}`);
}

export function remediationMarkdown(plan: RemediationPlan, meta: { orgAlias: string; snapshotId: string; generatedAt: string; windowStart: string; windowEnd: string }): string {
  const ps = plan.permissionSet;
  const lines = [
    `# Least-privilege permission set for ${md(plan.system)}`,
    '',
    `Generated by Integration User Auditor on ${meta.generatedAt} from snapshot ${md(meta.snapshotId)} of ${md(meta.orgAlias)}.`,
    `Basis: **${plan.basis}** (${plan.basis === 'declared' ? 'what the declared scope lists' : plan.basis === 'used' ? 'what the usage evidence shows' : 'what is both declared and used'}),`,
    `never more than the integration user holds today. Usage window: ${meta.windowStart} to ${meta.windowEnd}.`,
    '',
    `Nothing was changed in the org. This folder is Salesforce DX source: \`permissionsets/${ps.fullName}.permissionset-meta.xml\` and \`package.xml\`.`,
    '',
    '## What the new permission set grants',
    '',
    '| object | read | create | edit | delete | view all | modify all |',
    '|---|---|---|---|---|---|---|',
    ...ps.objects.map(
      (o) =>
        `| ${md(o.object)} | ${o.allowRead ? 'yes' : ''} | ${o.allowCreate ? 'yes' : ''} | ${o.allowEdit ? 'yes' : ''} | ${o.allowDelete ? 'yes' : ''} | ${o.viewAllRecords ? 'yes' : ''} | ${o.modifyAllRecords ? 'yes' : ''} |`,
    ),
    '',
    `Fields: ${ps.fields.length ? ps.fields.map((f) => `${md(f.field)} (${f.editable ? 'read/edit' : 'read'})`).join(', ') : 'none'}.`,
    `System permissions: ${ps.userPermissions.length ? ps.userPermissions.map(md).join(', ') : 'none'}.`,
    `License: ${md(ps.license)} (so it can be assigned to a user with the Salesforce Integration license).`,
    '',
    '## Current sources of excess access (unassign after deploying)',
    '',
    plan.excess.length ? '| kind | name | Id | grants beyond the basis |' : "None: today's access already matches the basis.",
    ...(plan.excess.length ? ['|---|---|---|---|'] : []),
    ...plan.excess.map((e) => `| ${e.source.kind} | ${md(e.source.name)} | ${md(e.source.id)} | ${e.grants.map(md).join(', ')} |`),
    '',
    `Users: ${plan.users.map(md).join(', ') || 'none found'}.`,
    '',
    '## Deploy',
    '',
    '```sh',
    'sf project deploy start --source-dir permissionsets --target-org <alias>   # run from this folder',
    `sf org assign permset --name ${ps.fullName} --on-behalf-of <integration username> --target-org <alias>`,
    '```',
    '',
    'Then remove the assignments listed above (Setup → Users → the integration user → Permission Set Assignments),',
    "run the integration's usual jobs, and collect and evaluate again.",
    '',
    '## Roll back',
    '',
    '1. Re-assign the permission sets and groups listed above (their Ids are in the table) before anything else.',
    `2. Unassign ${ps.fullName} in Setup (the user's Permission Set Assignments), or delete its assignment record:`,
    `   \`sf data delete record --sobject PermissionSetAssignment --where "AssigneeId='<user Id>' PermissionSetId='<Id of ${ps.fullName}>'" --target-org <alias>\`.`,
    `3. Optionally delete ${ps.fullName} in Setup → Permission Sets once nobody holds it.`,
    '',
  ];
  return lines.join('\n');
}
