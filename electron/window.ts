/**
 * Window settings and navigation rules, kept apart from main.ts so they can be tested under
 * Node without the Electron binary.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { originOf } from './origin';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    title: 'Integration User Auditor',
    show: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export function isSameOrigin(url: string, origin: string): boolean {
  return originOf(url) === origin;
}

/** Navigation and new windows: only our own origin; everything else is refused. */
export function denyForeignNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, origin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isSameOrigin(url, origin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
