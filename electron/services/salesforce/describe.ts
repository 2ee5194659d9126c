/**
 * Describe before fetching: which objects this org serves at the pinned API version, and
 * which of the fields we want each has (plus every `Permissions*` boolean on the permission
 * objects). Field types come along so Bulk API CSV values can be typed like REST's JSON.
 */
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import type { SfClient } from './client';

export type FieldTypes = Map<string, string>;

export interface DescribedObject {
  name: string;
  /** Fields to select, in the spec's order, then permission fields sorted. */
  fields: string[];
  /** Fields the spec asked for that this org does not have (recorded in the log). */
  missing: string[];
  types: FieldTypes;
}

export async function describeGlobal(client: SfClient): Promise<Map<string, string>> {
  const body = await client.get<{ sobjects: { name: string; queryable?: boolean }[] }>(client.dataPath('/sobjects'));
  const names = new Map<string, string>();
  for (const s of body.sobjects ?? []) if (s.queryable !== false) names.set(s.name.toLowerCase(), s.name);
  return names;
}

export async function describeObject(client: SfClient, spec: ObjectSpec): Promise<DescribedObject> {
  const path = spec.tooling ? `/tooling/sobjects/${encodeURIComponent(spec.name)}/describe` : `/sobjects/${encodeURIComponent(spec.name)}/describe`;
  const body = await client.get<{ fields: { name: string; type: string }[] }>(client.dataPath(path));
  return planFields(spec, body.fields ?? []);
}

export function planFields(spec: ObjectSpec, described: { name: string; type: string }[]): DescribedObject {
  const byLower = new Map(described.map((f) => [f.name.toLowerCase(), f]));
  const fields: string[] = [];
  const missing: string[] = [];
  const types: FieldTypes = new Map();
  for (const wanted of spec.fields) {
    const f = byLower.get(wanted.toLowerCase());
    if (!f) {
      missing.push(wanted);
      continue;
    }
    if (!fields.includes(f.name)) fields.push(f.name);
    types.set(f.name, f.type);
  }
  if (spec.permissionFields) {
    const perms = described
      .filter((f) => /^Permissions[A-Za-z0-9_]+$/.test(f.name) && f.type === 'boolean' && !fields.includes(f.name))
      .map((f) => f.name)
      .sort();
    for (const p of perms) {
      fields.push(p);
      types.set(p, 'boolean');
    }
  }
  if (!fields.includes('Id') && byLower.has('id')) {
    fields.unshift('Id');
    types.set('Id', 'id');
  }
  return { name: spec.name, fields, missing, types };
}
