/**
 * Preferences that belong to the desktop shell only (not to the audit data): where the window
 * was, and whether the user agreed to store secrets without OS encryption. Kept in a JSON file
 * beside the database so the back end's schema does not grow desktop-only settings, and so a
 * damaged file costs only these preferences.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../services/atomic-file';

export const DESKTOP_SETTINGS_FILE = 'desktop-settings.json';

const finite = z.number().finite();
export const WindowStateSchema = z.object({
  x: finite.optional(),
  y: finite.optional(),
  width: finite.min(200).max(20_000),
  height: finite.min(200).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

const SettingsSchema = z.object({
  windowState: WindowStateSchema.optional(),
  /** ISO timestamp of the user's explicit "store anyway" answer for Linux's basic_text backend. */
  plainTextSecretsConsentAt: z.string().optional(),
});
export type DesktopSettings = z.infer<typeof SettingsSchema>;

export interface DesktopSettingsStore {
  read(): DesktopSettings;
  update(patch: Partial<DesktopSettings>): void;
}

export function desktopSettingsStore(dataDir: string): DesktopSettingsStore {
  const file = path.join(dataDir, DESKTOP_SETTINGS_FILE);
  const read = (): DesktopSettings => {
    const parsed = SettingsSchema.safeParse(readJsonFile(file));
    if (parsed.success) return parsed.data;
    // Keep whatever fields still make sense rather than dropping every preference.
    const raw = readJsonFile(file) as Record<string, unknown> | null;
    const ws = WindowStateSchema.safeParse(raw?.windowState);
    const consent = z.string().safeParse(raw?.plainTextSecretsConsentAt);
    return { ...(ws.success ? { windowState: ws.data } : {}), ...(consent.success ? { plainTextSecretsConsentAt: consent.data } : {}) };
  };
  return {
    read,
    update(patch) {
      writeFileAtomic(file, JSON.stringify({ ...read(), ...patch }, null, 2) + '\n');
    },
  };
}
