import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, aboutDetail, HELP_LINKS } from '../../../electron/desktop/menu';
import { allowedExternalUrl } from '../../../electron/desktop/external-links';
import { bringToFront, desktopOAuth } from '../../../electron/desktop/oauth';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  const actions = {
    calls: [] as string[],
    showAbout: () => actions.calls.push('about'),
    openDataDir: () => actions.calls.push('data'),
    openHelp: (u: string) => actions.calls.push(u),
  };

  it.each([true, false])('has the usual roles and Help → About (mac=%s)', (isMac) => {
    const template = menuTemplate({ appName: 'Integration User Auditor', isMac, isPackaged: true, actions });
    const roles = flatten(template)
      .map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    expect(roles).toContain(isMac ? 'close' : 'quit');
    // No developer tools in a packaged build.
    expect(roles).not.toContain('toggleDevTools');
    const help = template.find((i) => i.role === 'help')!;
    const about = (help.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'About Integration User Auditor')!;
    actions.calls.length = 0;
    (about.click as () => void)();
    expect(actions.calls).toEqual(['about']);
  });

  it('links only to allowlisted help pages', () => {
    for (const l of HELP_LINKS) expect(allowedExternalUrl(l.url)).toBe(l.url);
  });

  it('says the version and the data directory in About', () => {
    const detail = aboutDetail({
      appName: 'IUA',
      version: '0.1.0',
      electronVersion: '41.7.1',
      dataDir: '/home/a/.config/Integration User Auditor',
      secretsProtection: 'encrypted',
    });
    expect(detail).toContain('Version 0.1.0');
    expect(detail).toContain('Data directory: /home/a/.config/Integration User Auditor');
  });
});

describe('OAuth from the desktop', () => {
  function fakeWindow(minimized: boolean) {
    const calls: string[] = [];
    return {
      calls,
      win: { isDestroyed: () => false, isMinimized: () => minimized, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') },
    };
  }

  it('brings a minimized window back to the front', () => {
    const { win, calls } = fakeWindow(true);
    const app = { focus: () => calls.push('app.focus') };
    bringToFront(win, app, 'linux');
    expect(calls).toEqual(['restore', 'show', 'focus']);
    calls.length = 0;
    bringToFront(win, app, 'darwin');
    expect(calls).toContain('app.focus');
  });

  it('opens only Salesforce authorize URLs in the system browser', async () => {
    const opened: string[] = [];
    const { win } = fakeWindow(false);
    const oauth = desktopOAuth({ shell: { openExternal: async (u) => void opened.push(u) }, getWindow: () => win, app: { focus: () => {} } });
    await expect(oauth.openUrl('https://evil.example/services/oauth2/authorize')).rejects.toThrow();
    await expect(oauth.openUrl('file:///bin/sh')).rejects.toThrow();
    await oauth.openUrl('https://acme.my.salesforce.com/services/oauth2/authorize?state=s');
    expect(opened).toEqual(['https://acme.my.salesforce.com/services/oauth2/authorize?state=s']);
  });

  it('brings the app to the front when the call that opened the browser settles, and only then', async () => {
    const { win, calls } = fakeWindow(false);
    const oauth = desktopOAuth({ shell: { openExternal: async () => {} }, getWindow: () => win, app: { focus: () => {} } });
    let finishSignIn!: () => void;
    const signedIn = new Promise<void>((r) => (finishSignIn = r));
    // A stand-in for backend.dispatch: orgs.add runs the web flow (opens the browser, waits for the redirect).
    const dispatch = oauth.wrapDispatch(async (name: string) => {
      if (name === 'orgs.add') {
        await oauth.openUrl('https://login.salesforce.com/services/oauth2/authorize?state=s');
        await signedIn;
      }
      return { ok: true, name };
    });
    const adding = dispatch('orgs.add');
    // The page keeps polling while the user signs in: that must not pull the window forward.
    await dispatch('orgs.list');
    await dispatch('app.info');
    expect(calls).toEqual([]);
    finishSignIn();
    await adding;
    expect(calls).toContain('focus');
    // A failing sign-in brings it back too.
    calls.length = 0;
    const failing = oauth.wrapDispatch(async () => {
      await oauth.openUrl('https://login.salesforce.com/services/oauth2/authorize');
      throw new Error('timed out');
    });
    await expect(failing()).rejects.toThrow();
    expect(calls).toContain('focus');
  });
});
