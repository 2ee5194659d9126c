import type { Command } from 'commander';
import type { AuditView } from '../../../shared/contract/audit';
import { evidenceRowInWords } from '../../../shared/audit/evidence-words';
import type { CheckResult } from '../../../shared/audit/types';
import { lazyMap, writeJson } from '../json-stream';
import { withExistingBackend } from '../runtime';
import { renderTable } from '../table';

/** The `iua report --json` shape (a contract for scripts; extra fields are welcome). */
export function reportJson(view: AuditView) {
  const states = new Map(view.reviews.map((r) => [r.system, r]));
  // Evidence in words beside the raw rows: names beside user Ids, lists as text, one date format.
  const people = new Map(view.evaluation.users.map((u) => [u.id, u]));
  const person = (id: string) => {
    const u = people.get(id);
    return u && { Name: u.name, Username: u.username };
  };
  const inWords = (c: CheckResult) => c.evidence.map((r) => evidenceRowInWords(r, person));
  return {
    org: view.org,
    snapshot: { id: view.snapshot.id, takenAt: view.snapshot.takenAt, contentHash: view.snapshot.contentHash },
    users: lazyMap(view.evaluation.users, (u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      isActive: u.isActive,
      license: u.license,
      profile: u.profile,
      classification: u.classification,
      reasons: u.reasons,
      systems: u.systems,
    })),
    systems: view.evaluation.systems.map((s) => ({
      name: s.name,
      owner: s.owner,
      purpose: s.purpose,
      reviewState: states.get(s.name)?.state ?? 'not started',
      signOff: states.get(s.name)?.signOff ?? null,
      users: s.users,
      checks: lazyMap(s.checks, (c) => ({
        id: c.id,
        username: c.username,
        userId: c.userId,
        status: c.status,
        computedStatus: c.computedStatus,
        summary: c.summary,
        evidence: c.evidence,
        evidenceInWords: inWords(c),
        ...(c.override ? { override: c.override } : {}),
      })),
    })),
    orgChecks: lazyMap(view.evaluation.orgChecks, (c) => ({
      id: c.id,
      status: c.status,
      computedStatus: c.computedStatus,
      summary: c.summary,
      evidence: c.evidence,
      evidenceInWords: inWords(c),
    })),
    gaps: view.snapshot.gaps,
  };
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Classify users and evaluate the least-privilege checklist for every declared system')
    .argument('<alias>', 'org alias')
    .option('--snapshot <id>', 'evaluate this snapshot instead of the current one')
    .option('--json', 'print one JSON object')
    .action(async (alias: string, opts: { snapshot?: string; json?: boolean }, cmd: Command) => {
      await withExistingBackend(cmd, async (backend) => {
        const view = await backend.call('audit.evaluate', { orgAlias: alias, ...(opts.snapshot ? { snapshotId: opts.snapshot } : {}) });
        // Streamed: a large org's report is hundreds of MB as one string.
        if (opts.json) return writeJson(process.stdout, reportJson(view));
        const out: string[] = [];
        out.push(`${view.org.name} (${view.org.id}) — snapshot ${view.snapshot.id} taken ${view.snapshot.takenAt}`);
        out.push(`content hash ${view.snapshot.contentHash}`);
        if (view.snapshot.gaps.length) out.push(`coverage gaps: ${view.snapshot.gaps.map((g) => `${g.object} (${g.errorCode})`).join(', ')}`);
        out.push('', 'Integration users');
        const integrationLike = view.evaluation.users.filter((u) => ['integration', 'api-only', 'human-as-integration'].includes(u.classification));
        out.push(
          renderTable(
            ['username', 'classification', 'license', 'active', 'systems'],
            integrationLike.map((u) => [u.username, u.classification, u.license ?? '', u.isActive ? 'yes' : 'no', u.systems.join(', ') || '—']),
          ),
        );
        for (const s of view.evaluation.systems) {
          const state = view.reviews.find((r) => r.system === s.name)?.state ?? 'not started';
          out.push('', `System: ${s.name} (${state}) — owner ${s.owner || '—'}`);
          out.push(
            renderTable(
              ['check', 'user', 'status', 'summary'],
              s.checks.map((c) => [c.id, c.username ?? '—', c.status === c.computedStatus ? c.status : `${c.status} (computed ${c.computedStatus})`, c.summary]),
            ),
          );
        }
        out.push('', 'Org-wide');
        out.push(
          renderTable(
            ['check', 'status', 'summary'],
            view.evaluation.orgChecks.map((c) => [c.id, c.status, c.summary]),
          ),
        );
        process.stdout.write(out.join('\n') + '\n');
      });
    });
}
