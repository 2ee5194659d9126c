import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { EvidenceFormat } from '../../../shared/contract/evidence';
import { printJson, withBackend, withExistingBackend } from '../runtime';

/** Exit codes of `iua verify`: the pack is intact, was changed, or is not a readable pack. */
export const VERIFY_EXIT = { intact: 0, changed: 1, unreadable: 2 } as const;

export function registerEvidence(program: Command): void {
  program
    .command('export')
    .description('Write the evidence pack of a snapshot (Excel by default) and print its path and digest')
    .argument('<alias>', 'org alias')
    .option('--out <file>', 'output file, which must not exist yet (a .zip of CSV files for --format csv); default: the data directory’s exports folder')
    .option('--snapshot <id>', 'export this snapshot instead of the current one')
    .option('--since <id>', 'include what changed since this earlier snapshot (Drift sheet)')
    .option('--systems <names>', 'only these declared systems, comma-separated')
    .option('--format <format>', `one of ${EvidenceFormat.options.join(', ')}`, 'xlsx')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, opts: { out?: string; snapshot?: string; since?: string; systems?: string; format: string; json?: boolean }, cmd: Command) => {
      const format = EvidenceFormat.safeParse(opts.format);
      if (!format.success) throw new AppError('validation', `--format must be one of ${EvidenceFormat.options.join(', ')}`);
      const systems = opts.systems
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      await withExistingBackend(cmd, async (backend) => {
        const r = await backend.call('evidence.export', {
          orgAlias: alias,
          format: format.data,
          ...(opts.out ? { outPath: path.resolve(opts.out) } : {}),
          ...(opts.snapshot ? { snapshotId: opts.snapshot } : {}),
          ...(opts.since ? { since: opts.since } : {}),
          ...(systems?.length ? { systems } : {}),
        });
        if (opts.json) return printJson(r);
        process.stdout.write(`${r.path}\npack digest ${r.digest}\n`);
      });
    });

  program
    .command('verify')
    .description('Check that an evidence pack is exactly as exported (exit 0 intact, 1 changed, 2 not a readable pack)')
    .argument('<file>', 'the .xlsx evidence pack')
    .option('--digest <hex>', 'the pack digest recorded at export time')
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: { digest?: string; json?: boolean }, cmd: Command) => {
      if (opts.digest !== undefined && !/^[0-9a-f]{64}$/i.test(opts.digest)) throw new AppError('validation', '--digest must be 64 hexadecimal characters (SHA-256).');
      try {
        await withBackend(cmd, async (backend) => {
          const r = await backend.call('evidence.verify', { path: path.resolve(file), ...(opts.digest ? { digest: opts.digest } : {}) });
          if (opts.json) printJson(r);
          if (r.intact) {
            if (!opts.json) process.stdout.write(`intact: pack digest ${r.digest}${opts.digest ? ' (matches the recorded digest)' : ''}\n`);
            process.exitCode = VERIFY_EXIT.intact;
            return;
          }
          if (!opts.json) {
            process.stdout.write(`CHANGED: ${path.basename(file)} is not the pack that was exported\n`);
            for (const p of r.problems) process.stdout.write(`  ${p.sheet ? `sheet "${p.sheet}"` : 'pack'}${p.cell ? `, cell ${p.cell}` : ''}: ${p.message}\n`);
          }
          process.exitCode = VERIFY_EXIT.changed;
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'bad_file') {
          process.stderr.write(`iua: ${err.message}\n`);
          process.exitCode = VERIFY_EXIT.unreadable;
          return;
        }
        throw err;
      }
    });
}
