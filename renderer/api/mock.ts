/**
 * A contract-level fake for unit tests of UI logic: answer only the calls a test cares about;
 * anything else fails loudly as `not_found`, so a test never passes on a call it forgot.
 */
import type { CallInput, CallName, CallOutput, CallResult, EventName, EventPayload } from '../../shared/contract';

export type MockHandlers = { [C in CallName]?: (input: CallInput<C>) => CallOutput<C> | Promise<CallOutput<C>> };

/** Structurally an `Api` (client.ts), declared here so node-side tests need no DOM types. */
export interface MockApi {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallResult<C>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  kind: 'desktop' | 'browser';
  /** Every call made, in order. */
  calls: { name: CallName; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createMockApi(partial: MockHandlers = {}): MockApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: MockApi['calls'] = [];
  return {
    kind: 'browser',
    calls,
    async call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallResult<C>> {
      calls.push({ name, input });
      const handler = partial[name] as ((i: CallInput<C>) => CallOutput<C> | Promise<CallOutput<C>>) | undefined;
      if (!handler) return { ok: false, error: { code: 'not_found', message: `mock: no handler for ${name}` } };
      try {
        return { ok: true, value: await handler(input) };
      } catch (err) {
        const e = err as { code?: string; message?: string; issues?: { path: string; message: string }[] };
        return { ok: false, error: { code: (e.code as never) ?? 'internal', message: e.message ?? String(err), ...(e.issues ? { issues: e.issues } : {}) } };
      }
    },
    on(event, handler) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(handler as (p: unknown) => void);
      return () => set.delete(handler as (p: unknown) => void);
    },
    emit(event, payload) {
      for (const h of listeners.get(event) ?? []) h(payload);
    },
  };
}
