/**
 * The contract both ways: every call, with a realistic input against the demo org through the
 * real dispatcher (real HTTP, real SQLite, real files), answers a value its output schema
 * accepts. The back end here does not check outputs itself, so a mismatch shows zod's issues.
 * And when the back end does check (tests, development), an answer outside the schema is an
 * `internal` error in words, with the issues in the log only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDemoOrg, type DemoOrg } from '../../../electron/demo-org/index';
import { checksOutputs, createBackend, type Backend } from '../../../electron/services/backend';
import { setLogSink } from '../../../electron/services/log';
import { calls, type CallName } from '../../../shared/contract';
import { tempDir } from '../../support/tmp';

const ALIAS = 'greenpath-demo';
const REVIEWER = 'Dana Reviewer';
const JUSTIFICATION = 'Checked the vendor contract and the data flow diagram; the access is what the interface needs.';

let backend: Backend;
/** Another data directory, where the exported snapshot is new. */
let other: Backend;
let second: DemoOrg;
let dir: string;
const answered = new Map<CallName, unknown[]>();

/** Calls `name` through the dispatcher, insists on success, and keeps the answer for the schema check. */
async function call<T = Record<string, unknown>>(name: CallName, input: unknown, on: Backend = backend): Promise<T> {
  const r = await on.dispatch(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  answered.set(name, [...(answered.get(name) ?? []), r.value]);
  return r.value as T;
}

beforeAll(async () => {
  dir = tempDir('iua-outputs-');
  backend = createBackend({ dataDir: path.join(dir, 'data'), door: 'cli', checkOutputs: false });
  other = createBackend({ dataDir: path.join(dir, 'other'), door: 'browser', checkOutputs: false });
  second = await startDemoOrg();

  await call('app.info', {});
  const { snapshotId: first } = await call<{ snapshotId: string }>('demo.start', {});
  await call('orgs.list', {});
  await call('orgs.test', { alias: ALIAS });
  await call('orgs.sfCliOrgs', {});
  await call('orgs.add', { alias: 'second', method: 'access_token', instanceUrl: second.url, accessToken: second.accessToken });

  const { scope } = await call<{ scope: unknown }>('scope.get', { orgAlias: ALIAS });
  await call('scope.templates', {});
  await call('scope.save', { orgAlias: ALIAS, scope, author: REVIEWER });
  const { text } = await call<{ text: string }>('scope.export', { orgAlias: ALIAS, format: 'yaml' });
  await call('scope.import', { orgAlias: ALIAS, text, fileName: 'scope.yaml', author: REVIEWER });
  await call('scope.history', { orgAlias: ALIAS });

  const { snapshotId: latest } = await call<{ snapshotId: string }>('collect.start', { alias: ALIAS });
  await call('collect.cancel', { alias: ALIAS });
  await call('audit.diff', { orgAlias: ALIAS, from: first, to: latest });

  // A review with every kind of record: a decision, a note, states, a sign-off.
  type View = { evaluation: { users: { id: string; classification: string }[]; systems: { name: string; checks: { id: string; userId: string | null; status: string }[] }[] } };
  const view = await call<View>('audit.evaluate', { orgAlias: ALIAS });
  const user = view.evaluation.users.find((u) => u.classification === 'integration')!;
  await call('audit.user', { orgAlias: ALIAS, userId: user.id });
  const [decided, signed] = view.evaluation.systems;
  const failing = decided.checks.find((c) => c.status === 'fail' || c.status === 'warn') ?? decided.checks[0];
  await call('review.attest', {
    orgAlias: ALIAS,
    system: decided.name,
    checkId: failing.id,
    userId: failing.userId,
    kind: 'exception',
    justification: JUSTIFICATION,
    reviewer: REVIEWER,
  });
  await call('review.note', { orgAlias: ALIAS, system: decided.name, checkId: failing.id, userId: failing.userId, text: 'Asked the vendor for the field list.', author: REVIEWER });
  await call('review.settings', { orgAlias: ALIAS });
  await call('review.reviewer', { name: REVIEWER, role: 'Auditor' });
  expect(await call('review.reviewer', {})).toMatchObject({ name: REVIEWER, role: 'Auditor' });
  // Sign-off wants a decision on every open result of the system.
  for (const c of signed.checks.filter((x) => !['pass', 'n/a'].includes(x.status))) {
    await call('review.attest', { orgAlias: ALIAS, system: signed.name, checkId: c.id, userId: c.userId, kind: 'exception', justification: JUSTIFICATION, reviewer: REVIEWER });
  }
  await call('review.setState', { orgAlias: ALIAS, system: signed.name, state: 'in review' });
  await call('review.setState', { orgAlias: ALIAS, system: signed.name, state: 'reviewed' });
  await call('review.signoff', { orgAlias: ALIAS, system: signed.name, reviewer: 'Sam Approver', role: 'Compliance lead', statement: 'Reviewed against the declared scope.' });
  await call('audit.evaluate', { orgAlias: ALIAS });

  // The next period: decisions carried forward, the earlier sign-off listed.
  await call('collect.start', { alias: ALIAS });
  await call('review.carryForward', { orgAlias: ALIAS });
  await call('audit.evaluate', { orgAlias: ALIAS, snapshotId: latest });
  await call('audit.evaluate', { orgAlias: ALIAS });
  await call('review.activity', { orgAlias: ALIAS });

  const pack = await call<{ path: string }>('evidence.export', { orgAlias: ALIAS, outPath: path.join(dir, 'pack.xlsx') });
  await call('evidence.verify', { path: pack.path });

  await call('snapshots.list', {});
  await call('snapshots.get', { id: latest });
  const exported = await call<{ path: string }>('snapshots.export', { orgAlias: ALIAS, outPath: path.join(dir, 'demo.iuasnap') });
  const staged = await call<{ path: string }>('snapshots.stage', { fileName: 'demo.iuasnap', base64: fs.readFileSync(exported.path).toString('base64') }, other);
  await call('snapshots.preview', { path: staged.path, alias: 'imported' }, other);
  const imported = await call<{ snapshotId: string }>('snapshots.import', { path: staged.path, alias: 'imported' }, other);
  await call('snapshots.delete', { orgAlias: 'imported', id: imported.snapshotId }, other);

  await call('usage.pull', { alias: ALIAS });
  await call('usage.report', { orgAlias: ALIAS });
  await call('usage.remediate', { orgAlias: ALIAS, system: decided.name, out: path.join(dir, 'permset'), basis: 'declared' });

  await call('orgs.remove', { alias: 'second' });
}, 240_000);

afterAll(async () => {
  await backend?.close();
  await other?.close();
  await second?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('every call answers inside its output schema', () => {
  it('calls every call of the contract', () => {
    expect([...answered.keys()].sort()).toEqual(Object.keys(calls).sort());
  });

  it('each answer parses with its call’s output schema', () => {
    const problems: string[] = [];
    for (const [name, values] of answered) {
      for (const value of values) {
        const parsed = calls[name].output.safeParse(value);
        if (!parsed.success) problems.push(`${name}: ${z.prettifyError(parsed.error)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the deep results carry content, so the schemas were checked against real data', () => {
    const view = answered.get('audit.evaluate')!.at(-1) as {
      evaluation: { systems: { checks: { evidence: unknown[] }[] }[] };
      reviews: { signOff: unknown }[];
      earlierSignOffs: unknown[];
    };
    expect(view.evaluation.systems.flatMap((s) => s.checks.flatMap((c) => c.evidence)).length).toBeGreaterThan(0);
    expect(view.earlierSignOffs.length).toBeGreaterThan(0);
    const user = answered.get('audit.user')![0] as { access: { sources: unknown[] } | null };
    expect(user.access?.sources.length).toBeGreaterThan(0);
    const usage = answered.get('usage.report')![0] as { report: { systems: { users: { rows: unknown[] }[] }[] } };
    expect(usage.report.systems.flatMap((s) => s.users.flatMap((u) => u.rows)).length).toBeGreaterThan(0);
  });
});

describe('the back end checks its own answers in tests and development', () => {
  it('is on under Vitest and in development, off in an installed app unless asked', () => {
    expect(checksOutputs(process.env)).toBe(true);
    expect(checksOutputs({ NODE_ENV: 'development' })).toBe(true);
    expect(checksOutputs({})).toBe(false);
    expect(checksOutputs({ NODE_ENV: 'production' })).toBe(false);
    expect(checksOutputs({ IUA_CHECK_OUTPUTS: '1' })).toBe(true);
    expect(checksOutputs({ NODE_ENV: 'test', IUA_CHECK_OUTPUTS: '0' })).toBe(false);
  });

  it('an answer outside the schema is an internal error in words; zod’s issues go to the log only', async () => {
    const checking = createBackend({ dataDir: path.join(dir, 'checking'), door: 'cli', checkOutputs: true });
    const spec = calls['app.info'] as { output: z.ZodType };
    const original = spec.output;
    const logs: string[] = [];
    // The contract drifts from the handler: app.info's answer no longer has what the schema wants.
    spec.output = z.object({ fieldTheHandlerNeverSends: z.string() });
    setLogSink((line) => logs.push(line), 'warn');
    try {
      const r = await checking.dispatch('app.info', {});
      expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong in app.info. Details are in the log.' } });
      expect(logs.join('\n')).toContain('fieldTheHandlerNeverSends');
    } finally {
      spec.output = original;
      setLogSink((line) => process.stderr.write(line + '\n'), 'warn');
      await checking.close();
    }
    expect((await createCheckedAppInfo()).ok).toBe(true);
  });
});

async function createCheckedAppInfo() {
  const checking = createBackend({ dataDir: path.join(dir, 'checking'), door: 'cli', checkOutputs: true });
  try {
    return await checking.dispatch('app.info', {});
  } finally {
    await checking.close();
  }
}
