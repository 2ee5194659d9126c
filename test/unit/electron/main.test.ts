/**
 * main.ts wired to a mocked `electron` module (the binary cannot run here): checks that the
 * real entry point applies the policies of desktop/ — sandbox, privileged scheme without CSP
 * bypass, permissions denied, network blocked, app:// with CSP, hardened window, every
 * contract channel bound behind the frame check, single-instance behaviour.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { ROOT, tempDir } from '../../support/tmp';

type Fn = (...args: never[]) => unknown;

function fakeElectron(opts: { lock: boolean }) {
  const appListeners = new Map<string, Fn>();
  const windows: FakeWindow[] = [];
  const s = {
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    devicePermission: null as Fn | null,
    displayMedia: null as Fn | null,
    beforeRequest: null as { filter: { urls: string[] }; fn: Fn } | null,
  };
  class FakeWindow {
    options: Record<string, unknown>;
    calls: string[] = [];
    onceListeners = new Map<string, Fn>();
    onListeners = new Map<string, Fn>();
    webContents = { send: vi.fn(), on: vi.fn(), setWindowOpenHandler: vi.fn() };
    loadURL = vi.fn(async (_u: string) => {});
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    once(e: string, l: Fn) {
      this.onceListeners.set(e, l);
    }
    on(e: string, l: Fn) {
      this.onListeners.set(e, l);
    }
    isDestroyed = () => false;
    isMinimized = () => true;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 10, width: 1000, height: 700 });
    restore = () => this.calls.push('restore');
    show = () => this.calls.push('show');
    focus = () => this.calls.push('focus');
    maximize = () => this.calls.push('maximize');
  }
  const electron = {
    app: {
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => opts.lock),
      quit: vi.fn(),
      exit: vi.fn(),
      focus: vi.fn(),
      isPackaged: false,
      whenReady: vi.fn(() => Promise.resolve()),
      getPath: vi.fn(() => '/nonexistent-userData'),
      setPath: vi.fn(),
      on: vi.fn((e: string, l: Fn) => appListeners.set(e, l)),
    },
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    ipcMain: { handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn(), getSelectedStorageBackend: () => 'basic_text' },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Fn) => (s.permissionRequest = h),
        setPermissionCheckHandler: (h: Fn) => (s.permissionCheck = h),
        setDevicePermissionHandler: (h: Fn) => (s.devicePermission = h),
        setDisplayMediaRequestHandler: (h: Fn) => (s.displayMedia = h),
        webRequest: { onBeforeRequest: (filter: { urls: string[] }, fn: Fn) => (s.beforeRequest = { filter, fn }) },
      },
    },
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') },
  };
  return { electron, appListeners, windows, session: s };
}

let dataDir: string;
const savedEnv = { ...process.env };
beforeEach(() => {
  dataDir = tempDir('iua-main-');
  process.env.IUA_DATA_DIR = dataDir;
  vi.resetModules();
});
afterEach(() => {
  vi.doUnmock('electron');
  process.env = { ...savedEnv };
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function loadMain(fake: ReturnType<typeof fakeElectron>) {
  vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }));
  await import('../../../electron/main');
}

describe('main process (mocked electron)', () => {
  it('wires every policy to Electron', async () => {
    // Under Node the Electron-ABI build does not apply: point the back end at Node's build.
    process.env.IUA_SQLITE_BINDING = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const fake = fakeElectron({ lock: true });
    await loadMain(fake);
    const { electron } = fake;
    await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled());

    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
    const schemes = electron.protocol.registerSchemesAsPrivileged.mock.calls[0][0] as { scheme: string; privileges: Record<string, boolean> }[];
    expect(schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(schemes[0].privileges).not.toHaveProperty('bypassCSP');

    // Permissions: requests and checks denied.
    const granted: boolean[] = [];
    fake.session.permissionRequest!(...([null, 'media', (g: boolean) => granted.push(g)] as never[]));
    fake.session.permissionRequest!(...([null, 'notifications', (g: boolean) => granted.push(g)] as never[]));
    expect(granted).toEqual([false, false]);
    expect(fake.session.permissionCheck!(...([null, 'clipboard-read'] as never[]))).toBe(false);
    expect(fake.session.devicePermission!(...([{}] as never[]))).toBe(false);
    // The page cannot reach the network.
    const cancelled: unknown[] = [];
    fake.session.beforeRequest!.fn(...([{ url: 'https://evil.example/' }, (r: unknown) => cancelled.push(r)] as never[]));
    expect(cancelled).toEqual([{ cancel: true }]);
    expect(fake.session.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));

    // app:// serves with the CSP header and refuses traversal.
    const [scheme, handler] = electron.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Response];
    expect(scheme).toBe('app');
    const page = handler(new Request('app://iua/index.html'));
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await handler(new Request('app://iua/..%2f..%2fpackage.json')).text()).not.toContain('"name"');

    // One hardened window on app://iua.
    const win = fake.windows[0];
    expect(fake.windows).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(win.loadURL).toHaveBeenCalledWith('app://iua/index.html');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();

    // Every contract channel bound once, behind the frame check.
    const handles = electron.ipcMain.handle.mock.calls as unknown as [string, Fn][];
    expect(handles.map(([c]) => c).sort()).toEqual([...CALL_NAMES].sort());
    const info = handles.find(([c]) => c === 'app.info')![1] as (e: unknown, i: unknown) => Promise<unknown>;
    expect(await info({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await info({ senderFrame: { url: 'app://iua/index.html' } }, {})).toMatchObject({ ok: true, value: { door: 'desktop', dataDir } });

    // Every web contents gets the navigation rules.
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    (fake.appListeners.get('web-contents-created') as (e: unknown, c: unknown) => void)({}, contents);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (d: { url: string }) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    const nav = contents.on.mock.calls.find(([e]) => e === 'will-navigate')![1] as (e: { preventDefault(): void }, u: string) => void;
    const preventDefault = vi.fn();
    nav({ preventDefault }, 'https://evil.example/');
    expect(preventDefault).toHaveBeenCalled();

    // A second launch focuses the first window.
    (fake.appListeners.get('second-instance') as () => void)();
    expect(win.calls).toEqual(expect.arrayContaining(['restore', 'show', 'focus']));

    // Closing saves the window state in the data directory and closes the database.
    (win.onListeners.get('close') as () => void)();
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'desktop-settings.json'), 'utf8')).windowState).toMatchObject({ width: 1000, height: 700 });
    (fake.appListeners.get('window-all-closed') as () => void)();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
  });

  it('quits at once when another instance holds the lock', async () => {
    const fake = fakeElectron({ lock: false });
    await loadMain(fake);
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('refuses to start, with a message, when the Electron build of the database module is missing', async () => {
    delete process.env.IUA_SQLITE_BINDING;
    const fake = fakeElectron({ lock: true });
    await loadMain(fake);
    await vi.waitFor(() => expect(fake.electron.dialog.showErrorBox).toHaveBeenCalled());
    expect(String(fake.electron.dialog.showErrorBox.mock.calls[0][1])).toMatch(/not been built for this Electron.*npm run build:electron/s);
    expect(fake.electron.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    // Nothing was created in the data directory: the database was never opened.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
