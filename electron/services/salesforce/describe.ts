/**
 * Describe before fetching: which objects this org serves at the pinned API version, and
 * which of the fields we want each has (plus every `Permissions*` boolean on the permission
 * objects). Field types come along so Bulk API CSV values can be typed like REST's JSON.
 */
import type { CoverageGap } from '../../../shared/model';
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import type { SfClient } from './client';
import { coverageGapOf } from './errors';

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
  const body = await client.get<{ fields: { name: string; type: string }[] }>(client.dataPath(`/sobjects/${encodeURIComponent(spec.name)}/describe`));
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

export interface DescribedOrg {
  /** Every queryable object the org serves (lower-case name → name). */
  global: Map<string, string>;
  /** The objects the collection can read, by spec name. Later steps delete those that fail. */
  described: Map<string, DescribedObject>;
  /** Objects this org does not serve or cannot describe for us, in Salesforce's words. */
  gaps: CoverageGap[];
}

/** The describe step of a collection: objects this org does not serve, or cannot describe for us, become gaps. */
export async function describeSpecs(client: SfClient, specs: readonly ObjectSpec[], onObject: (spec: ObjectSpec, index: number) => void): Promise<DescribedOrg> {
  const global = await describeGlobal(client);
  const gaps: CoverageGap[] = [];
  const described = new Map<string, DescribedObject>();
  for (const [i, spec] of specs.entries()) {
    onObject(spec, i);
    if (spec.fromProfileMetadata) {
      described.set(spec.name, profileMetadataFields(spec));
      continue;
    }
    if (!global.has(spec.name.toLowerCase())) {
      gaps.push({
        object: spec.name,
        errorCode: 'INVALID_TYPE',
        message: `${spec.name} is not available to the auditing user at API ${client.session.version} (absent from the describe).`,
      });
      continue;
    }
    try {
      described.set(spec.name, await describeObject(client, spec));
    } catch (err) {
      const gap = coverageGapOf(spec.name, err);
      if (!gap) throw err;
      gaps.push(gap);
    }
  }
  return { global, described, gaps };
}

/** LoginIpRange's fields as the collector stores them (not described: it is not an sObject). */
function profileMetadataFields(spec: ObjectSpec): DescribedObject {
  const types = new Map(spec.fields.map((f) => [f, f === 'Id' ? 'id' : f.endsWith('Id') ? 'reference' : 'string']));
  return { name: spec.name, fields: [...spec.fields], missing: [], types };
}
