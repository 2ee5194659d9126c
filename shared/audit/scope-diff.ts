/**
 * What changed between two versions of a declared scope, in sentences an auditor can read in
 * the scope history ("Billing: objects.Account read, edit → read, edit, viewAll"). Pure.
 */
import type { ScopeFile, SystemScope } from './scope';
import { cmp } from './util';

const text = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '(none)';
  if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

function recordChanges(name: string, key: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(cmp);
  for (const k of keys) {
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (a === undefined) out.push(`${name}: ${key}.${k} added: ${text(b)}`);
    else if (b === undefined) out.push(`${name}: ${key}.${k} removed (was ${text(a)})`);
    else out.push(`${name}: ${key}.${k} ${text(a)} → ${text(b)}`);
  }
  return out;
}

function listChanges(name: string, key: string, before: readonly string[] | undefined, after: readonly string[] | undefined): string[] {
  const a = new Set(before ?? []);
  const b = new Set(after ?? []);
  const added = [...b].filter((x) => !a.has(x));
  const removed = [...a].filter((x) => !b.has(x));
  const out: string[] = [];
  if (added.length) out.push(`${name}: ${key} added ${added.join(', ')}`);
  if (removed.length) out.push(`${name}: ${key} removed ${removed.join(', ')}`);
  return out;
}

const RECORDS = new Set(['objects', 'fields', 'systemPermissions', 'thresholds']);
const LISTS = new Set(['users', 'classifications', 'ipRanges']);

export function systemChanges(before: SystemScope, after: SystemScope): string[] {
  const name = after.name;
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(cmp) as (keyof SystemScope)[];
  for (const k of keys) {
    const a = before[k];
    const b = after[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (RECORDS.has(k)) out.push(...recordChanges(name, k, a as Record<string, unknown> | undefined, b as Record<string, unknown> | undefined));
    else if (LISTS.has(k)) out.push(...listChanges(name, k, a as string[] | undefined, b as string[] | undefined));
    else out.push(`${name}: ${k} ${text(a)} → ${text(b)}`);
  }
  return out;
}

/** Sentences describing how `after` differs from `before` (null: there was no scope). */
export function scopeChanges(before: ScopeFile | null, after: ScopeFile): string[] {
  const old = new Map((before?.systems ?? []).map((s) => [s.name, s]));
  const out: string[] = [];
  for (const s of after.systems) {
    const was = old.get(s.name);
    old.delete(s.name);
    if (!was)
      out.push(
        `${s.name}: system declared (${s.users.length} user${s.users.length === 1 ? '' : 's'}, ${Object.keys(s.objects).length} object${Object.keys(s.objects).length === 1 ? '' : 's'})`,
      );
    else out.push(...systemChanges(was, s));
  }
  for (const s of old.values()) out.push(`${s.name}: system removed`);
  return out;
}
