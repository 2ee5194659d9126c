import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { Status } from '../../../shared/contract/audit';
import { printJson, withBackend } from '../runtime';
import { renderTable } from '../table';

export function registerReview(program: Command): void {
  program
    .command('diff')
    .description('What changed for integration users between two snapshots')
    .argument('<alias>', 'org alias')
    .requiredOption('--from <id>', 'earlier snapshot id')
    .requiredOption('--to <id>', 'later snapshot id')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, opts: { from: string; to: string; json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const d = await backend.call('audit.diff', { orgAlias: alias, from: opts.from, to: opts.to });
        if (opts.json) return printJson(d);
        const out: string[] = [`Drift ${d.from.snapshotId} → ${d.to.snapshotId}`];
        out.push(`users added: ${d.usersAdded.map((u) => u.username).join(', ') || 'none'}`);
        out.push(`users removed: ${d.usersRemoved.map((u) => u.username).join(', ') || 'none'}`);
        for (const c of d.classificationChanges) out.push(`classification: ${c.username} ${c.from} → ${c.to}`);
        const perms = d.permissions.flatMap((u) => [
          ...u.gained.map((p) => [u.username, 'gained', p.kind, p.target, p.permission, p.sources.map((s) => s.name).join('; ')]),
          ...u.lost.map((p) => [u.username, 'lost', p.kind, p.target, p.permission, p.sources.map((s) => s.name).join('; ')]),
        ]);
        if (perms.length) out.push('', renderTable(['user', 'change', 'kind', 'target', 'permission', 'granted by'], perms));
        if (d.checkChanges.length) {
          out.push('', renderTable(['system', 'check', 'user', 'from', 'to'], d.checkChanges.map((c) => [c.systemName ?? '(org)', c.id, c.username ?? '—', c.from ?? '—', c.to ?? '—'])));
        }
        if (!perms.length && !d.checkChanges.length && !d.usersAdded.length && !d.usersRemoved.length && !d.classificationChanges.length) out.push('No changes for integration users.');
        process.stdout.write(out.join('\n') + '\n');
      });
    });

  program
    .command('attest')
    .description('Override a check result with a justification (the computed status is kept beside it)')
    .argument('<alias>', 'org alias')
    .requiredOption('--system <name>', 'system name')
    .requiredOption('--check <id>', 'check id, e.g. IU-05')
    .option('--user <username>', 'the integration user the result is about (omit for system-level results)')
    .requiredOption('--status <status>', `one of ${Status.options.join(', ')}`)
    .requiredOption('--because <text>', 'justification')
    .requiredOption('--reviewer <name>', 'who decides')
    .action(async (alias: string, opts: { system: string; check: string; user?: string; status: string; because: string; reviewer: string }, cmd: Command) => {
      const status = Status.safeParse(opts.status);
      if (!status.success) throw new AppError('validation', `--status must be one of ${Status.options.join(', ')}`);
      await withBackend(cmd, async (backend) => {
        let userId: string | null = null;
        if (opts.user) {
          const view = await backend.call('audit.evaluate', { orgAlias: alias });
          const u = view.evaluation.users.find((x) => x.username.toLowerCase() === opts.user!.toLowerCase() || x.id === opts.user);
          if (!u) throw new AppError('not_found', `No user "${opts.user}" in the current snapshot of ${alias}.`);
          userId = u.id;
        }
        await backend.call('review.attest', { orgAlias: alias, system: opts.system, checkId: opts.check, userId, status: status.data, justification: opts.because, reviewer: opts.reviewer });
        process.stdout.write(`Recorded: ${opts.check}${opts.user ? ` for ${opts.user}` : ''} in ${opts.system} is ${status.data} (by ${opts.reviewer}).\n`);
      });
    });

  program
    .command('signoff')
    .description('Sign off a reviewed system, frozen to the current snapshot')
    .argument('<alias>', 'org alias')
    .requiredOption('--system <name>', 'system name')
    .requiredOption('--reviewer <name>', 'who signs')
    .requiredOption('--role <role>', 'their role')
    .requiredOption('--statement <text>', 'the attestation statement')
    .action(async (alias: string, opts: { system: string; reviewer: string; role: string; statement: string }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const s = await backend.call('review.signoff', { orgAlias: alias, system: opts.system, reviewer: opts.reviewer, role: opts.role, statement: opts.statement });
        process.stdout.write(`Signed off ${s.system} on snapshot ${s.snapshotId} by ${s.reviewer} (${s.role}) at ${s.at}.\n`);
      });
    });
}
