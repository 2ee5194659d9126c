/**
 * Records as stored: the object's own fields only, typed as REST's JSON types them, with
 * datetimes in one form (REST's `…T12:00:00.000+0000`) whether they came from REST or Bulk
 * CSV. That is what makes the content hash independent of the fetch path.
 */
import type { SfRecord, SfValue } from '../../../shared/model';
import type { FieldTypes } from './describe';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}(?:Z|\+0000|\+00:00)$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A valid UTC time with milliseconds (Bulk CSV's `…Z`, REST's `…+0000`) already has the
 * normalised digits: only its zone is rewritten. Parsing and printing every datetime of a
 * large org through Date was ≈ 5 % of a collection; anything else still goes through Date.
 */
function fastUtc(value: string): string | null {
  const m = ISO_UTC.exec(value);
  if (!m) return null;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS[month - 1] + (leap ? 1 : 0)) return null;
  return `${value.slice(0, 23)}+0000`;
}

export function normaliseDateTime(value: string): string {
  const fast = fastUtc(value);
  if (fast !== null) return fast;
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

/** Reads REST records of one query (drops `attributes`, keeps exactly the selected fields): the field types are looked up once, not per record. */
export function restRecordReader(fields: readonly string[], types: FieldTypes): (raw: Record<string, unknown>) => SfRecord {
  const fieldTypes = fields.map((f) => types.get(f));
  return (raw) => {
    const out: Record<string, SfValue> = {};
    for (let i = 0; i < fields.length; i++) out[fields[i]] = normalise(fieldTypes[i], raw[fields[i]]);
    return out as SfRecord;
  };
}

type CsvKind = 'text' | 'boolean' | 'number' | 'datetime';

/** Reads the rows of one Bulk CSV page (strings; empty = null), typed by the describe looked up once per column. */
export function csvRecordReader(header: readonly string[], types: FieldTypes): (row: readonly string[]) => SfRecord {
  const kinds: CsvKind[] = header.map((name) => {
    const type = types.get(name);
    return type === 'boolean' ? 'boolean' : type && NUMERIC.has(type) ? 'number' : type === 'datetime' ? 'datetime' : 'text';
  });
  return (row) => {
    const out: Record<string, SfValue> = {};
    for (let i = 0; i < header.length; i++) {
      const raw = row[i] ?? '';
      const kind = kinds[i];
      if (raw === '') out[header[i]] = null;
      else if (kind === 'text') out[header[i]] = raw;
      else if (kind === 'boolean') out[header[i]] = raw === 'true';
      else if (kind === 'number') {
        const n = Number(raw);
        out[header[i]] = Number.isFinite(n) ? n : raw;
      } else out[header[i]] = normaliseDateTime(raw);
    }
    return out as SfRecord;
  };
}
