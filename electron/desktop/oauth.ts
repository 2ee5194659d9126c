/**
 * The desktop's part of the OAuth web-server flow (the flow itself — PKCE, state, the
 * loopback listener on 127.0.0.1 — lives in the back end): open the Salesforce login page in
 * the system browser, never in an embedded view, and bring the app back to the front once
 * the browser has handed the code to the loopback listener.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Shell } from 'electron';
import { openOAuthLogin } from './external-links';

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}
export interface FocusableApp {
  focus(options?: { steal: boolean }): void;
}

/** Restores, shows and focuses the window (on macOS the app must be activated too). */
export function bringToFront(win: FocusableWindow, app: FocusableApp, platform: NodeJS.Platform = process.platform): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  if (platform === 'darwin') app.focus({ steal: true });
  win.focus();
}

export interface DesktopOAuth {
  /** For createBackend's `openUrl`: opens the authorize URL in the system browser; rejects anything but a Salesforce authorize URL. */
  openUrl(url: string): Promise<void>;
  /**
   * Wraps the back end's dispatch: when a call that opened the browser settles (signed in,
   * refused or timed out — the loopback listener has answered), the app comes back to the
   * front. Other calls made meanwhile (the page polling) do not steal focus from the browser.
   */
  wrapDispatch<A extends unknown[], R>(dispatch: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
}

export function desktopOAuth(deps: { shell: Pick<Shell, 'openExternal'>; getWindow: () => FocusableWindow | null; app: FocusableApp }): DesktopOAuth {
  const call = new AsyncLocalStorage<{ openedBrowser: boolean }>();
  return {
    async openUrl(url) {
      if (!(await openOAuthLogin(deps.shell, url))) throw new Error('Refused to open a login page that is not a Salesforce OAuth authorize URL.');
      const current = call.getStore();
      if (current) current.openedBrowser = true;
    },
    wrapDispatch(dispatch) {
      return async (...args) => {
        const marker = { openedBrowser: false };
        try {
          return await call.run(marker, () => dispatch(...args));
        } finally {
          const win = marker.openedBrowser ? deps.getWindow() : null;
          if (win) bringToFront(win, deps.app);
        }
      };
    },
  };
}
