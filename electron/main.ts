/**
 * Electron entry: one hardened window on the app's own protocol, the contract bound to IPC,
 * back-end events forwarded to the window. Everything else lives in services/.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, net, session } from 'electron';
import { createBackend } from './services/backend';
import { resolveDataDir } from './services/paths';
import { bindContract, APP_ORIGIN } from './ipc';
import { windowOptions, denyForeignNavigation } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.env.IUA_DATA_DIR ?? app.getPath('userData'));
  const backend = createBackend({ dataDir, door: 'desktop', electronVersion: process.versions.electron });

  // Serve the built renderer from app://iua/, never from a remote URL.
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const file = path.resolve(rendererDir, '.' + decodeURIComponent(url.pathname));
    const inside = file.startsWith(rendererDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
    return net.fetch('file://' + (inside ? file : path.join(rendererDir, 'index.html')));
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  bindContract(ipcMain, backend, [APP_ORIGIN]);

  const win = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs')));
  denyForeignNavigation(win.webContents, APP_ORIGIN);
  backend.ctx.events.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(`event:${name}`, payload);
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    backend.close();
    app.quit();
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}
