/**
 * The reviewer is set once (review.reviewer, kept in SQLite) and becomes the actor of every
 * decision, note, scope edit, sign-off and export whose call names nobody.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend;
let dataDir: string;
let muleId: string;

type Answer<T> = { ok: boolean; value?: T; error?: { code: string; message: string; issues?: { path: string; message: string }[] } };
const call = <T = unknown>(name: string, input: unknown): Promise<Answer<T>> => backend.dispatch(name, input) as never;

beforeEach(() => {
  dataDir = tempDir();
  backend = createBackend({ dataDir, door: 'cli' });
  const { o, mule } = healthyOrg();
  muleId = mule;
  storeSnapshot(requireDb(backend.ctx), 'acme', o.snapshot(), 'snap-a');
});
afterEach(async () => {
  await backend.close();
});

const activity = async () => (await call<{ entries: { actor: string; action: string }[] }>('review.activity', { orgAlias: 'acme' })).value!.entries;

describe('review.reviewer', () => {
  it('is empty until set, keeps name and role in the database across restarts, and sets one value without clearing the other', async () => {
    expect((await call('review.reviewer', {})).value).toEqual({ name: null, role: null });
    expect((await call('review.reviewer', { name: '  Ann Auditor ', role: 'Compliance lead' })).value).toEqual({ name: 'Ann Auditor', role: 'Compliance lead' });
    expect((await call('review.reviewer', { role: 'External auditor' })).value).toEqual({ name: 'Ann Auditor', role: 'External auditor' });
    await backend.close();
    backend = createBackend({ dataDir, door: 'desktop' });
    expect((await call('review.reviewer', {})).value).toEqual({ name: 'Ann Auditor', role: 'External auditor' });
  });

  it('refuses an empty name with a sentence, not a schema message', async () => {
    const r = await call('review.reviewer', { name: '   ' });
    expect(r.ok).toBe(false);
    expect(r.error!.issues![0]).toEqual({ path: 'name', message: 'your name is required' });
  });

  it('is the actor of scope edits, decisions, notes, sign-offs and exports that name nobody', async () => {
    await call('review.reviewer', { name: 'Ann Auditor', role: 'Compliance lead' });
    expect((await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ objects: { Account: ['read'] } })) })).ok).toBe(true);
    const view = await call<{ evaluation: { systems: { checks: { id: string; userId: string | null; status: string }[] }[] } }>('audit.evaluate', { orgAlias: 'acme' });
    const open = view.value!.evaluation.systems[0].checks.filter((c) => ['fail', 'warn', 'manual', 'error'].includes(c.status));
    expect(open.length).toBeGreaterThan(0);
    for (const c of open) {
      const r = await call('review.attest', {
        orgAlias: 'acme',
        system: 'MuleSoft',
        checkId: c.id,
        userId: c.userId,
        kind: 'exception',
        justification: 'confirmed with the system owner on site',
      });
      expect(r.ok).toBe(true);
    }
    expect((await call('review.note', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-03', userId: muleId, text: 'looked at it' })).ok).toBe(true);
    const signed = await call<{ reviewer: string; role: string }>('review.signoff', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      statement: 'Access is limited to the minimum necessary.',
    });
    expect(signed.value).toMatchObject({ reviewer: 'Ann Auditor', role: 'Compliance lead' });
    expect((await call('evidence.export', { orgAlias: 'acme', format: 'json' })).ok).toBe(true);

    const after = await call<{ notes: { author: string }[]; evaluation: { systems: { checks: { override?: { reviewer: string } }[] }[] } }>('audit.evaluate', { orgAlias: 'acme' });
    expect(after.value!.notes.map((n) => n.author)).toEqual(['Ann Auditor']);
    const decided = after.value!.evaluation.systems[0].checks.filter((c) => c.override);
    expect(decided.length).toBe(open.length);
    expect(decided.every((c) => c.override!.reviewer === 'Ann Auditor')).toBe(true);
    const log = await activity();
    expect(new Set(log.map((e) => e.action))).toEqual(new Set(['scope edit', 'decision', 'note', 'sign-off', 'export']));
    expect(log.every((e) => e.actor === 'Ann Auditor')).toBe(true);
    // The log names the user a note or decision is about, not only its Id.
    const note = (await call<{ entries: { action: string; detail: string }[] }>('review.activity', { orgAlias: 'acme' })).value!.entries.find((e) => e.action === 'note')!;
    expect(note.detail).toContain(`IU-03 (user `);
    expect(note.detail).toContain(`mule@acme.test, ${muleId})`);
  });

  it('a name given with the call wins over the one set in settings', async () => {
    await call('review.reviewer', { name: 'Ann Auditor', role: 'Compliance lead' });
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()), author: 'Bo Builder' });
    expect((await activity()).map((e) => e.actor)).toEqual(['Bo Builder']);
  });

  it('without a reviewer set, a decision, note or sign-off that names nobody is refused in words and nothing is recorded', async () => {
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()) });
    const decision = await call('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-03',
      userId: muleId,
      kind: 'exception',
      justification: 'confirmed with the system owner on site',
    });
    expect(decision.error).toMatchObject({ code: 'validation', issues: [{ path: 'reviewer', message: 'the reviewer’s name is required' }] });
    expect(decision.error!.message).toMatch(/set your name and role once in Settings/);
    const note = await call('review.note', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-03', userId: muleId, text: 'looked at it' });
    expect(note.error).toMatchObject({ code: 'validation', issues: [{ path: 'author' }] });
    await call('review.reviewer', { name: 'Ann Auditor' });
    const noRole = await call('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', statement: 'ok' });
    expect(noRole.error).toMatchObject({ code: 'validation', issues: [{ path: 'role' }] });
    expect((await activity()).map((e) => e.action)).toEqual(['scope edit']);
    // The scope edit made before any reviewer was set says so rather than inventing a name.
    expect((await activity())[0].actor).toBe('(not given)');
  });
});
