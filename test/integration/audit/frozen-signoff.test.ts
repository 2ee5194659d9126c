/**
 * A sign-off stays what was signed (issue #19 items 1, 2, 4): the rules before signing, the
 * frozen result after the declared scope changes (view and re-exported pack, with what differs),
 * scope history, carrying decisions forward to a new snapshot, and the activity log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import type { ActivityEntry, AuditView, CarryForwardResult, ScopeVersion } from '../../../shared/contract';
import type { CheckResult } from '../../../shared/audit/types';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend;
let dataDir: string;
let org: ReturnType<typeof healthyOrg>;

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function refused(name: string, input: unknown): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  const r = await backend.dispatch(name, input);
  if (r.ok) throw new Error(`${name} was accepted`);
  return r.error as never;
}
const view = () => call<AuditView>('audit.evaluate', { orgAlias: 'acme' });
const result = (v: AuditView, id: string): CheckResult => v.evaluation.systems.find((s) => s.name === 'MuleSoft')!.checks.find((c) => c.id === id)!;
const WHY = 'Break-glass login under ticket INC-4711, approved by the CISO';

/** Decide every open result of MuleSoft: an exception for IU-04, remediation for anything else. */
async function decideAll(): Promise<void> {
  const v = await view();
  for (const c of v.evaluation.systems[0].checks.filter((x) => ['fail', 'warn', 'manual', 'error'].includes(x.status))) {
    if (c.id === 'IU-04')
      await call('review.attest', {
        orgAlias: 'acme',
        system: 'MuleSoft',
        checkId: c.id,
        userId: c.userId,
        kind: 'exception',
        expiresAt: '2099-12-31',
        justification: WHY,
        reviewer: 'Ada Auditor',
      });
    else
      await call('review.attest', {
        orgAlias: 'acme',
        system: 'MuleSoft',
        checkId: c.id,
        userId: c.userId,
        kind: 'remediation',
        owner: 'Integration team',
        dueDate: '2025-09-30',
        justification: 'Owner to fix in the next release window',
        reviewer: 'Ada Auditor',
      });
  }
}

beforeEach(async () => {
  dataDir = tempDir();
  backend = createBackend({ dataDir, door: 'cli' });
  org = healthyOrg();
  org.o.login(org.mule, 'Application', 3); // IU-04 fails: an interactive login
  storeSnapshot(requireDb(backend.ctx), 'acme', org.o.snapshot(), 'snap-a');
  await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()), author: 'Ada Auditor' });
});
afterEach(() => backend.close());

describe('sign-off rules', () => {
  it('refuses a sign-off while a fail has no decision, and names it', async () => {
    expect(result(await view(), 'IU-04').status).toBe('fail');
    const e = await refused('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed.' });
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/IU-04 \(mule@acme\.test\): fail/);
    expect(e.message).toMatch(/Accept each as an exception/);
  });

  it('refuses a short justification and an override without a status, on the field', async () => {
    const short = await refused('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-04',
      userId: org.mule,
      status: 'pass',
      justification: 'ok',
      reviewer: 'Ada',
    });
    expect(short.code).toBe('validation');
    expect(short.issues).toContainEqual(expect.objectContaining({ path: 'justification', message: expect.stringMatching(/at least 20 characters/) }));
    const noStatus = await refused('review.attest', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-04', userId: org.mule, justification: WHY, reviewer: 'Ada' });
    expect(noStatus.issues).toContainEqual(expect.objectContaining({ path: 'status' }));
    const toManual = await refused('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-04',
      userId: org.mule,
      status: 'manual',
      justification: WHY,
      reviewer: 'Ada',
    });
    expect(toManual.issues).toContainEqual(expect.objectContaining({ path: 'status' }));
    const noOwner = await refused('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-04',
      userId: org.mule,
      kind: 'remediation',
      dueDate: '2025-09-01',
      justification: WHY,
      reviewer: 'Ada',
    });
    expect(noOwner.issues).toContainEqual(expect.objectContaining({ path: 'owner' }));
  });

  it('an expired exception does not decide a result', async () => {
    await decideAll();
    await call('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-04',
      userId: org.mule,
      kind: 'exception',
      expiresAt: '2001-01-01',
      justification: WHY,
      reviewer: 'Ada Auditor',
    });
    const e = await refused('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed.' });
    expect(e.message).toMatch(/IU-04 \(mule@acme\.test\): fail \(exception expired\)/);
  });

  it('signs off once every open result is decided; the statement lists the accepted exceptions', async () => {
    await decideAll();
    const s = await call<{ statement: string }>('review.signoff', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      reviewer: 'Ada Auditor',
      role: 'Auditor',
      statement: 'Reviewed against the declared scope.',
    });
    expect(s.statement).toBe(`Reviewed against the declared scope.\nAccepted exceptions (1):\n- IU-04 (mule@acme.test) fail: ${WHY} (accepted by Ada Auditor, until 2099-12-31)`);
    // Nothing can be decided on it any more.
    const late = await refused('review.attest', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-04', userId: org.mule, status: 'pass', justification: WHY, reviewer: 'Ada' });
    expect(late.code).toBe('conflict');
  });
});

