/**
 * Window settings and navigation rules, kept apart from main.ts so they can be tested under
 * Node without the Electron binary.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { originOf } from './origin';
import { DEFAULT_WINDOW } from './desktop/window-state';
import type { WindowState } from './desktop/settings';

export const WINDOW_TITLE = 'Integration User Auditor';

export function windowOptions(preloadPath: string, state: WindowState = DEFAULT_WINDOW): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 600,
    title: WINDOW_TITLE,
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

export function isSameOrigin(url: string, origin: string): boolean {
  return originOf(url) === origin;
}

type NavigationEvent = { preventDefault(): void };
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Navigation: only our own origin. New windows: never — a link to an allowlisted help page
 * goes to the system browser through `openLink` (which applies the allowlist), anything
 * else is dropped. Webviews cannot be attached.
 */
export function denyForeignNavigation(contents: HardenableContents, origin: string, openLink: (url: string) => boolean = () => false): void {
  const guard = (event: NavigationEvent, url: string) => {
    if (isSameOrigin(url, origin)) return;
    event.preventDefault();
    openLink(url);
  };
  contents.on('will-navigate', guard as never);
  contents.on('will-redirect', ((event: NavigationEvent, url: string) => {
    if (!isSameOrigin(url, origin)) event.preventDefault();
  }) as never);
  contents.on('will-attach-webview', ((event: NavigationEvent) => event.preventDefault()) as never);
  contents.setWindowOpenHandler(({ url }) => {
    if (!isSameOrigin(url, origin)) openLink(url);
    return { action: 'deny' };
  });
}
