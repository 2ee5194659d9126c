import { describe, expect, it } from 'vitest';
import { windowOptions, denyForeignNavigation } from '../../../electron/window';
import { openExternalLink } from '../../../electron/desktop/external-links';

type NavListener = (e: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const listeners: Record<string, NavListener> = {};
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: ((name: string, l: NavListener) => ((listeners[name] = l), contents)) as never,
    setWindowOpenHandler: ((h: typeof openHandler) => (openHandler = h)) as never,
  };
  const fire = (name: string, url: string) => {
    let prevented = false;
    listeners[name]({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window', () => {
  it('keeps the renderer isolated and sandboxed', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('opens with the remembered bounds, or centred by default', () => {
    expect(windowOptions('/p', { x: 10, y: 20, width: 1000, height: 700, maximized: false })).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
    const d = windowOptions('/p');
    expect(d).toMatchObject({ center: true, width: 1400, height: 900 });
    expect(d).not.toHaveProperty('x');
  });

  it('denies navigation and redirects to foreign origins', () => {
    const { contents, fire } = fakeContents();
    denyForeignNavigation(contents, 'app://iua');
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(fire(event, 'https://evil.example/')).toBe(true);
      expect(fire(event, 'app://iua.evil/')).toBe(true);
      expect(fire(event, 'file:///etc/passwd')).toBe(true);
      expect(fire(event, 'javascript:alert(1)')).toBe(true);
      expect(fire(event, 'app://iua/index.html#/orgs')).toBe(false);
    }
    expect(fire('will-attach-webview', 'app://iua/')).toBe(true);
  });

  it('denies every new window; only allowlisted help links reach the system browser', () => {
    const opened: string[] = [];
    const shell = { openExternal: async (u: string) => void opened.push(u) };
    const { contents, fire, open } = fakeContents();
    denyForeignNavigation(contents, 'app://iua', (url) => openExternalLink(shell, url));
    for (const url of ['https://evil.example/', 'app://iua/index.html', 'https://help.salesforce.com/s/articleView?id=1', 'file:///bin/sh', 'smb://host/share']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(fire('will-navigate', 'https://developer.salesforce.com/docs')).toBe(true);
    expect(fire('will-navigate', 'http://developer.salesforce.com/docs')).toBe(true);
    expect(opened).toEqual(['https://help.salesforce.com/s/articleView?id=1', 'https://developer.salesforce.com/docs']);
  });
});