describe('preparer/approver split', () => {
  it('when on, whoever recorded decisions on a system cannot sign it off; someone else can', async () => {
    expect(await call('review.settings', { orgAlias: 'acme' })).toEqual({ separateApprover: false });
    expect(await call('review.settings', { orgAlias: 'acme', separateApprover: true, actor: 'Lead' })).toEqual({ separateApprover: true });
    await decideAll();
    const e = await refused('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: ' ada auditor ', role: 'Auditor', statement: 'Reviewed.' });
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/separates preparer and approver, and ada auditor recorded decisions on it \(IU-04/);
    expect(
      (await backend.dispatch('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Carol Approver', role: 'Compliance lead', statement: 'Approved.' })).ok,
    ).toBe(true);
    const { entries } = await call<{ entries: ActivityEntry[] }>('review.activity', { orgAlias: 'acme' });
    expect(entries.find((x) => x.action === 'setting')).toMatchObject({ actor: 'Lead', detail: 'preparer/approver split on' });
  });
});

describe('a frozen sign-off', () => {
  beforeEach(async () => {
    await decideAll();
    await call('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed against the declared scope.' });
  });

  it('shows what was signed after the scope changes, and says how the results now differ', async () => {
    const before = await view();
    expect(before.reviews[0].signed).toMatchObject({ scopeVersion: 1, currentScopeVersion: 1, matches: true, differences: [], scopeChanges: [] });
    expect(result(before, 'IU-06').status).toBe('pass');
    // Declaring less makes IU-06 (and IU-05/08 in other orgs) fail when evaluated now.
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ objects: { Account: ['read'], Contact: ['read'] } })), author: 'Bob Admin' });
    const after = await view();
    expect(result(after, 'IU-06').status).toBe('pass'); // as signed
    const signed = after.reviews[0].signed!;
    expect(signed).toMatchObject({ scopeVersion: 1, currentScopeVersion: 2, matches: false, legacy: false });
    expect(signed.evaluationHash).not.toBe(signed.currentHash);
    expect(signed.differences).toContainEqual({ checkId: 'IU-06', username: 'mule@acme.test', signed: 'pass', current: 'fail' });
    expect(signed.scopeChanges).toEqual(['MuleSoft: objects.Account read, edit → read']);
  });

  it('a re-exported pack shows the signed results, the scope version, the hash and what differs now', async () => {
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ objects: { Account: ['read'], Contact: ['read'] } })), author: 'Bob Admin' });
    const out = path.join(dataDir, 'pack.json');
    await call('evidence.export', { orgAlias: 'acme', format: 'json', outPath: out });
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { sheets: { name: string; rows: unknown[][] }[] };
    const sheet = (n: string) => doc.sheets.find((s) => s.name === n)!.rows;
    const iu06 = sheet('Checklist').find((r) => r[0] === 'MuleSoft' && r[2] === 'IU-06')!;
    expect(iu06[4]).toBe('pass');
    const cover = sheet('Cover');
    const signedRow = cover.find((r) => r[1] === 'MuleSoft' && r[2] === 'signed off')!;
    expect(signedRow[7]).toBe('1');
    expect(signedRow[8]).toMatch(/^[0-9a-f]{64}$/);
    expect(String(signedRow[9])).toMatch(/^differ from what was signed \(this pack shows the signed results\): 1 result\(s\) differ; declared scope now version 2$/);
    const texts = cover.map((r) => r.join(' | '));
    expect(texts).toContain('Current results differ from what was signed | System | What differs');
    expect(texts).toContain(' | MuleSoft | IU-06 (mule@acme.test): pass when signed, fail now');
    expect(texts).toContain(' | MuleSoft | declared scope changed since sign-off: MuleSoft: objects.Account read, edit → read');
    // The access sheets compare with the scope as signed (Account edit was declared then).
    const ea = sheet('Effective Access');
    const header = ea[0] as string[];
    const account = ea.find((r) => r[2] === 'Account')!;
    expect(account[header.indexOf('Declared')]).toBe('Read, Edit');
    expect(account[header.indexOf('Beyond declared scope')]).toBe('');
    // Usage results are signed with the rest, each saying which usage window it read.
    const checklist = sheet('Checklist');
    const usageRows = checklist.filter((r) => r[0] === 'MuleSoft' && /^US-0[123]$/.test(String(r[2])));
    expect(usageRows.map((r) => r[2])).toEqual(['US-01', 'US-02', 'US-03']);
    for (const r of usageRows) expect(String(r[12])).toMatch(/^Usage evidence \(Usage sheet\) of \d{4}-\d\d-\d\dT.+Z to \d{4}-\d\d-\d\dT.+Z/);
    const signedResults = checklist.filter((r) => r[0] === 'MuleSoft');
    const summary = sheet('Summary');
    const mule = summary.find((r) => r[0] === 'MuleSoft')!;
    expect((mule.slice(5, 11) as number[]).reduce((a, b) => Number(a) + Number(b), 0)).toBe(signedResults.length);
    expect(summary.some((r) => /usage checks/.test(String(r[0])))).toBe(false);
  });

  it('keeps the scope history: every version with author, time and what changed', async () => {
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ objects: { Account: ['read'], Contact: ['read'] } })), author: 'Bob Admin' });
    const { versions } = await call<{ versions: ScopeVersion[] }>('scope.history', { orgAlias: 'acme' });
    expect(versions.map((v) => [v.version, v.author, v.changes])).toEqual([
      [2, 'Bob Admin', ['MuleSoft: objects.Account read, edit → read']],
      [1, 'Ada Auditor', ['MuleSoft: system declared (1 user, 2 objects)']],
    ]);
    expect(versions[1].scope.systems[0].objects.Account).toEqual(['read', 'edit']);
    expect(() => requireDb(backend.ctx).prepare("UPDATE scope_version SET author = 'x'").run()).toThrow(/immutable/);
  });
});

