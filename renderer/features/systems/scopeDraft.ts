/**
 * A system's declared scope as the editor holds it (lists instead of records, text instead
 * of arrays) and back, plus mapping validation issues onto the editor's fields. Pure.
 */
import { ACCESS_LEVELS, type Access, type ScopeFile, type SystemScope } from '../../../shared/audit/scope';

export interface Draft {
  name: string;
  owner: string;
  purpose: string;
  vendor: string;
  reviewCadence: string;
  lastReviewed: string;
  users: string[];
  objects: { object: string; levels: Access[] }[];
  fields: { field: string; read: boolean; edit: boolean }[];
  systemPermissions: { name: string; justification: string }[];
  classifications: string;
  authFlow: string;
  connectedApp: string;
  ipRanges: string;
  staleDays: string;
  rotationDays: string;
  lookbackDays: string;
}

export const EMPTY_DRAFT: Draft = {
  name: '',
  owner: '',
  purpose: '',
  vendor: '',
  reviewCadence: '',
  lastReviewed: '',
  users: [],
  objects: [],
  fields: [],
  systemPermissions: [],
  classifications: '',
  authFlow: '',
  connectedApp: '',
  ipRanges: '',
  staleDays: '',
  rotationDays: '',
  lookbackDays: '',
};

export function fromSystem(s: SystemScope): Draft {
  return {
    name: s.name,
    owner: s.owner,
    purpose: s.purpose,
    vendor: s.vendor ?? '',
    reviewCadence: s.reviewCadence ?? '',
    lastReviewed: s.lastReviewed ?? '',
    users: [...s.users],
    objects: Object.entries(s.objects).map(([object, levels]) => ({ object, levels: [...levels] })),
    fields: Object.entries(s.fields ?? {}).map(([field, perms]) => ({ field, read: perms.includes('read'), edit: perms.includes('edit') })),
    systemPermissions: Object.entries(s.systemPermissions ?? {}).map(([name, justification]) => ({ name, justification })),
    classifications: (s.classifications ?? []).join(', '),
    authFlow: s.authFlow ?? '',
    connectedApp: s.connectedApp ?? '',
    ipRanges: (s.ipRanges ?? []).join('\n'),
    staleDays: s.thresholds?.staleDays?.toString() ?? '',
    rotationDays: s.thresholds?.rotationDays?.toString() ?? '',
    lookbackDays: s.thresholds?.lookbackDays?.toString() ?? '',
  };
}

const num = (s: string): number | string | undefined => (s.trim() === '' ? undefined : /^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
const list = (s: string, sep: RegExp): string[] =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

/** Builds the scope object; invalid values are passed through so validation names them. */
export function toSystem(d: Draft): SystemScope {
  const out: Record<string, unknown> = {
    name: d.name.trim(),
    owner: d.owner.trim(),
    purpose: d.purpose.trim(),
    users: d.users.map((u) => u.trim()).filter(Boolean),
    objects: Object.fromEntries(d.objects.filter((o) => o.object.trim()).map((o) => [o.object.trim(), ACCESS_LEVELS.filter((l) => o.levels.includes(l))])),
  };
  if (d.vendor.trim()) out.vendor = d.vendor.trim();
  if (d.reviewCadence.trim()) out.reviewCadence = d.reviewCadence.trim();
  if (d.lastReviewed.trim()) out.lastReviewed = d.lastReviewed.trim();
  const fields = d.fields.filter((f) => f.field.trim());
  if (fields.length) out.fields = Object.fromEntries(fields.map((f) => [f.field.trim(), [...(f.read ? ['read'] : []), ...(f.edit ? ['edit'] : [])]]));
  const perms = d.systemPermissions.filter((p) => p.name.trim());
  if (perms.length) out.systemPermissions = Object.fromEntries(perms.map((p) => [p.name.trim(), p.justification]));
  const classes = list(d.classifications, /,/);
  if (classes.length) out.classifications = classes;
  if (d.authFlow) out.authFlow = d.authFlow;
  if (d.connectedApp.trim()) out.connectedApp = d.connectedApp.trim();
  const ips = list(d.ipRanges, /[\n,]/);
  if (ips.length) out.ipRanges = ips;
  const thresholds = Object.fromEntries((['staleDays', 'rotationDays', 'lookbackDays'] as const).map((k) => [k, num(d[k])]).filter(([, v]) => v !== undefined));
  if (Object.keys(thresholds).length) out.thresholds = thresholds;
  return out as unknown as SystemScope;
}

/** The scope with this system put in place of `originalName` (or appended when new). */
export function withSystem(scope: ScopeFile, originalName: string | null, system: SystemScope): { scope: ScopeFile; index: number } {
  const systems = [...scope.systems];
  const at = originalName === null ? -1 : systems.findIndex((s) => s.name === originalName);
  if (at >= 0) {
    systems[at] = system;
    return { scope: { ...scope, systems }, index: at };
  }
  systems.push(system);
  return { scope: { ...scope, systems }, index: systems.length - 1 };
}

/**
 * An issue path of either shape — `systems[2].objects.Contact[1]` (scope parser) or
 * `scope.systems.2.objects.Contact.1` (the back end's zod paths) — as a path inside system
 * `index` (`objects.Contact.1`), or null when it is about another system.
 */
export function pathInSystem(path: string, index: number): string | null {
  const norm = path
    .replace(/^scope\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
  const prefix = `systems.${index}`;
  if (norm === prefix) return '';
  if (!norm.startsWith(`${prefix}.`)) return null;
  return norm.slice(prefix.length + 1);
}

/** Field messages for the editor keyed by the draft's field (`owner`, `objects.Contact`, `users`…). */
/** "must be a whole number of days, 1 or more" → "Must be a whole number of days, 1 or more." (shown alone on a field). */
function asSentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  return `${m[0].toUpperCase()}${m.slice(1)}${/[.!?]$/.test(m) ? '' : '.'}`;
}

export function draftErrors(issues: { path: string; message: string }[], index: number): { byField: Map<string, string>; other: string[] } {
  const byField = new Map<string, string>();
  const other: string[] = [];
  for (const i of issues) {
    const p = pathInSystem(i.path, index);
    if (p === null) {
      other.push(`${i.path}: ${i.message}`);
      continue;
    }
    const parts = p.split('.');
    const key =
      ['objects', 'fields', 'systemPermissions'].includes(parts[0]) && parts[1]
        ? `${parts[0]}.${parts[1]}`
        : parts[0] === 'thresholds' && parts[1]
          ? parts[1]
          : parts[0] || '(system)';
    if (!byField.has(key)) byField.set(key, asSentence(i.message));
  }
  return { byField, other };
}
