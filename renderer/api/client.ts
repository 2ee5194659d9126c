/**
 * The single typed API the UI uses. It does not know which front door it goes through:
 * the Electron preload (window.iua) or browser mode (HTTP + SSE with the launch token).
 */
import type { CallInput, CallName, CallResult, EventName, EventPayload } from '../../shared/contract';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: string, handler: (payload: unknown) => void): () => void;
  kind: 'desktop' | 'browser';
}

declare global {
  interface Window {
    iua?: { invoke(channel: string, input: unknown): Promise<unknown>; on(event: string, handler: (payload: unknown) => void): () => void };
  }
}

export interface Api {
  call<C extends CallName>(name: C, input: CallInput<C>): Promise<CallResult<C>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
  kind: Transport['kind'];
}

export function createApi(transport: Transport): Api {
  return {
    kind: transport.kind,
    async call(name, input) {
      try {
        return (await transport.invoke(name, input)) as never;
      } catch (err) {
        return { ok: false, error: { code: 'network', message: `The app's back end did not answer (${err instanceof Error ? err.message : String(err)}).` } } as never;
      }
    },
    on(event, handler) {
      return transport.on(event, handler as (p: unknown) => void);
    },
  };
}

const TOKEN_KEY = 'iua.token';

/** Browser mode: the token comes in the URL once, then lives in sessionStorage only. */
export function browserTransport(location: Location = window.location, storage: Storage = window.sessionStorage): Transport {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  }
  const token = storage.getItem(TOKEN_KEY) ?? '';
  let source: EventSource | null = null;
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  function ensureSource(): EventSource {
    if (!source) source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    return source;
  }
  return {
    kind: 'browser',
    async invoke(channel, input) {
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-iua-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return res.json();
    },
    on(event, handler) {
      const es = ensureSource();
      let set = handlers.get(event);
      if (!set) {
        set = new Set();
        handlers.set(event, set);
        const bucket = set;
        es.addEventListener(event, (e) => {
          const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
          for (const h of bucket) h(payload);
        });
      }
      set.add(handler);
      return () => set.delete(handler);
    },
  };
}

export function detectTransport(): Transport {
  if (window.iua) {
    const bridge = window.iua;
    return { kind: 'desktop', invoke: (c, i) => bridge.invoke(c, i), on: (e, h) => bridge.on(e, h) };
  }
  return browserTransport();
}