describe('period over period', () => {
  it('carries unchanged decisions to a new snapshot, flags changed ones, and keeps the earlier sign-off visible', async () => {
    await decideAll();
    await call('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed.' });
    const decidedBefore = (await view()).evaluation.systems[0].checks.filter((c) => c.override).map((c) => c.id);
    expect(decidedBefore).toContain('IU-04');
    storeSnapshot(requireDb(backend.ctx), 'acme', org.o.snapshot(), 'snap-b');
    const fresh = await view();
    expect(fresh.snapshot.id).toBe('snap-b');
    expect(fresh.reviews[0].state).toBe('not started');
    expect(fresh.carryForward).toMatchObject({ fromSnapshotId: 'snap-a' });
    expect(fresh.earlierSignOffs).toEqual([expect.objectContaining({ system: 'MuleSoft', snapshotId: 'snap-a', reviewer: 'Ada Auditor' })]);
    const r = await call<CarryForwardResult>('review.carryForward', { orgAlias: 'acme' });
    expect(r).toMatchObject({ fromSnapshotId: 'snap-a', carried: decidedBefore.length, changed: [], expired: [] });
    const carried = await view();
    expect(carried.carryForward).toBeNull();
    expect(carried.reviews[0].state).toBe('in review');
    expect(result(carried, 'IU-04').override).toMatchObject({ kind: 'exception', reviewer: 'Ada Auditor', carriedFrom: { snapshotId: 'snap-a', reviewer: 'Ada Auditor' } });
    // Everything decided before is decided again: it can be signed off for the new period.
    expect((await backend.dispatch('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed.' })).ok).toBe(true);
  });

  it('does not carry a decision whose evidence changed: it is flagged and stays open', async () => {
    await decideAll();
    org.o.login(org.mule, 'Application', 1); // another interactive login: IU-04's evidence grows
    storeSnapshot(requireDb(backend.ctx), 'acme', org.o.snapshot(), 'snap-b');
    const r = await call<CarryForwardResult>('review.carryForward', { orgAlias: 'acme' });
    expect(r.changed).toContainEqual({ checkId: 'IU-04', systemName: 'MuleSoft', username: 'mule@acme.test', reason: 'the evidence changed' });
    const v = await view();
    expect(result(v, 'IU-04').override).toBeUndefined();
    expect(result(v, 'IU-04').status).toBe('fail');
  });
});

