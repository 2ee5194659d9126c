/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const DAY_MS = 86_400_000;

/** Milliseconds of a Salesforce date/datetime, or null when absent or unparsable. */
export function timeOf(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  // Salesforce writes `+0000` offsets, which Date.parse accepts only with a colon.
  const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? null : t;
}

const recordTimes = new Map<string, WeakMap<object, number | null>>();

/**
 * `timeOf(rec[field])`, parsed once per record: every login check walks the same users' login
 * history, and parsing dates dominated them.
 */
export function recordTime(rec: Record<string, unknown>, field: string): number | null {
  let memo = recordTimes.get(field);
  if (!memo) recordTimes.set(field, (memo = new WeakMap()));
  let t = memo.get(rec);
  if (t === undefined) memo.set(rec, (t = timeOf(rec[field])));
  return t;
}
