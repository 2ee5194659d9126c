import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { Status } from '../../../shared/contract/review';
import { OVERRIDE_STATUSES } from '../../../shared/audit/decisions';
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
          out.push(
            '',
            renderTable(
              ['system', 'check', 'user', 'from', 'to'],
              d.checkChanges.map((c) => [c.systemName ?? '(org)', c.id, c.username ?? '—', c.from ?? '—', c.to ?? '—']),
            ),
          );
        }
        if (!perms.length && !d.checkChanges.length && !d.usersAdded.length && !d.usersRemoved.length && !d.classificationChanges.length)
          out.push('No changes for integration users.');
        process.stdout.write(out.join('\n') + '\n');
      });
    });

  program
    .command('attest')
    .description(
      'Decide a check result with a justification: override its status (--status), accept it as an exception (--exception), or plan its remediation (--remediation); the computed status is kept beside it',
    )
    .argument('<alias>', 'org alias')
    .requiredOption('--system <name>', 'system name')
    .requiredOption('--check <id>', 'check id, e.g. IU-05')
    .option('--user <username>', 'the integration user the result is about (omit for system-level results)')
    .option('--status <status>', `override the status: one of ${OVERRIDE_STATUSES.join(', ')}`)
    .option('--exception', 'accept the result as it is (an exception)')
    .option('--expires <date>', 'with --exception: the date (YYYY-MM-DD) after which the exception no longer holds')
    .option('--remediation', 'plan a fix (needs --owner and --due)')
    .option('--owner <name>', 'with --remediation: who fixes it')
    .option('--due <date>', 'with --remediation: when (YYYY-MM-DD)')
    .requiredOption('--because <text>', 'justification')
    .option('--reviewer <name>', 'who decides (default: the reviewer set with `iua reviewer`)')
    .action(
      async (
        alias: string,
        opts: {
          system: string;
          check: string;
          user?: string;
          status?: string;
          exception?: boolean;
          expires?: string;
          remediation?: boolean;
          owner?: string;
          due?: string;
          because: string;
          reviewer?: string;
        },
        cmd: Command,
      ) => {
        const kinds = [opts.status !== undefined, !!opts.exception, !!opts.remediation].filter(Boolean).length;
        if (kinds !== 1) throw new AppError('validation', 'Say what you decide: exactly one of --status <status>, --exception or --remediation.');
        const status = opts.status === undefined ? null : Status.safeParse(opts.status);
        if (status && !status.success) throw new AppError('validation', `--status must be one of ${OVERRIDE_STATUSES.join(', ')}`);
        const kind = opts.exception ? 'exception' : opts.remediation ? 'remediation' : 'override';
        await withBackend(cmd, async (backend) => {
          let userId: string | null = null;
          if (opts.user) {
            const view = await backend.call('audit.evaluate', { orgAlias: alias });
            const u = view.evaluation.users.find((x) => x.username.toLowerCase() === opts.user!.toLowerCase() || x.id === opts.user);
            if (!u) throw new AppError('not_found', `No user "${opts.user}" in the current snapshot of ${alias}.`);
            userId = u.id;
          }
          await backend.call('review.attest', {
            orgAlias: alias,
            system: opts.system,
            checkId: opts.check,
            userId,
            kind,
            status: status?.data ?? null,
            justification: opts.because,
            ...(opts.reviewer ? { reviewer: opts.reviewer } : {}),
            expiresAt: opts.expires ?? null,
            owner: opts.owner ?? null,
            dueDate: opts.due ?? null,
          });
          const what =
            kind === 'override'
              ? `is ${status!.data}`
              : kind === 'exception'
                ? `accepted as an exception${opts.expires ? ` until ${opts.expires}` : ''}`
                : `to be fixed by ${opts.owner} by ${opts.due}`;
          const by = opts.reviewer ?? (await backend.call('review.reviewer', {})).name;
          process.stdout.write(`Recorded: ${opts.check}${opts.user ? ` for ${opts.user}` : ''} in ${opts.system} ${what} (by ${by}).\n`);
        });
      },
    );

  program
    .command('signoff')
    .description('Sign off a reviewed system, frozen to the current snapshot')
    .argument('<alias>', 'org alias')
    .requiredOption('--system <name>', 'system name')
    .option('--reviewer <name>', 'who signs (default: the reviewer set with `iua reviewer`)')
    .option('--role <role>', 'their role (default: the role set with `iua reviewer`)')
    .requiredOption('--statement <text>', 'the attestation statement')
    .action(async (alias: string, opts: { system: string; reviewer?: string; role?: string; statement: string }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const s = await backend.call('review.signoff', {
          orgAlias: alias,
          system: opts.system,
          ...(opts.reviewer ? { reviewer: opts.reviewer } : {}),
          ...(opts.role ? { role: opts.role } : {}),
          statement: opts.statement,
        });
        process.stdout.write(`Signed off ${s.system} on snapshot ${s.snapshotId} by ${s.reviewer} (${s.role}) at ${s.at}.\n`);
      });
    });

  program
    .command('reviewer')
    .description('Show or set who is reviewing on this machine: the name and role recorded on decisions, notes, scope edits, sign-offs and exports')
    .option('--name <name>', 'your name')
    .option('--role <role>', 'your role, e.g. "Compliance lead"')
    .option('--json', 'print one JSON object')
    .action(async (opts: { name?: string; role?: string; json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('review.reviewer', { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.role !== undefined ? { role: opts.role } : {}) });
        if (opts.json) return printJson(r);
        process.stdout.write(
          r.name
            ? `Reviewer: ${r.name}${r.role ? ` (${r.role})` : ' (no role set: iua reviewer --role "…")'}.\n`
            : 'No reviewer set. Set yours once: iua reviewer --name "Your Name" --role "Your role".\n',
        );
      });
    });
}
