/** The collection form's options, checked in the form (in words) before anything is sent. Pure; unit-tested. */

export interface CollectOptions {
  lookbackDays?: number;
  reservePercent?: number;
}

export type CollectOptionsResult = { ok: true; options: CollectOptions } | { ok: false; errors: { lookback?: string; reserve?: string } };

/** Look-back: empty = the default; else whole days 1–3650. Reserve: empty = none kept; else 0–100. */
export function parseCollectOptions(lookback: string, reserve: string): CollectOptionsResult {
  const errors: { lookback?: string; reserve?: string } = {};
  const options: CollectOptions = {};
  const l = lookback.trim();
  if (l !== '') {
    if (!/^\d+$/.test(l) || Number(l) < 1 || Number(l) > 3650)
      errors.lookback = `“${l}” is not a number of days: give a whole number from 1 to 3650, or leave it empty for the default.`;
    else options.lookbackDays = Number(l);
  }
  const r = reserve.trim();
  if (r !== '') {
    const n = Number(r);
    if (!/^\d+(\.\d+)?$/.test(r) || n > 100) errors.reserve = `“${r}” is not a percentage: give a number from 0 to 100, or leave it empty to keep nothing in reserve.`;
    else options.reservePercent = n;
  }
  return errors.lookback || errors.reserve ? { ok: false, errors } : { ok: true, options };
}
