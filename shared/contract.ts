/**
 * The one contract between the UI and the back end. Every call and every event is named
 * here once, with zod schemas; the Electron IPC bridge, browser mode (HTTP + SSE) and the
 * CLI all serve exactly these. Domains keep their calls in shared/contract/<domain>.ts.
 */
import { z } from 'zod';
import { appCalls } from './contract/app';
import { auditCalls } from './contract/audit';
import { demoCalls } from './contract/demo';
import { evidenceCalls } from './contract/evidence';
import { reviewCalls } from './contract/review';
import { scopeCalls } from './contract/scope';
import { orgCalls } from './contract/orgs';
import { collectCalls, collectEvents } from './contract/collect';
import { snapshotCalls } from './contract/snapshots';
import { usageCalls } from './contract/usage';
import type { Result } from './contract/define';

export * from './contract/define';
export * from './contract/app';
export * from './contract/audit';
export * from './contract/demo';
export * from './contract/evidence';
export * from './contract/review';
export * from './contract/scope';
export * from './contract/orgs';
export * from './contract/collect';
export * from './contract/snapshots';

export const calls = {
  ...appCalls,
  ...scopeCalls,
  ...auditCalls,
  ...reviewCalls,
  ...evidenceCalls,
  ...demoCalls,
  ...orgCalls,
  ...collectCalls,
  ...snapshotCalls,
  ...usageCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<C extends CallName> = z.input<Calls[C]['input']>;
export type CallOutput<C extends CallName> = z.output<Calls[C]['output']>;
export type CallResult<C extends CallName> = Result<CallOutput<C>>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Events pushed from the back end to the UI. */
export const events = {
  /** Something changed that cached queries should refetch (e.g. after an import). */
  'data.changed': z.object({ orgAlias: z.string().nullable(), what: z.string() }),
  ...collectEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
