/**
 * What each integration user can do, with the grant behind every permission: Effective
 * Access (object level), Sensitive Fields and System Permissions. Rows are produced per user
 * as the sheet is written, so a user with access to every object of a large org never holds
 * the whole sheet in memory. Each sheet asks the engine for the part of access it shows
 * (objects; the org's sensitive fields; the high-risk permissions), not the user's whole
 * effective access: with 10,000 objects, each user's full access (objects, every field,
 * setup entities) is millions of objects, and the engine keeps 64 users of it.
 */
import { sensitiveFields } from '../../../../shared/audit/checks/permissions';
import { normalizePermissionName, type Access } from '../../../../shared/audit/scope';
import { OBJECT_PERMS, type ObjectPerm, type Source } from '../../../../shared/audit/types';
import { accessWords, labelled, permissionLabel, riskOf, sourceText } from '../../../../shared/audit/evidence-words';
import { declaredField, declaredObject, justification, type PackData, type PackUser } from '../data';
import { row, yesNo, type SheetSpec } from '../model';

const LEVEL: Record<ObjectPerm, Access> = { Read: 'read', Create: 'create', Edit: 'edit', Delete: 'delete', ViewAllRecords: 'viewAll', ModifyAllRecords: 'modifyAll' };
const LABEL: Record<ObjectPerm, string> = { Read: 'Read', Create: 'Create', Edit: 'Edit', Delete: 'Delete', ViewAllRecords: 'View All', ModifyAllRecords: 'Modify All' };

export { sourceText };

/** `permission set A: Read, Edit; profile P: Read` — each source once, with what it grants. */
export function grantedBy(perms: [string, Source[] | undefined][]): string {
  const bySource = new Map<string, string[]>();
  for (const [perm, sources] of perms) {
    for (const s of sources ?? []) {
      const k = sourceText(s);
      const list = bySource.get(k) ?? [];
      if (!list.includes(perm)) list.push(perm);
      bySource.set(k, list);
    }
  }
  return [...bySource].map(([k, p]) => `${k}: ${p.join(', ')}`).join('; ');
}

const systemsOf = (u: PackUser): string => (u.systems.length ? u.systems.map((s) => s.name).join(', ') : 'not declared');

export function effectiveAccessSheet(pack: PackData): SheetSpec {
  return {
    name: 'Effective Access',
    widths: [38, 16, 28, 7, 8, 7, 8, 9, 10, 22, 32, 70],
    headerRow: true,
    alertColumns: [11],
    rows: function* () {
      yield row(
        ['Integration user', 'Systems', 'Object', 'Read', 'Create', 'Edit', 'Delete', 'View All', 'Modify All', 'Declared', 'Beyond declared scope', 'Granted by'],
        'header',
      );
      for (const u of pack.users) {
        const objects = pack.prepared.engine.objectAccess(u.id);
        if (!objects) continue;
        for (const [object, perms] of Object.entries(objects)) {
          const held = OBJECT_PERMS.filter((p) => (perms[p]?.length ?? 0) > 0);
          if (held.length === 0) continue;
          const d = declaredObject(u, object);
          const declared = u.systems.length === 0 ? 'no system declared' : d.levels.length ? accessWords(d.levels) : 'not declared';
          const beyond =
            u.systems.length === 0
              ? ''
              : held
                  .filter((p) => !d.closed.has(LEVEL[p]))
                  .map((p) => LABEL[p])
                  .join(', ');
          yield row([
            u.username,
            systemsOf(u),
            labelled(object, pack.objectLabels.get(object)),
            ...OBJECT_PERMS.map((p) => yesNo(held.includes(p))),
            declared,
            beyond,
            grantedBy(held.map((p) => [LABEL[p], perms[p]])),
          ]);
        }
      }
    },
  };
}

/** Each integration user's access to the org's sensitive fields, in field order (as effective access lists them). */
export function sensitiveFieldsSheet(pack: PackData): SheetSpec {
  return {
    name: 'Sensitive Fields',
    widths: [30, 22, 36, 18, 7, 7, 26, 22, 70],
    headerRow: true,
    alertColumns: [8],
    rows: function* () {
      yield row(['Integration user', 'Systems', 'Field', 'Classification', 'Read', 'Edit', 'Declared', 'Beyond declared scope', 'Granted by'], 'header');
      const { list: sensitive, names } = sensitiveFields(pack.prepared);
      const engine = pack.prepared.engine;
      for (const u of pack.users) {
        if (!pack.prepared.index.userById.has(u.id)) continue;
        for (const [field, tags] of sensitive) {
          const perms = engine.fieldAccess(u.id, field, names);
          if (!perms) continue;
          const read = (perms.Read?.length ?? 0) > 0;
          const edit = (perms.Edit?.length ?? 0) > 0;
          if (!read && !edit) continue;
          const d = declaredField(u, field, tags);
          const beyond = u.systems.length === 0 ? '' : [read && !d.read ? 'Read' : '', edit && !d.edit ? 'Edit' : ''].filter(Boolean).join(', ');
          yield row([
            u.username,
            systemsOf(u),
            labelled(field, fieldLabel(pack, field)),
            tags.join(', '),
            yesNo(read),
            yesNo(edit),
            u.systems.length === 0 ? 'no system declared' : d.text || 'not declared',
            beyond,
            grantedBy([
              ['Read', perms.Read],
              ['Edit', perms.Edit],
            ]),
          ]);
        }
      }
    },
  };
}

/** A field's label (FieldDefinition.Label) for 'Object.Field', when collected. */
function fieldLabel(pack: PackData, field: string): string | undefined {
  const label = pack.prepared.index.fieldDefs.get(field)?.Label;
  const object = field.slice(0, field.indexOf('.'));
  if (typeof label !== 'string' || !label.trim() || label.trim() === field.slice(object.length + 1)) return undefined;
  return `${pack.objectLabels.get(object) ?? object}: ${label}`;
}

/** Every high-risk system permission an integration user holds, weighted: the Risk column says how much it opens. */
export function systemPermissionsSheet(pack: PackData): SheetSpec {
  const highRisk = pack.prepared.settings.highRiskPermissions.map(normalizePermissionName);
  return {
    name: 'System Permissions',
    widths: [30, 22, 36, 44, 70, 50, 14],
    headerRow: true,
    alertColumns: [4],
    statusColumns: [7],
    rows: function* () {
      yield row(['Integration user', 'Systems', 'Permission', 'Risk', 'Granted by', 'Declared justification', 'Result'], 'header');
      const engine = pack.prepared.engine;
      for (const u of pack.users) {
        if (!pack.prepared.index.userById.has(u.id)) continue;
        for (const p of highRisk) {
          const sources = engine.systemPermission(u.id, p);
          if (!sources.length) continue;
          const why = justification(u, p);
          yield row([u.username, systemsOf(u), permissionLabel(p), riskOf(p), [...new Set(sources.map(sourceText))].join('; '), why ?? '', why ? 'pass' : 'fail']);
        }
      }
    },
  };
}
