/**
 * Rate and time left of a collection, for the CLI's progress bar and the collection screen.
 * Both see the same `collect.progress` events; this turns the rows fetched so far (over all
 * objects) and when they were seen into records per second over the last few seconds, and
 * the current object's time left at that rate. Pure: the caller passes the clock.
 */

export interface RateSample {
  at: number;
  rows: number;
}

/** How far back the rate looks: long enough to smooth page bursts, short enough to follow a slower object. */
export const RATE_WINDOW_MS = 5_000;

/** The samples to keep after adding one: those inside the window, plus the last one before it (the window's start). */
export function addSample(samples: readonly RateSample[], sample: RateSample, windowMs = RATE_WINDOW_MS): RateSample[] {
  const all = [...samples, sample];
  let first = all.findIndex((s) => s.at >= sample.at - windowMs);
  if (first > 0) first -= 1;
  return all.slice(Math.max(0, first));
}

/** Records per second over the samples, or null before there is a second's worth. */
export function recordsPerSecond(samples: readonly RateSample[]): number | null {
  if (samples.length < 2) return null;
  const a = samples[0];
  const b = samples[samples.length - 1];
  const ms = b.at - a.at;
  if (ms < 1_000) return null;
  return Math.max(0, ((b.rows - a.rows) * 1000) / ms);
}

/** Time left for the object being fetched at the current rate, or null when its total or the rate is unknown. */
export function timeLeftMs(fetched: number, total: number | null, perSecond: number | null): number | null {
  if (total === null || perSecond === null || perSecond <= 0) return null;
  return Math.max(0, ((total - fetched) / perSecond) * 1000);
}

/** "42 s", "3 min 5 s", "1 h 20 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "1,234/s" */
export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}