describe('activity log', () => {
  it('records scope edits, decisions, notes, sign-offs and exports, and refuses edits', async () => {
    await decideAll();
    await call('review.note', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-04', userId: org.mule, text: 'Asked the owner for the ticket', author: 'Ada Auditor' });
    await call('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ada Auditor', role: 'Auditor', statement: 'Reviewed.' });
    await call('evidence.export', { orgAlias: 'acme', format: 'json', outPath: path.join(dataDir, 'p.json') });
    const pack = JSON.parse(fs.readFileSync(path.join(dataDir, 'p.json'), 'utf8')) as { sheets: { name: string; rows: unknown[][] }[] };
    const log = pack.sheets.find((x) => x.name === 'Review Log')!.rows;
    expect(log[0]).toEqual(['When (UTC)', 'Who', 'What', 'System', 'Snapshot', 'Details']);
    expect(log.slice(1).map((r) => r[2])).toEqual(['scope edit', ...Array(log.length - 4).fill('decision'), 'note', 'sign-off']);
    expect(log.find((r) => r[2] === 'sign-off')).toEqual([
      expect.any(String),
      'Ada Auditor',
      'sign-off',
      'MuleSoft',
      'snap-a',
      expect.stringMatching(/^Auditor; scope version 1; evaluation SHA-256 [0-9a-f]{64}$/),
    ]);
    const { entries } = await call<{ entries: ActivityEntry[] }>('review.activity', { orgAlias: 'acme' });
    const actions = entries.map((e) => e.action);
    expect(actions[0]).toBe('scope edit');
    expect(actions).toContain('decision');
    expect(actions).toContain('note');
    expect(actions.at(-2)).toBe('sign-off');
    expect(actions.at(-1)).toBe('export');
    expect(entries.find((e) => e.action === 'decision' && e.detail.startsWith('IU-04'))).toMatchObject({
      actor: 'Ada Auditor',
      system: 'MuleSoft',
      snapshotId: 'snap-a',
      detail: expect.stringContaining('accepted exception until 2099-12-31'),
    });
    expect(() => requireDb(backend.ctx).prepare("UPDATE activity SET actor = 'x'").run()).toThrow(/append-only/);
  });
});
