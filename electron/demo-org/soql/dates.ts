/**
 * SOQL date literals (TODAY, LAST_N_DAYS:n, N_DAYS_AGO:n, ...) as [start, end) ranges in UTC
 * milliseconds, relative to "now". Salesforce evaluates them in the running user's time zone;
 * the demo org's users are all on UTC.
 */

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}
function startOfWeek(ms: number): number {
  const d = new Date(startOfDay(ms));
  return d.getTime() - d.getUTCDay() * DAY; // Sunday, as Salesforce's default locale
}
function monthStart(ms: number, add = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1);
}
function yearStart(ms: number, add = 0): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + add, 0, 1);
}
function quarterStart(ms: number, add = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + add * 3, 1);
}

export type Range = [number, number];

/** Returns null when the literal is not one the demo org knows. */
export function dateLiteralRange(literal: string, now: number): Range | null {
  const today = startOfDay(now);
  const [name, arg] = literal.toUpperCase().split(':');
  const n = arg === undefined ? NaN : Number(arg);
  switch (name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'THIS_WEEK':
      return [startOfWeek(now), startOfWeek(now) + 7 * DAY];
    case 'LAST_WEEK':
      return [startOfWeek(now) - 7 * DAY, startOfWeek(now)];
    case 'NEXT_WEEK':
      return [startOfWeek(now) + 7 * DAY, startOfWeek(now) + 14 * DAY];
    case 'THIS_MONTH':
      return [monthStart(now), monthStart(now, 1)];
    case 'LAST_MONTH':
      return [monthStart(now, -1), monthStart(now)];
    case 'NEXT_MONTH':
      return [monthStart(now, 1), monthStart(now, 2)];
    case 'THIS_QUARTER':
      return [quarterStart(now), quarterStart(now, 1)];
    case 'LAST_QUARTER':
      return [quarterStart(now, -1), quarterStart(now)];
    case 'THIS_YEAR':
      return [yearStart(now), yearStart(now, 1)];
    case 'LAST_YEAR':
      return [yearStart(now, -1), yearStart(now)];
    case 'NEXT_YEAR':
      return [yearStart(now, 1), yearStart(now, 2)];
    case 'LAST_90_DAYS':
      return [today - 90 * DAY, today + DAY];
    case 'NEXT_90_DAYS':
      return [today + DAY, today + 91 * DAY];
  }
  if (!Number.isInteger(n) || n < 0) return null;
  switch (name) {
    // Salesforce: LAST_N_DAYS:n covers today and the n days before it.
    case 'LAST_N_DAYS':
      return [today - n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (n + 1) * DAY];
    case 'N_DAYS_AGO':
      return [today - n * DAY, today - (n - 1) * DAY];
    case 'LAST_N_WEEKS':
      return [startOfWeek(now) - n * 7 * DAY, startOfWeek(now)];
    case 'NEXT_N_WEEKS':
      return [startOfWeek(now) + 7 * DAY, startOfWeek(now) + (n + 1) * 7 * DAY];
    case 'N_WEEKS_AGO':
      return [startOfWeek(now) - n * 7 * DAY, startOfWeek(now) - (n - 1) * 7 * DAY];
    case 'LAST_N_MONTHS':
      return [monthStart(now, -n), monthStart(now)];
    case 'NEXT_N_MONTHS':
      return [monthStart(now, 1), monthStart(now, n + 1)];
    case 'N_MONTHS_AGO':
      return [monthStart(now, -n), monthStart(now, -n + 1)];
    case 'LAST_N_YEARS':
      return [yearStart(now, -n), yearStart(now)];
    case 'N_YEARS_AGO':
      return [yearStart(now, -n), yearStart(now, -n + 1)];
    default:
      return null;
  }
}

const parseCache = new Map<string, number>();

/** Parses a Salesforce date or datetime value to UTC ms (date-only values mean midnight UTC). */
export function toMillis(value: string): number {
  let ms = parseCache.get(value);
  if (ms !== undefined) return ms;
  ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (parseCache.size > 500_000) parseCache.clear();
  parseCache.set(value, ms);
  return ms;
}
