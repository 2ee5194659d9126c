import type { Command } from 'commander';
import { printJson, withBackend } from '../runtime';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('Show versions, the data directory and the database state')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const info = await backend.call('app.info', {});
        if (opts.json) return printJson(info);
        const lines = [
          `${info.appName} ${info.appVersion}`,
          `Data directory: ${info.dataDir}`,
          `Database:       ${info.database.path} (${info.database.state}${info.database.message ? `: ${info.database.message}` : ''})`,
          `Node:           ${info.nodeVersion}`,
          `Electron:       ${info.electronVersion ?? 'not running under Electron'}`,
          `SQLite:         ${info.sqliteVersion}`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      });
    });
}
