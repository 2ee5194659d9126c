import { z } from 'zod';
import { defineCall } from './define';

export const AppInfo = z.object({
  appName: z.string(),
  appVersion: z.string(),
  dataDir: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  sqliteVersion: z.string(),
  /** Which front door answered: the UI shows it in About. */
  door: z.enum(['desktop', 'browser', 'cli']),
  /** A damaged or newer database puts the app in a recovery state instead of crashing. */
  database: z.object({
    state: z.enum(['ok', 'damaged', 'newer']),
    message: z.string().nullable(),
    path: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = {
  'app.info': defineCall({
    input: z.object({}).strict(),
    output: AppInfo,
    summary: 'Versions, data directory and database state.',
  }),
};
