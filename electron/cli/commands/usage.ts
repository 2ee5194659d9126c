/**
 * `iua usage pull ALIAS` (meant for a daily OS schedule, docs/usage.md), `iua usage report
 * ALIAS` and `iua remediate ALIAS --system S --out DIR [--basis declared|used|both]`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { printJson, withBackend } from '../runtime';
import { renderTable } from '../table';
import { describeApiSources } from '../../../shared/audit/usage';

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new AppError('validation', `${name} must be a number, got "${raw}"`);
  return n;
}

export function registerUsage(program: Command): void {
  const usage = program.command('usage').description('Usage evidence: what integration users actually do (read-only)');
  usage
    .command('pull <alias>')
    .description('Fetch new API event log files and count writes into the local usage history; run it daily (running twice on a day adds nothing)')
    .option('--json', 'print one JSON object')
    .option('--window-days <n>', 'days of writes to count (default 180)')
    .option('--reserve <percent>', 'share of the daily API limit to leave untouched (default 20)')
    .action(async (alias: string, flags: { json?: boolean; windowDays?: string; reserve?: string }, cmd: Command) => {
      const windowDays = intOption('--window-days', flags.windowDays);
      const reservePercent = intOption('--reserve', flags.reserve);
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('usage.pull', { alias, ...(windowDays !== undefined ? { windowDays } : {}), ...(reservePercent !== undefined ? { reservePercent } : {}) });
        if (flags.json) return printJson(r);
        process.stdout.write(
          `Usage of ${r.orgAlias}: ${r.filesAdded} new log file${r.filesAdded === 1 ? '' : 's'} (${r.rowsAdded} events), writes counted on ${r.objectsCounted} object${r.objectsCounted === 1 ? '' : 's'}, ${r.apiCalls} API calls.\n`,
        );
        process.stdout.write(
          `API event sources found: ${r.sources.logFileTypes.length ? r.sources.logFileTypes.join(', ') : 'no event log file'}${r.sources.eventLogObjects.length ? `; Event Log Objects: ${r.sources.eventLogObjects.join(', ')}` : ''}.\n`,
        );
        for (const n of r.sources.notes) process.stdout.write(`Note: ${n}\n`);
        for (const g of r.gaps) process.stdout.write(`Not seen: ${g.object} (${g.errorCode}: ${g.message})\n`);
      });
    });
  usage
    .command('report <alias>')
    .description('Used versus granted versus declared per system, with the usage checks (US-01..US-03)')
    .option('--json', 'print the whole report as JSON')
    .option('--snapshot <id>', 'snapshot to read access from (default: current)')
    .option('--window-days <n>', 'days of the usage window (default 180)')
    .action(async (alias: string, flags: { json?: boolean; snapshot?: string; windowDays?: string }, cmd: Command) => {
      const windowDays = intOption('--window-days', flags.windowDays);
      await withBackend(cmd, async (backend) => {
        const v = await backend.call('usage.report', {
          orgAlias: alias,
          ...(flags.snapshot ? { snapshotId: flags.snapshot } : {}),
          ...(windowDays !== undefined ? { windowDays } : {}),
        });
        if (flags.json) return printJson(v);
        const r = v.report;
        process.stdout.write(
          `Usage window ${r.windowStart} to ${r.windowEnd}; API history holds ${r.apiDaysCovered} of ${r.windowDays} days (${describeApiSources(r.apiSources)}).\n`,
        );
        const rows: string[][] = [];
        for (const s of r.systems) for (const c of s.checks) rows.push([s.name, c.id, c.username ?? '', c.status, c.summary]);
        process.stdout.write(renderTable(['system', 'check', 'user', 'status', 'summary'], rows, 100) + '\n');
      });
    });
  program
    .command('remediate <alias>')
    .description('Write a least-privilege permission set for one system as a Salesforce DX source folder (never deploys)')
    .requiredOption('--system <name>', 'system name from the declared scope')
    .requiredOption('--out <dir>', 'new or empty folder to write')
    .option('--basis <basis>', 'declared | used | both (declared AND used; default)', 'both')
    .option('--json', 'print the plan as JSON')
    .action(async (alias: string, flags: { system: string; out: string; basis: string; json?: boolean }, cmd: Command) => {
      if (!['declared', 'used', 'both'].includes(flags.basis)) throw new AppError('validation', `--basis must be declared, used or both, got "${flags.basis}"`);
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('usage.remediate', {
          orgAlias: alias,
          system: flags.system,
          out: path.resolve(flags.out),
          basis: flags.basis as 'declared' | 'used' | 'both',
        });
        if (flags.json) return printJson(r);
        process.stdout.write(`Wrote ${r.files.length} files to ${r.dir}:\n${r.files.map((f) => `  ${f}`).join('\n')}\n`);
        process.stdout.write(
          `${r.plan.permissionSet.fullName}: ${r.plan.permissionSet.objects.length} objects, ${r.plan.permissionSet.fields.length} fields; ${r.plan.excess.length} current source(s) of excess access listed in REMEDIATION.md.\n`,
        );
      });
    });
}
