import { describe, expect, it } from 'vitest';
import { windowOptions, denyForeignNavigation } from '../../../electron/window';

describe('window', () => {
  it('keeps the renderer isolated and sandboxed', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });

  it('denies navigation to foreign origins and every new window', () => {
    const listeners: Record<string, (e: { preventDefault(): void }, url: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    denyForeignNavigation(
      { on: ((name: string, l: never) => ((listeners[name] = l), undefined)) as never, setWindowOpenHandler: ((h: never) => (openHandler = h)) as never },
      'app://iua',
    );
    const navigate = (url: string) => {
      let prevented = false;
      listeners['will-navigate']({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://iua.evil/')).toBe(true);
    expect(navigate('app://iua/index.html#/orgs')).toBe(false);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
