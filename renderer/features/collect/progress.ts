/**
 * Folds `collect.progress` events into what the collection screen shows: one line per object
 * with rows fetched so far, plus the phase and API calls used. Pure, so it is unit-tested.
 */
import type { EventPayload } from '../../../shared/contract';
import { addSample, recordsPerSecond, timeLeftMs, type RateSample } from '../../../shared/collect-rate';

export type ProgressEvent = EventPayload<'collect.progress'>;

export interface ObjectProgress {
  object: string;
  fetched: number;
  total: number | null;
  done: boolean;
}

export interface ProgressState {
  alias: string | null;
  phase: ProgressEvent['phase'] | null;
  objects: ObjectProgress[];
  apiCalls: number;
  objectIndex: number;
  objectCount: number;
  /** The org's daily API allocation as Salesforce last reported it, and this run's ceiling. */
  budget: ProgressEvent['budget'];
  /** Rows fetched over all objects, sampled as events arrived (for the rate). */
  samples: RateSample[];
}

export const EMPTY_PROGRESS: ProgressState = { alias: null, phase: null, objects: [], apiCalls: 0, objectIndex: 0, objectCount: 0, budget: null, samples: [] };

export const PHASE_LABEL: Record<ProgressEvent['phase'], string> = {
  connect: 'Connecting to the org',
  describe: 'Reading what the org has (describe)',
  plan: 'Planning the queries',
  fetch: 'Fetching records',
  store: 'Storing the snapshot',
  done: 'Done',
};

/** `at`: when the event arrived (ms); without it no rate is measured. */
export function reduceProgress(state: ProgressState, e: ProgressEvent, at?: number): ProgressState {
  // A new collection of another org (or a restart) begins a fresh list.
  const base = state.alias !== null && state.alias !== e.alias ? EMPTY_PROGRESS : state;
  let objects = base.objects;
  if (e.object) {
    const i = objects.findIndex((o) => o.object === e.object);
    const line: ObjectProgress = { object: e.object, fetched: e.fetched, total: e.total, done: e.total !== null && e.fetched >= e.total };
    // Moving to the next object means the previous ones are finished.
    const finished = objects.map((o) => (o.object === e.object || o.done ? o : { ...o, done: true, total: o.total ?? o.fetched }));
    objects = i >= 0 ? finished.map((o, j) => (j === i ? line : o)) : [...finished, line];
  }
  if (e.phase === 'store' || e.phase === 'done') objects = objects.map((o) => (o.done ? o : { ...o, done: true, total: o.total ?? o.fetched }));
  const rows = objects.reduce((n, o) => n + o.fetched, 0);
  const samples = at === undefined || e.phase !== 'fetch' ? base.samples : addSample(base.samples, { at, rows });
  return {
    alias: e.alias,
    phase: e.phase,
    objects,
    apiCalls: Math.max(base.apiCalls, e.apiCalls),
    objectIndex: e.objectIndex,
    objectCount: e.objectCount,
    budget: e.budget ?? base.budget,
    samples,
  };
}

/** Records per second over the last seconds, and the time left for the object being fetched (when its total is known). */
export function progressRate(s: ProgressState): { perSecond: number | null; object: string | null; timeLeftMs: number | null } {
  const perSecond = s.phase === 'fetch' ? recordsPerSecond(s.samples) : null;
  const current = [...s.objects].reverse().find((o) => !o.done) ?? null;
  return { perSecond, object: current?.object ?? null, timeLeftMs: current ? timeLeftMs(current.fetched, current.total, perSecond) : null };
}

export function progressPercent(s: ProgressState): number {
  if (s.phase === 'done') return 100;
  if (s.objectCount <= 0) return s.phase === 'store' ? 95 : 0;
  return Math.min(99, Math.round((Math.min(s.objectIndex, s.objectCount) / s.objectCount) * 100));
}
