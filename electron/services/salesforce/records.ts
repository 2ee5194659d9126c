/**
 * Records as stored: the object's own fields only, typed as REST's JSON types them, with
 * datetimes in one form (REST's `…T12:00:00.000+0000`) whether they came from REST or Bulk
 * CSV. That is what makes the content hash independent of the fetch path.
 */
import type { SfRecord, SfValue } from '../../../shared/model';
import type { FieldTypes } from './describe';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

export function normaliseDateTime(value: string): string {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace('Z', '+0000');
}

function normalise(type: string | undefined, value: unknown): SfValue {
  if (value === undefined || value === null) return null;
  if (type === 'datetime' && typeof value === 'string') return normaliseDateTime(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Compound values (address, location) are not part of any spec; keep them as JSON text.
  return JSON.stringify(value);
}

/** A REST record: drop `attributes`, keep exactly the selected fields. */
export function fromRest(raw: Record<string, unknown>, fields: readonly string[], types: FieldTypes): SfRecord {
  const out: Record<string, SfValue> = {};
  for (const f of fields) out[f] = normalise(types.get(f), raw[f]);
  return out as SfRecord;
}

/** A Bulk API CSV row (strings; empty = null) typed by the describe. */
export function fromCsv(header: readonly string[], row: readonly string[], types: FieldTypes): SfRecord {
  const out: Record<string, SfValue> = {};
  header.forEach((name, i) => {
    const raw = row[i] ?? '';
    const type = types.get(name);
    if (raw === '') out[name] = null;
    else if (type === 'boolean') out[name] = raw === 'true';
    else if (type && NUMERIC.has(type)) {
      const n = Number(raw);
      out[name] = Number.isFinite(n) ? n : raw;
    } else if (type === 'datetime') out[name] = normaliseDateTime(raw);
    else out[name] = raw;
  });
  return out as SfRecord;
}
