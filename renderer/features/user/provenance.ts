/** Effective access reshaped for the matrix and the provenance panel. Pure; unit-tested. */
import type { EffectiveAccess } from '../../../shared/audit/access';
import type { Source } from '../../../shared/audit/types';
import { FIELD_PERMS, OBJECT_PERMS } from '../../../shared/audit/types';

export interface Selected {
  kind: 'object' | 'field' | 'system' | 'setup';
  target: string;
  permission: string;
  sources: Source[];
}

export type ObjectRow = { object: string } & Partial<Record<(typeof OBJECT_PERMS)[number], Source[]>>;
export type FieldRow = { field: string } & Partial<Record<(typeof FIELD_PERMS)[number], Source[]>>;

export function objectRows(a: EffectiveAccess): ObjectRow[] {
  return Object.entries(a.objects).map(([object, perms]) => ({ object, ...perms }));
}

export function fieldRows(a: EffectiveAccess): FieldRow[] {
  return Object.entries(a.fields).map(([field, perms]) => ({ field, ...perms }));
}

const KIND: Record<Source['kind'], string> = { profile: 'Profile', permissionSet: 'Permission set', group: 'Permission set group' };

/** "Permission set group Billing_Bundle (via component Billing_Write), implied by ModifyAllData". */
export function describeSource(s: Source): string {
  let out = `${KIND[s.kind]} ${s.name}`;
  if (s.viaComponent) out += ` (via component ${s.viaComponent.name})`;
  if (s.impliedBy) out += `, implied by ${s.impliedBy}`;
  return out;
}

export function sourceCountLabel(n: number): string {
  return n === 1 ? '1 source' : `${n} sources`;
}
