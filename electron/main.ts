/**
 * Electron entry: one hardened window on the app's own protocol, the contract bound to IPC,
 * back-end events forwarded to the window. Policy lives in desktop/ (each part tested under
 * Node); this file only wires it to Electron.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { createBackend } from './services/backend';
import { resolveDataDir, APP_NAME } from './services/paths';
import { APP_VERSION } from './services/app-version';
import { bindContract, APP_ORIGIN } from './ipc';
import { windowOptions, denyForeignNavigation } from './window';
import { createAppProtocolHandler, APP_SCHEME } from './desktop/protocol';
import { openExternalLink } from './desktop/external-links';
import { desktopSettingsStore } from './desktop/settings';
import { initialWindowState, trackWindowState } from './desktop/window-state';
import { menuTemplate, aboutDetail } from './desktop/menu';
import { createSafeStorageSecretStore, SECRETS_FILE, type ProtectionMode } from './desktop/safe-storage-secrets';
import { electronBindingPath, unpackedAsarPath } from './desktop/native-binding';
import { bringToFront, desktopOAuth } from './desktop/oauth';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..');
const rendererDir = path.join(outDir, 'renderer');

// Must happen before 'ready': app:// behaves like https (origin, fetch, secure context).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

// Every web contents, including any we did not create ourselves, gets the same rules.
app.on('web-contents-created', (_event, contents: WebContents) => {
  denyForeignNavigation(contents, APP_ORIGIN, (url) => openExternalLink(shell, url));
});

// IUA_DATA_DIR moves Chromium's profile too, so the single-instance lock is per data
// directory (a test instance never collides with the user's running app).
if (process.env.IUA_DATA_DIR) app.setPath('userData', resolveDataDir(process.env.IUA_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox(`${APP_NAME} could not start`, err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

/** The Electron-ABI build of better-sqlite3 (node_modules holds Node's); see docs/desktop.md. */
function useElectronSqliteBinding(): void {
  if (process.env.IUA_SQLITE_BINDING) return;
  const binding = unpackedAsarPath(electronBindingPath(outDir, process.versions.modules));
  if (!fs.existsSync(binding)) {
    throw new Error(
      `The database module has not been built for this Electron (ABI ${process.versions.modules}): ${binding} is missing. Run "npm run build:electron" (npm start does it for you).`,
    );
  }
  process.env.IUA_SQLITE_BINDING = binding;
}

function protectionLabel(mode: ProtectionMode, persistent: boolean): string {
  if (mode === 'encrypted') return 'encrypted with the operating system keychain';
  if (mode === 'weak') return persistent ? 'stored WITHOUT keychain encryption (you agreed)' : 'kept for this session only (no system keyring)';
  return 'kept for this session only (encryption unavailable)';
}

function denyAllPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.setDevicePermissionHandler(() => false);
  s.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  // The page has no business on the network: everything it needs comes from app://.
  s.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.env.IUA_DATA_DIR ?? app.getPath('userData'));
  useElectronSqliteBinding();
  const settings = desktopSettingsStore(dataDir);
  let win: BrowserWindow | null = null;

  const secretStore = createSafeStorageSecretStore({
    safeStorage,
    file: path.join(dataDir, SECRETS_FILE),
    consent: {
      granted: () => settings.read().plainTextSecretsConsentAt !== undefined,
      grant: () => settings.update({ plainTextSecretsConsentAt: new Date().toISOString() }),
    },
    askConsent: async () => {
      const options: Electron.MessageBoxOptions = {
        type: 'warning',
        title: 'No system keyring',
        message: 'Your desktop has no keyring, so saved credentials cannot be encrypted.',
        detail:
          'Without a keyring (GNOME Keyring / KWallet), Electron can only obscure credentials with a fixed key that any program running as you could reverse. ' +
          'If you keep them for this session only, you will sign in to your orgs again after restarting the app.',
        buttons: ['Keep for this session only', 'Store without encryption'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const r = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return r.response === 1;
    },
    onError: (message, err) => console.error(`[secrets] ${message}:`, err instanceof Error ? err.message : err),
  });

  const oauth = desktopOAuth({ shell, app, getWindow: () => win });
  const backend = createBackend({ dataDir, door: 'desktop', electronVersion: process.versions.electron, secretStore, openUrl: oauth.openUrl });

  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  denyAllPermissions();
  bindContract(ipcMain, { dispatch: oauth.wrapDispatch(backend.dispatch) }, [APP_ORIGIN]);

  const state = initialWindowState(
    settings.read().windowState,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  win = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs'), state));
  const window = win;
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, settings, (err) => console.error('[window-state] not saved:', err));

  const showAbout = () => {
    const detail = aboutDetail({
      appName: APP_NAME,
      version: APP_VERSION,
      electronVersion: process.versions.electron,
      dataDir,
      secretsProtection: protectionLabel(secretStore.mode, secretStore.persistent),
    });
    void dialog.showMessageBox(window, { type: 'info', title: `About ${APP_NAME}`, message: APP_NAME, detail, buttons: ['OK'] });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        appName: APP_NAME,
        isMac: process.platform === 'darwin',
        isPackaged: app.isPackaged,
        actions: { showAbout, openDataDir: () => void shell.openPath(dataDir), openHelp: (url) => void openExternalLink(shell, url) },
      }),
    ),
  );

  backend.ctx.events.subscribe((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(`event:${name}`, payload);
  });
  app.on('second-instance', () => bringToFront(window, app));
  app.on('window-all-closed', () => {
    void backend.close().finally(() => app.quit());
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}
