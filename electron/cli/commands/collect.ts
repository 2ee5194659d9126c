/**
 * `iua collect ALIAS [--json] [--full]`: one collection into a new snapshot. A progress bar
 * goes to stderr only when stderr is a terminal; Ctrl-C cancels and stores nothing.
 */
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import type { EventPayload } from '../../../shared/contract';
import { addSample, formatDuration, formatRate, recordsPerSecond, timeLeftMs, type RateSample } from '../../../shared/collect-rate';
import { printJson, withBackend } from '../runtime';
import { describeExport, exportToFile, passphraseForExport } from './snapshot';

type ProgressEvent = EventPayload<'collect.progress'>;

/** One line: phase, bar of the current object, object i/n, rows, rate, time left, API calls against the budget. */
export function bar(p: ProgressEvent, perSecond: number | null): string {
  const width = 24;
  const frac = p.total && p.total > 0 ? Math.min(1, p.fetched / p.total) : 0;
  const filled = Math.round(frac * width);
  const counts = p.total !== null ? `${p.fetched}/${p.total}` : `${p.fetched}`;
  const step = p.objectCount ? `${Math.min(p.objectIndex + 1, p.objectCount)}/${p.objectCount}` : '';
  const left = timeLeftMs(p.fetched, p.total, perSecond);
  const rate = p.phase === 'fetch' && perSecond !== null ? `  ${formatRate(perSecond)}${left !== null ? `, ${formatDuration(left)} left` : ''}` : '';
  const calls = p.budget ? `api calls: ${p.apiCalls} (org ${p.budget.used}/${p.budget.limit}, stops at ${p.budget.ceiling})` : `api calls: ${p.apiCalls}`;
  return `${p.phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step} ${p.object ?? ''} ${p.phase === 'fetch' ? counts : ''}${rate}  ${calls}`;
}

/** Rows fetched over all objects so far, from the events (each object's latest count). */
export function progressMeter(): (p: ProgressEvent, at: number) => number | null {
  const rowsByObject = new Map<string, number>();
  let samples: RateSample[] = [];
  return (p, at) => {
    if (p.phase !== 'fetch') return null;
    if (p.object) rowsByObject.set(p.object, p.fetched);
    let rows = 0;
    for (const n of rowsByObject.values()) rows += n;
    samples = addSample(samples, { at, rows });
    return recordsPerSecond(samples);
  };
}

export function registerCollect(program: Command): void {
  program
    .command('collect <alias>')
    .description('Collect a new snapshot of an org (read-only; within its API budget)')
    .option('--json', 'print one JSON object: { snapshotId, counts, apiCalls, contentHash, gaps }')
    .option('--full', 'object and field permissions of every permission set, not only integration candidates')
    .option('--lookback-days <n>', 'days of Login History and Setup Audit Trail (default 180)')
    .option('--reserve <percent>', 'share of the daily API limit to leave untouched (default 20)')
    .option('--out <file>', 'also export the new snapshot to this .iuasnap file (the offline hand-off)')
    .option('--encrypt', 'with --out: encrypt the file (passphrase from IUA_SNAPSHOT_PASSPHRASE or a prompt)')
    .action(async (alias: string, flags: { json?: boolean; full?: boolean; lookbackDays?: string; reserve?: string; out?: string; encrypt?: boolean }, cmd: Command) => {
      const lookbackDays = flags.lookbackDays === undefined ? undefined : Number(flags.lookbackDays);
      const reservePercent = flags.reserve === undefined ? undefined : Number(flags.reserve);
      // Asked before collecting, so a missing passphrase does not cost a collection.
      const passphrase = flags.out && flags.encrypt ? await passphraseForExport() : undefined;
      await withBackend(cmd, async (backend) => {
        const tty = process.stderr.isTTY === true;
        let last = 0;
        const meter = progressMeter();
        const unsubscribe = backend.ctx.events.subscribe((name, payload) => {
          if (!tty || name !== 'collect.progress') return;
          const now = Date.now();
          const p = payload as ProgressEvent;
          const perSecond = meter(p, now);
          if (p.phase !== 'done' && now - last < 100) return;
          last = now;
          const line = bar(p, perSecond).slice(0, Math.max(20, (process.stderr.columns ?? 100) - 1));
          process.stderr.write(`\r\x1b[2K${line}`);
        });
        const onSigint = () => {
          void backend.call('collect.cancel', { alias });
        };
        process.once('SIGINT', onSigint);
        try {
          const r = await backend.call('collect.start', {
            alias,
            full: flags.full ?? false,
            ...(lookbackDays !== undefined ? { lookbackDays } : {}),
            ...(reservePercent !== undefined ? { reservePercent } : {}),
          });
          if (tty) process.stderr.write('\r\x1b[2K');
          const file = flags.out ? await exportToFile(backend, { alias, out: flags.out, snapshotId: r.snapshotId, encrypt: flags.encrypt, passphrase }) : undefined;
          if (flags.json) {
            printJson({ snapshotId: r.snapshotId, counts: r.counts, apiCalls: r.apiCalls, contentHash: r.contentHash, gaps: r.gaps, ...(file ? { file } : {}) });
            return;
          }
          const rows = Object.values(r.counts).reduce((a, b) => a + b, 0);
          process.stdout.write(
            `Snapshot ${r.snapshotId}: ${rows} records from ${Object.keys(r.counts).length} objects, ${r.apiCalls} API calls.\nContent hash: ${r.contentHash}\n`,
          );
          for (const g of r.gaps) process.stdout.write(`Not readable: ${g.object} (${g.errorCode}: ${g.message})\n`);
          if (file) process.stdout.write(describeExport(file));
        } catch (err) {
          if (tty) process.stderr.write('\r\x1b[2K');
          if (err instanceof AppError) throw new AppError(err.code, err.message.replace(/\s+/g, ' '));
          throw err;
        } finally {
          process.off('SIGINT', onSigint);
          unsubscribe();
        }
      });
    });
}
