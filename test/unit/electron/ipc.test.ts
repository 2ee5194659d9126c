import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bindContract, isTrustedFrame, APP_ORIGIN, type InvokeEventLike } from '../../../electron/ipc';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { AppErrorShape, CALL_NAMES, EVENT_NAMES, type Result } from '../../../shared/contract';
import { tempDir } from '../../support/tmp';

type Listener = (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>;

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const calls: string[] = [];
  return {
    handlers,
    ipc: {
      handle: (channel: string, l: Listener) => {
        calls.push(channel);
        handlers.set(channel, l);
      },
    },
    calls,
  };
}

/** Every row of every table, and every file of the data directory: what "no side effect" means. */
function stateOf(backend: Backend, dataDir: string): unknown {
  const d = backend.ctx.database;
  if (d.state !== 'ok') throw new Error('database not open');
  const tables = d.db.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all() as string[];
  const rows = Object.fromEntries(tables.map((t) => [t, d.db.prepare(`select * from "${t}"`).all()]));
  const files = fs
    .readdirSync(dataDir, { recursive: true })
    .map(String)
    .filter((f) => !/\.sqlite(-wal|-shm)?$/.test(f))
    .sort();
  return { rows, files, changes: d.db.prepare('select total_changes() as n').get() };
}

const malformedInputs: unknown[] = ['x', 42, true, [], [{}], 'app.info'];
const foreignFrames = [
  { url: 'https://evil.example/' },
  { url: 'file:///etc/passwd' },
  { url: 'app://iua.evil/index.html' },
  { url: 'http://127.0.0.1:5173/' },
  { url: 'not a url' },
  null,
];
const ErrorResult = AppErrorShape;

describe('IPC binding', () => {
  let dataDir: string;
  let backend: Backend;
  let handlers: Map<string, Listener>;
  let bound: string[];
  let registrations: string[];

  beforeAll(() => {
    dataDir = tempDir('iua-ipc-');
    backend = createBackend({ dataDir, door: 'desktop', electronVersion: 'test' });
    const f = fakeIpc();
    bound = bindContract(f.ipc, backend);
    handlers = f.handlers;
    registrations = f.calls;
  });
  afterAll(async () => {
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds every contract channel exactly once', () => {
    expect([...bound].sort()).toEqual([...CALL_NAMES].sort());
    expect([...registrations].sort()).toEqual([...CALL_NAMES].sort());
    expect(new Set(registrations).size).toBe(registrations.length);
  });

  it.each(CALL_NAMES)('%s refuses a foreign sender frame, with no side effect', async (channel) => {
    const before = stateOf(backend, dataDir);
    for (const frame of foreignFrames) {
      const r = await handlers.get(channel)!({ senderFrame: frame }, {});
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('forbidden');
        expect(ErrorResult.safeParse(r.error).success).toBe(true);
      }
    }
    expect(stateOf(backend, dataDir)).toEqual(before);
  });

  it.each(CALL_NAMES)('%s rejects malformed input with a validation error, with no side effect', async (channel) => {
    const before = stateOf(backend, dataDir);
    for (const input of malformedInputs) {
      const r = await handlers.get(channel)!({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }, input);
      expect(r, `${channel} accepted ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'validation' } });
      if (!r.ok) expect(ErrorResult.safeParse(r.error).success).toBe(true);
    }
    expect(stateOf(backend, dataDir)).toEqual(before);
  });

  it('answers a trusted frame with the contract result shape', async () => {
    const r = await handlers.get('app.info')!({ senderFrame: { url: `${APP_ORIGIN}/index.html#/orgs` } }, {});
    expect(r).toMatchObject({ ok: true, value: { door: 'desktop', dataDir } });
  });

  it('refuses a foreign frame before the back end sees the call', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ran' }));
    const f = fakeIpc();
    bindContract(f.ipc, { dispatch });
    for (const frame of foreignFrames) await f.handlers.get('app.info')!({ senderFrame: frame }, {});
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('compares origins, not prefixes', () => {
    expect(isTrustedFrame({ url: 'app://iua.evil/index.html' })).toBe(false);
    expect(isTrustedFrame({ url: 'app://iua@evil/index.html' })).toBe(false);
    expect(isTrustedFrame({ url: 'app://iua:8080/x' })).toBe(false);
    expect(isTrustedFrame({ url: 'app://iua/x' })).toBe(true);
  });
});

describe('preload', () => {
  it('exposes only invoke and on, and only for contract channels', async () => {
    const exposed: Record<string, unknown> = {};
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    const on = vi.fn();
    const removeListener = vi.fn();
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke, on, removeListener, send: vi.fn(), sendSync: vi.fn() },
    }));
    try {
      await import('../../../electron/preload');
    } finally {
      vi.doUnmock('electron');
    }
    const bridge = exposed.iua as { invoke(c: string, i: unknown): Promise<unknown>; on(e: string, h: (p: unknown) => void): () => void };
    expect(Object.keys(exposed)).toEqual(['iua']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    // The bridge never hands out ipcRenderer or any of its methods.
    for (const value of Object.values(bridge)) expect([invoke, on, removeListener]).not.toContain(value);

    for (const channel of CALL_NAMES) await bridge.invoke(channel, {});
    expect(invoke.mock.calls.map((c) => (c as unknown[])[0])).toEqual([...CALL_NAMES]);
    for (const bad of ['fs.readFile', 'event:data.changed', '__proto__', 'constructor', 'app.info ']) {
      const refused = await bridge.invoke(bad, { path: '/etc/passwd' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(invoke).toHaveBeenCalledTimes(CALL_NAMES.length);

    for (const bad of ['not.an.event', 'app.info', 'constructor']) expect(() => bridge.on(bad, () => {})).toThrow();
    for (const event of EVENT_NAMES) {
      const got: unknown[] = [];
      const off = bridge.on(event, (p) => got.push(p));
      const [channel, listener] = on.mock.calls.at(-1) as [string, (e: unknown, p: unknown) => void];
      expect(channel).toBe(`event:${event}`);
      // The page's handler gets the payload only, never the IPC event (which carries sender).
      listener({ sender: 'ipc-internals' }, { hello: 1 });
      expect(got).toEqual([{ hello: 1 }]);
      off();
      expect(removeListener).toHaveBeenLastCalledWith(`event:${event}`, listener);
    }
  });
});
