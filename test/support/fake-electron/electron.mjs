// A stand-in `electron` module for booting the built main.js under plain Node (see
// test/unit/electron/bundle.test.ts). It records what main.js asks of Electron and, once the
// window loads, exercises the protocol handler and the IPC handlers, then prints a JSON report.
const report = { schemes: null, sandbox: false, windows: [], menu: false, served: null, ipc: {}, quit: false, errors: [] };
const protocols = {};
const ipc = {};
const appListeners = {};
const print = () => process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);

export const app = {
  enableSandbox: () => (report.sandbox = true),
  setPath() {},
  requestSingleInstanceLock: () => true,
  quit: () => {
    report.quit = true;
    print();
  },
  exit: (code) => {
    report.exitCode = code;
    print();
  },
  focus() {},
  isPackaged: false,
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.IUA_DATA_DIR,
  on: (e, l) => (appListeners[e] = l),
};
export class BrowserWindow {
  constructor(options) {
    report.windows.push(options);
    this.webContents = { send() {}, on() {}, setWindowOpenHandler() {} };
  }
  once() {}
  on() {}
  isDestroyed() {
    return false;
  }
  maximize() {}
  show() {}
  async loadURL(url) {
    report.loaded = url;
    const res = protocols.app(new Request(url));
    report.served = { status: res.status, csp: res.headers.get('content-security-policy'), body: (await res.text()).slice(0, 200) };
    const traversal = protocols.app(new Request('app://iua/..%2f..%2fpackage.json'));
    report.traversal = traversal.status;
    report.ipc.info = await ipc['app.info']({ senderFrame: { url } }, {});
    report.ipc.foreign = await ipc['app.info']({ senderFrame: { url: 'https://evil.example/' } }, {});
    report.ipc.malformed = await ipc['app.info']({ senderFrame: { url } }, 'x');
    report.ipc.channels = Object.keys(ipc).length;
    setTimeout(() => appListeners['window-all-closed'](), 0);
  }
}
export const dialog = {
  showErrorBox: (title, message) => report.errors.push(`${title}: ${message}`),
  showMessageBox: async () => ({ response: 0 }),
};
export const ipcMain = { handle: (channel, handler) => (ipc[channel] = handler) };
export const Menu = { buildFromTemplate: (t) => t, setApplicationMenu: () => (report.menu = true) };
export const protocol = { registerSchemesAsPrivileged: (s) => (report.schemes = s), handle: (scheme, h) => (protocols[scheme] = h) };
export const safeStorage = { isEncryptionAvailable: () => false, encryptString() {}, decryptString() {}, getSelectedStorageBackend: () => 'basic_text' };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    setDisplayMediaRequestHandler() {},
    webRequest: { onBeforeRequest() {} },
  },
};
export const shell = { openExternal: async () => {}, openPath: async () => '' };
export default { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell };
