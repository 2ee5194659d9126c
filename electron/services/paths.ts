/**
 * Where data lives. The CLI and the desktop app share one directory: the OS app-data
 * folder for "Integration User Auditor" (the same path Electron's app.getPath('userData')
 * gives for our productName), overridable with --data-dir or IUA_DATA_DIR.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Integration User Auditor';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** --data-dir wins, then IUA_DATA_DIR, then the OS default. */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.IUA_DATA_DIR;
  return path.resolve(chosen && chosen.trim() !== '' ? chosen : defaultDataDir(process.platform, env));
}
