import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { startDemoOrg } from '../../demo-org';

interface DemoOrgCliOptions {
  port: string;
  host: string;
  data?: string;
  scale?: string;
  seed?: string;
  token?: string;
  faults?: string;
  journal?: string;
  apiLimit?: string;
  apiUsage?: string;
  realOrg?: boolean;
  customObjects?: string;
  permissionFields?: string;
  oauthTokenIds?: boolean;
  eventMonitoring?: boolean;
}

function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < min || n > max)
    throw new AppError('validation', `--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function registerDemoOrg(program: Command): void {
  program
    .command('demo-org')
    .description('Run the demo org: a Salesforce API simulator (GreenPath Healthcare by default) on 127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = a free one)', '0')
    .option('--host <host>', 'loopback address to bind (127.0.0.1, ::1 or localhost)', '127.0.0.1')
    .option('--data <file>', 'load the org from a dataset JSON file instead of GreenPath')
    .option('--scale <n>', 'add about N generated users (load tests)')
    .option('--seed <s>', 'seed for --scale (default 1)')
    .option('--token <t>', 'fixed bearer token (default: a random one)')
    .option('--faults <file>', 'fault injection rules (JSON)')
    .option('--journal <file>', 'append one JSON line per request to FILE')
    .option('--api-limit <n>', 'daily API request allocation (default 100000)')
    .option('--api-usage <n>', 'API requests already used today (default 0)')
    .option('--real-org', 'add the shape of a large real org: 2,100 custom objects and 650 permission fields (docs/salesforce-fidelity.md)')
    .option('--custom-objects <n>', 'with --real-org: custom objects to add (default 2100)')
    .option('--permission-fields <n>', 'with --real-org: Permissions* fields per permission record (default 650)')
    .option('--event-monitoring', 'give GreenPath the Event Monitoring licence: 30 days of API, RestApi, BulkApi, BulkApi2 log files and Event Log Objects')
    .option('--oauth-token-ids', "serve OauthToken's dataset Ids instead of null (a real org answers null)")
    .action(async (opts: DemoOrgCliOptions) => {
      if (opts.token !== undefined && !/^\S+$/.test(opts.token)) throw new AppError('validation', '--token must be a non-empty string without spaces');
      const org = await startDemoOrg({
        port: intOption('port', opts.port, 0, 65535),
        host: opts.host,
        data: opts.data,
        scale: intOption('scale', opts.scale, 0, 1_000_000),
        seed: intOption('seed', opts.seed, 0, 2 ** 31 - 1),
        token: opts.token,
        faults: opts.faults,
        journalFile: opts.journal,
        apiLimit: intOption('api-limit', opts.apiLimit, 1, 1e9),
        apiUsage: intOption('api-usage', opts.apiUsage, 0, 1e9),
        realOrgShape:
          opts.realOrg || opts.customObjects !== undefined || opts.permissionFields !== undefined
            ? { customObjects: intOption('custom-objects', opts.customObjects, 0, 50_000), permissionFields: intOption('permission-fields', opts.permissionFields, 0, 5_000) }
            : undefined,
        oauthTokenIds: opts.oauthTokenIds,
        eventMonitoring: opts.eventMonitoring,
      });
      process.stdout.write(`Demo org listening on ${org.url}\nAccess token: ${org.accessToken}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          org.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.exit(0);
    });
}
