import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { startWebServer } from '../../web/server';
import { dataDirOf } from '../runtime';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Browser mode: serve the app and its contract on 127.0.0.1 (for machines without the Electron binary, and for tests)')
    .option('--port <n>', 'port to listen on (0 = a free one)', '0')
    .option('--open', 'open the system browser at the URL')
    .action(async (opts: { port: string; open?: boolean }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('validation', `--port must be a number from 0 to 65535, got "${opts.port}"`);
      const server = await startWebServer({ dataDir: dataDirOf(cmd), port });
      process.stdout.write(`Open ${server.url}\n`);
      if (opts.open) await openInBrowser(server.url);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}

async function openInBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`Could not open a browser (${command} not available); open the URL above yourself.\n`));
    child.unref();
  } catch {
    process.stderr.write('Could not open a browser; open the URL above yourself.\n');
  }
}
