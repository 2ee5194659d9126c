/**
 * `iua snapshot export|import|list|delete`: the offline hand-off. A passphrase is never a
 * command-line argument (it would land in shell history and the process list): it comes from
 * IUA_SNAPSHOT_PASSPHRASE or, on a terminal, from a prompt that does not echo.
 */
import path from 'node:path';
import readline from 'node:readline';
import type { Command } from 'commander';
import { AppError, type CallOutput } from '../../../shared/contract';
import type { Backend } from '../../services/backend';
import { printJson, withBackend, withExistingBackend } from '../runtime';

export const PASSPHRASE_ENV = 'IUA_SNAPSHOT_PASSPHRASE';

function interactive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Typed characters are not echoed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

function envPassphrase(): string | undefined {
  const v = process.env[PASSPHRASE_ENV];
  return v ? v : undefined;
}

function noPassphrase(what: string): AppError {
  return new AppError('validation', `${what} needs a passphrase: set ${PASSPHRASE_ENV} or run the command in a terminal to be asked for it.`);
}

export async function passphraseForExport(): Promise<string> {
  const env = envPassphrase();
  if (env) return env;
  if (!interactive()) throw noPassphrase('--encrypt');
  const first = await promptHidden('Passphrase for the snapshot file: ');
  if (!first) throw new AppError('validation', 'The passphrase is empty.');
  const again = await promptHidden('Repeat the passphrase: ');
  if (first !== again) throw new AppError('validation', 'The passphrases do not match; nothing was written.');
  return first;
}

function isPassphraseRequired(err: unknown): boolean {
  return err instanceof AppError && err.code === 'validation' && (err.issues ?? []).some((i) => i.path === 'passphrase' && i.message === 'required');
}

/** Runs a call that reads a file, asking for the passphrase when the file turns out to be encrypted. */
async function withFilePassphrase<T>(run: (passphrase: string | undefined) => Promise<T>): Promise<T> {
  const env = envPassphrase();
  try {
    return await run(env);
  } catch (err) {
    if (env || !isPassphraseRequired(err)) throw err;
    if (!interactive()) throw noPassphrase('This snapshot file is encrypted and');
    return run(await promptHidden('Passphrase of the snapshot file: '));
  }
}

/** What `snapshots.export` answers: the contract's own type, not a copy of it. */
export type ExportedFile = CallOutput<'snapshots.export'>;

/** Shared with `iua collect ALIAS --out FILE`. */
export async function exportToFile(backend: Backend, req: { alias: string; out: string; snapshotId?: string; encrypt?: boolean; passphrase?: string }): Promise<ExportedFile> {
  const passphrase = req.encrypt ? (req.passphrase ?? (await passphraseForExport())) : undefined;
  return backend.call('snapshots.export', {
    orgAlias: req.alias,
    outPath: path.resolve(req.out),
    ...(req.snapshotId ? { snapshotId: req.snapshotId } : {}),
    ...(passphrase ? { passphrase } : {}),
  });
}

export function describeExport(r: ExportedFile): string {
  return `Wrote ${r.path} (${r.bytes} bytes${r.encrypted ? ', encrypted' : ''}): snapshot ${r.snapshotId} of ${r.orgAlias}, ${r.recordCount} records.\nContent hash: ${r.contentHash}\nPayload hash: ${r.payloadHash}\n`;
}

