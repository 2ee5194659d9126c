import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialWindowState, trackWindowState, DEFAULT_WINDOW } from '../../../electron/desktop/window-state';
import { desktopSettingsStore, DESKTOP_SETTINGS_FILE } from '../../../electron/desktop/settings';
import { tempDir } from '../../support/tmp';

let dir: string;
beforeEach(() => {
  dir = tempDir('iua-winstate-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const screen = [{ x: 0, y: 0, width: 1920, height: 1050 }];

describe('window state', () => {
  it('is saved in the data directory on close and restored next time', () => {
    const settings = desktopSettingsStore(dir);
    let onClose: (() => void) | undefined;
    const win = {
      on: (_e: 'close', l: () => void) => (onClose = l),
      getNormalBounds: () => ({ x: 100, y: 80, width: 1200, height: 800 }),
      isMaximized: () => true,
    };
    trackWindowState(win, settings);
    onClose!();
    expect(JSON.parse(fs.readFileSync(path.join(dir, DESKTOP_SETTINGS_FILE), 'utf8')).windowState).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(initialWindowState(desktopSettingsStore(dir).read().windowState, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it('uses defaults without a saved state, and drops a position on a display that is gone', () => {
    expect(initialWindowState(undefined, screen)).toEqual(DEFAULT_WINDOW);
    expect(initialWindowState({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }, screen)).toEqual({ width: 1000, height: 700, maximized: false });
    expect(initialWindowState({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, screen)).not.toHaveProperty('x');
    // On a second monitor that is still there, the position is kept.
    expect(initialWindowState({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }, [...screen, { x: 1920, y: 0, width: 2560, height: 1400 }])).toMatchObject({
      x: 2500,
      y: 100,
    });
  });

  it('shrinks a saved size that no longer fits any display', () => {
    expect(initialWindowState({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, screen)).toMatchObject({ width: 1920, height: 1050 });
  });

  it('ignores a damaged settings file and keeps the parts that are valid', () => {
    const file = path.join(dir, DESKTOP_SETTINGS_FILE);
    fs.writeFileSync(file, '{oops');
    expect(desktopSettingsStore(dir).read()).toEqual({});
    fs.writeFileSync(file, JSON.stringify({ windowState: { width: 'wide' }, plainTextSecretsConsentAt: '2025-01-01' }));
    expect(desktopSettingsStore(dir).read()).toEqual({ plainTextSecretsConsentAt: '2025-01-01' });
    desktopSettingsStore(dir).update({ windowState: { width: 900, height: 700, maximized: false } });
    expect(desktopSettingsStore(dir).read()).toEqual({ plainTextSecretsConsentAt: '2025-01-01', windowState: { width: 900, height: 700, maximized: false } });
  });
});
