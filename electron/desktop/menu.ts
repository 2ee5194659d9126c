/**
 * The application menu: the platform's usual roles (so copy/paste, zoom and window shortcuts
 * work) and Help → About with the version and the data directory, which support and auditors
 * ask for first. Built as a plain template from injected actions so it is tested under Node.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AboutInfo {
  appName: string;
  version: string;
  electronVersion: string | null;
  dataDir: string;
  secretsProtection: string;
}

export interface MenuActions {
  showAbout(): void;
  openDataDir(): void;
  /** Opens an allowlisted help page in the system browser. */
  openHelp(url: string): void;
}

export const HELP_LINKS: readonly { label: string; url: string }[] = [
  { label: 'Salesforce Help: Integration users', url: 'https://help.salesforce.com/s/articleView?id=sf.integration_user.htm&type=5' },
  { label: 'Salesforce Developers: OAuth and connected apps', url: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_oauth_and_connected_apps.htm' },
];

export function aboutDetail(info: AboutInfo): string {
  return [
    `Version ${info.version}`,
    info.electronVersion ? `Electron ${info.electronVersion}` : null,
    `Data directory: ${info.dataDir}`,
    `Saved credentials: ${info.secretsProtection}`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

export function menuTemplate(opts: { appName: string; isMac: boolean; isPackaged: boolean; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { appName, isMac, isPackaged, actions } = opts;
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.showAbout() };
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(isPackaged ? [] : ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(isMac
      ? ([
          {
            label: appName,
            submenu: [
              about,
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          },
        ] as MenuItemConstructorOptions[])
      : []),
    { label: 'File', submenu: [{ label: 'Open Data Directory', click: () => actions.openDataDir() }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [...HELP_LINKS.map((l) => ({ label: l.label, click: () => actions.openHelp(l.url) })), { type: 'separator' }, about],
    },
  ];
}
