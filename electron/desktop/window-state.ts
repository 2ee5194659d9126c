/**
 * The window reopens where the user left it: size, position and maximized state, saved in
 * the data directory when the window closes. A position that no longer lands on a connected
 * display (a monitor was unplugged) is dropped so the window never opens off-screen.
 */
import type { DesktopSettingsStore, WindowState } from './settings';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1400, height: 900, maximized: false };
/** How much of the title bar must be visible on some display for a saved position to count. */
const MIN_VISIBLE = 64;

function visibleOn(bounds: Rect, area: Rect): boolean {
  const w = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const h = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
  return w >= MIN_VISIBLE && h >= Math.min(MIN_VISIBLE, bounds.height) && bounds.y >= area.y - 8;
}

/** The bounds to open with, from what was saved and the displays connected now. */
export function initialWindowState(saved: WindowState | undefined, workAreas: readonly Rect[]): WindowState {
  if (!saved) return { ...DEFAULT_WINDOW };
  const largest = workAreas.reduce((m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }), { width: 0, height: 0 });
  const width = largest.width > 0 ? Math.min(saved.width, largest.width) : saved.width;
  const height = largest.height > 0 ? Math.min(saved.height, largest.height) : saved.height;
  const state: WindowState = { width, height, maximized: saved.maximized };
  if (saved.x !== undefined && saved.y !== undefined) {
    const bounds = { x: saved.x, y: saved.y, width, height };
    if (workAreas.some((a) => visibleOn(bounds, a))) Object.assign(state, { x: saved.x, y: saved.y });
  }
  return state;
}

/** The slice of BrowserWindow this module needs (tests use a fake). */
export interface TrackedWindow {
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

export function captureWindowState(win: Pick<TrackedWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}

/** Saves on close: one write per session is enough, and close fires before the window is gone. */
export function trackWindowState(win: TrackedWindow, store: DesktopSettingsStore, onError: (err: unknown) => void = () => {}): void {
  win.on('close', () => {
    try {
      store.update({ windowState: captureWindowState(win) });
    } catch (err) {
      onError(err);
    }
  });
}
