/**
 * The desktop's part of the OAuth web-server flow (the flow itself — PKCE, state, the
 * loopback listener on 127.0.0.1 — lives in the back end): open the Salesforce login page in
 * the system browser, never in an embedded view, and bring the app back to the front once
 * the browser has handed the code to the loopback listener.
 */
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

export interface DesktopOAuthHooks {
  /** Opens the authorize URL in the system browser; rejects for anything but a Salesforce authorize URL. */
  openAuthorizeUrl(url: string): Promise<void>;
  /** Called when the loopback listener received the redirect (success or error alike). */
  onRedirectReceived(): void;
}

export function desktopOAuthHooks(deps: { shell: Pick<Shell, 'openExternal'>; getWindow: () => FocusableWindow | null; app: FocusableApp }): DesktopOAuthHooks {
  return {
    async openAuthorizeUrl(url) {
      if (!(await openOAuthLogin(deps.shell, url))) throw new Error('Refused to open a login page that is not a Salesforce OAuth authorize URL.');
    },
    onRedirectReceived() {
      const win = deps.getWindow();
      if (win) bringToFront(win, deps.app);
    },
  };
}
