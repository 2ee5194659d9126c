/**
 * Field paths such as `Profile.UserLicense.Name`: validated against the schema once, then
 * compiled into a getter that follows Id lookups record by record.
 */
import type { SfRecord, SfValue } from '../../../shared/model';
import { invalidField } from '../errors';
import type { FieldInfo, ObjectTable, OrgSchema } from '../schema';

export interface Hop {
  type: string;
  record: SfRecord;
}

export interface CompiledPath {
  /** Canonical segments: relationship names then the field name, as the describe spells them. */
  segments: string[];
  field: FieldInfo;
  get(record: SfRecord): SfValue;
  /** The records along the path with their object (null where a lookup is empty), for nested projection. */
  hops(record: SfRecord): (Hop | null)[];
}

export const noSuchColumn = (field: string, object: string) =>
  invalidField(
    `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export function compilePath(schema: OrgSchema, root: ObjectTable, raw: string): CompiledPath {
  const parts = raw.split('.');
  // A path may start with the queried object's own name (SELECT User.Name FROM User).
  if (parts.length > 1 && parts[0].toLowerCase() === root.name.toLowerCase() && !root.relationships.has(parts[0].toLowerCase())) parts.shift();
  const rels: FieldInfo[] = [];
  let tables: ObjectTable[] = [root];
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i].toLowerCase();
    const rel = tables.map((t) => t.relationships.get(key)).find((f) => f);
    if (!rel) {
      throw invalidField(
        `Didn't understand relationship '${parts[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    rels.push(rel);
    tables = rel.referenceTo.map((t) => schema.table(t)).filter((t): t is ObjectTable => !!t);
    if (tables.length === 0) throw noSuchColumn(parts[i + 1], rel.relationshipName ?? parts[i]);
  }
  const last = parts[parts.length - 1];
  const field = tables.map((t) => t.fields.get(last.toLowerCase())).find((f) => f);
  if (!field) throw noSuchColumn(last, tables[0].name);
  const segments = [...rels.map((r) => r.relationshipName as string), field.name];
  const fieldName = field.name;

  const compute = field.compute;
  if (rels.length === 0) {
    return { segments, field, get: compute ? (r) => compute(r) as SfValue : (r) => r[fieldName] ?? null, hops: () => [] };
  }
  const relFields = rels.map((r) => r.name);
  const hops = (record: SfRecord): (Hop | null)[] => {
    const out: (Hop | null)[] = [];
    let cur: SfRecord | null = record;
    for (const rf of relFields) {
      const hit: { table: ObjectTable; record: SfRecord } | undefined = cur ? schema.lookup(cur[rf]) : undefined;
      cur = hit?.record ?? null;
      out.push(hit ? { type: hit.table.name, record: hit.record } : null);
    }
    return out;
  };
  return {
    segments,
    field,
    hops,
    get(record) {
      let cur: SfRecord | undefined = record;
      for (const rf of relFields) {
        cur = schema.lookup(cur[rf])?.record;
        if (!cur) return null;
      }
      return cur[fieldName] ?? null;
    },
  };
}
