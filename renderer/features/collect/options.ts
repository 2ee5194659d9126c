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
      errors.lookback = `Look-back days must be a whole number from 1 to 3650, not “${l}”; leave the field empty for the default.`;
    else options.lookbackDays = Number(l);
  }
  const r = reserve.trim();
  if (r !== '') {
    const n = Number(r);
    if (!/^\d+(\.\d+)?$/.test(r) || n > 100) errors.reserve = `The reserve must be a percentage from 0 to 100, not “${r}”; leave the field empty to keep nothing in reserve.`;
    else options.reservePercent = n;
  }
  return errors.lookback || errors.reserve ? { ok: false, errors } : { ok: true, options };
}
