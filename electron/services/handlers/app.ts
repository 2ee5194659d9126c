import { APP_NAME } from '../paths';
import { APP_VERSION } from '../app-version';
import { sqliteVersion } from '../store/db';
import type { HandlerFactory } from './types';

export const appHandlers: HandlerFactory<'app.info'> = (ctx) => ({
  'app.info': () => ({
    appName: APP_NAME,
    appVersion: APP_VERSION,
    dataDir: ctx.dataDir,
    nodeVersion: process.versions.node,
    electronVersion: ctx.electronVersion,
    sqliteVersion: sqliteVersion(),
    door: ctx.door,
    database: { state: ctx.database.state, message: ctx.database.message, path: ctx.database.path },
  }),
});