export function registerSnapshot(program: Command): void {
  const snapshot = program.command('snapshot').description('Export, import, list and delete snapshots (offline hand-off with .iuasnap files)');

  snapshot
    .command('export <alias>')
    .description(`Write a snapshot to a portable file (no credentials). --encrypt reads the passphrase from ${PASSPHRASE_ENV} or a prompt`)
    .requiredOption('--out <file>', 'file to write, e.g. client.iuasnap')
    .option('--snapshot <id>', 'snapshot to export (default: the current one)')
    .option('--encrypt', 'encrypt with a passphrase (scrypt + AES-256-GCM)')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, flags: { out: string; snapshot?: string; encrypt?: boolean; json?: boolean }, cmd: Command) => {
      await withExistingBackend(cmd, async (backend) => {
        const r = await exportToFile(backend, { alias, out: flags.out, snapshotId: flags.snapshot, encrypt: flags.encrypt });
        if (flags.json) return printJson(r);
        process.stdout.write(describeExport(r));
      });
    });

  snapshot
    .command('import <file>')
    .description(`Import a snapshot file, all or nothing (an unknown org is added as offline-only). Encrypted files read ${PASSPHRASE_ENV} or prompt`)
    .option('--alias <alias>', 'org alias to import into (default: the alias it was exported from)')
    .option('--dry-run', 'validate the file and show what it holds and what importing would do; write nothing')
    .option('--json', 'print one JSON object')
    .action(async (file: string, flags: { alias?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const abs = path.resolve(file);
      await withBackend(cmd, async (backend) => {
        const base = { path: abs, ...(flags.alias ? { alias: flags.alias } : {}) };
        if (flags.dryRun) {
          const p = await withFilePassphrase((passphrase) => backend.call('snapshots.preview', { ...base, ...(passphrase ? { passphrase } : {}) }));
          if (flags.json) return printJson(p);
          const s = p.snapshot;
          process.stdout.write(`${abs}: snapshot ${s.id} of ${s.orgName} (${s.orgId}), finished ${s.finishedAt}, ${s.recordCount} records${p.encrypted ? ', encrypted' : ''}.\n`);
          for (const o of s.objects) process.stdout.write(`  ${o.object.padEnd(28)} ${o.count}\n`);
          for (const g of s.gaps) process.stdout.write(`  not readable: ${g.object} (${g.errorCode}: ${g.message})\n`);
          process.stdout.write(
            p.plan.problem
              ? `Cannot be imported: ${p.plan.problem}\n`
              : `Would import into "${p.plan.alias}"${p.plan.createsOrg ? ' (new offline org)' : ''}${p.plan.becomesCurrent ? ' as its current snapshot' : ' (older than its current snapshot, which stays current)'}.\n`,
          );
          return;
        }
        const r = await withFilePassphrase((passphrase) => backend.call('snapshots.import', { ...base, ...(passphrase ? { passphrase } : {}) }));
        if (flags.json) return printJson(r);
        process.stdout.write(
          `Imported snapshot ${r.snapshotId} into "${r.orgAlias}"${r.orgCreated ? ' (added as an offline org)' : ''}: ${r.recordCount} records, ${r.current ? 'now the current snapshot' : 'older than the current snapshot, which stays current'}.\nContent hash: ${r.contentHash}\n`,
        );
      });
    });

  snapshot
    .command('list <alias>')
    .description('List the snapshots of an org, newest first')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, flags: { json?: boolean }, cmd: Command) => {
      await withExistingBackend(cmd, async (backend) => {
        const { snapshots } = await backend.call('snapshots.list', { alias });
        if (flags.json) return printJson({ snapshots });
        if (snapshots.length === 0) {
          process.stdout.write(`No snapshots of ${alias}.\n`);
          return;
        }
        const rows = snapshots.map((s) => [s.current ? '*' : '', s.id, s.finishedAt, String(s.recordCount), String(s.gapCount), s.contentHash.slice(0, 12)]);
        const head = ['', 'ID', 'FINISHED', 'RECORDS', 'GAPS', 'HASH'];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        for (const r of [head, ...rows])
          process.stdout.write(
            r
              .map((c, i) => c.padEnd(widths[i]))
              .join('  ')
              .trimEnd() + '\n',
          );
      });
    });

  snapshot
    .command('delete <alias> <id>')
    .description('Delete a snapshot (refused when a sign-off refers to it, unless --force)')
    .option('--force', 'also delete the sign-offs that refer to it')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, id: string, flags: { force?: boolean; json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('snapshots.delete', { orgAlias: alias, id, force: flags.force ?? false });
        if (flags.json) return printJson(r);
        process.stdout.write(`Deleted snapshot ${r.snapshotId} of ${r.orgAlias}.\n`);
        if (r.signOffsDeleted.length) {
          process.stdout.write(`Also deleted ${r.signOffsDeleted.length} sign-off(s): ${r.signOffsDeleted.map((s) => `${s.system} (by ${s.reviewer}, ${s.at})`).join('; ')}.\n`);
        }
        process.stdout.write(`Current snapshot of ${r.orgAlias}: ${r.currentSnapshotId ?? 'none'}.\n`);
      });
    });
}
