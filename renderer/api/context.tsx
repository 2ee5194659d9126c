import { createContext, useContext, type ReactNode } from 'react';
import { useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import type { Api } from './client';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** An error from the back end, carrying the contract's code for the UI to act on. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Calls the back end and throws CallError on `{ ok: false }` (for TanStack Query). */
export async function callOrThrow<C extends CallName>(api: Api, name: C, input: CallInput<C>): Promise<CallOutput<C>> {
  const result = await api.call(name, input);
  if (!result.ok) throw new CallError(result.error.code, result.error.message, result.error.issues);
  return result.value;
}

export function useCall<C extends CallName>(name: C, input: CallInput<C>, options: Partial<UseQueryOptions<CallOutput<C>, CallError>> = {}) {
  const api = useApi();
  return useQuery<CallOutput<C>, CallError>({ queryKey: [name, input], queryFn: () => callOrThrow(api, name, input), ...options });
}

/**
 * A call run on demand (a change, an export). It invalidates nothing itself: the back end's
 * `data.changed` event does, once and only for what changed (./invalidation.ts, bound in App).
 */
export function useCallMutation<C extends CallName>(name: C) {
  const api = useApi();
  return useMutation<CallOutput<C>, CallError, CallInput<C>>({ mutationFn: (input) => callOrThrow(api, name, input) });
}

/** The field-level message for `path` (exact, or the first issue under it), if any. */
export function issueFor(error: unknown, path: string): string | undefined {
  if (!(error instanceof CallError) || !error.issues) return undefined;
  const hit = error.issues.find((i) => i.path === path) ?? error.issues.find((i) => i.path.startsWith(`${path}.`));
  return hit?.message;
}
