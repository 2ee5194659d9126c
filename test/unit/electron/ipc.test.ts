import { describe, expect, it, vi } from 'vitest';
import { bindContract, isTrustedFrame, APP_ORIGIN, type InvokeEventLike } from '../../../electron/ipc';
import { CALL_NAMES, EVENT_NAMES, type Result } from '../../../shared/contract';

type Listener = (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  return { handlers, ipc: { handle: (channel: string, l: Listener) => void handlers.set(channel, l) } };
}

describe('IPC binding', () => {
  it('binds every contract channel exactly once', () => {
    const { handlers, ipc } = fakeIpc();
    const bound = bindContract(ipc, { dispatch: async () => ({ ok: true, value: null }) });
    expect(bound.sort()).toEqual([...CALL_NAMES].sort());
    expect([...handlers.keys()].sort()).toEqual([...CALL_NAMES].sort());
  });

  it('refuses a foreign sender frame before the back end sees the call', async () => {
    const { handlers, ipc } = fakeIpc();
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ran' }));
    bindContract(ipc, { dispatch });
    const handler = handlers.get('app.info')!;
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///etc/passwd' }, { url: 'not a url' }, null]) {
      const r = await handler({ senderFrame: frame }, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    const ok = await handler({ senderFrame: { url: `${APP_ORIGIN}/index.html#/orgs` } }, {});
    expect(ok).toEqual({ ok: true, value: 'ran' });
    expect(dispatch).toHaveBeenCalledTimes(1);
  });

  it('compares origins, not prefixes', () => {
    expect(isTrustedFrame({ url: 'app://iua.evil/index.html' })).toBe(false);
    expect(isTrustedFrame({ url: 'app://iua/x' })).toBe(true);
  });
});

describe('preload', () => {
  it('exposes only invoke and on, and only for contract channels', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    }));
    await import('../../../electron/preload');
    const bridge = exposed.iua as { invoke(c: string, i: unknown): Promise<unknown>; on(e: string, h: () => void): () => void };
    expect(Object.keys(exposed)).toEqual(['iua']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    await bridge.invoke('app.info', {});
    expect(invoke).toHaveBeenCalledWith('app.info', {});
    const refused = await bridge.invoke('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(() => bridge.on('not.an.event', () => {})).toThrow();
    expect(typeof bridge.on(EVENT_NAMES[0], () => {})).toBe('function');
    vi.doUnmock('electron');
  });
});
