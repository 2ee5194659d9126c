import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { integrityCheck } from '../../../electron/services/store/db';
import { serializeScope } from '../../../shared/audit/scope';
import { healthyOrg, muleSystem, scopeOf, daysAgo } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend;
let muleId: string;

function call<T = unknown>(
  name: string,
  input: unknown,
): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string; issues?: { path: string; message: string }[] } }> {
  return backend.dispatch(name, input) as never;
}

beforeEach(() => {
  backend = createBackend({ dataDir: tempDir(), door: 'cli' });
  const { o, mule } = healthyOrg();
  muleId = mule;
  storeSnapshot(requireDb(backend.ctx), 'acme', o.snapshot(), 'snap-a');
});
afterEach(async () => {
  expect(integrityCheck(requireDb(backend.ctx))).toBe('ok');
  await backend.close();
});

describe('declared scope through the contract', () => {
  it('imports a YAML scope and exports it back identically', async () => {
    const text = serializeScope(scopeOf(muleSystem()), 'yaml');
    const imported = await call<{ systems: number }>('scope.import', { orgAlias: 'acme', text, fileName: 'acme.yaml' });
    expect(imported).toMatchObject({ ok: true, value: { systems: 1 } });
    const exported = await call<{ text: string }>('scope.export', { orgAlias: 'acme', format: 'yaml' });
    expect(exported.value!.text).toBe(text);
  });

  it('rejects a bad scope file with file/path/reason issues and keeps the previous scope', async () => {
    await call('scope.import', { orgAlias: 'acme', text: serializeScope(scopeOf(muleSystem()), 'yaml'), fileName: 'good.yaml' });
    const bad = await call('scope.import', {
      orgAlias: 'acme',
      text: 'version: 1\nsystems:\n  - name: X\n    owner: o\n    purpose: p\n    users: []\n    objects: { Account: [fly] }\n    surprise: true\n',
      fileName: 'bad.yaml',
    });
    expect(bad.ok).toBe(false);
    expect(bad.error!.code).toBe('bad_file');
    expect(bad.error!.issues!.map((i) => i.path).join(' ')).toMatch(/systems/);
    const still = await call<{ scope: { systems: { name: string }[] } }>('scope.get', { orgAlias: 'acme' });
    expect(still.value!.scope.systems.map((s) => s.name)).toEqual(['MuleSoft']);
  });

  it('warns about objects unknown to the snapshot', async () => {
    const r = await call<{ warnings: { path: string }[] }>('scope.save', {
      orgAlias: 'acme',
      scope: scopeOf(muleSystem({ objects: { Account: ['read'], Spaceship__c: ['read'] } })),
    });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r.value!.warnings)).toContain('Spaceship__c');
  });
});

describe('evaluation, decisions and sign-off', () => {
  beforeEach(async () => {
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ lastReviewed: daysAgo(10).slice(0, 10) })) });
  });

  it('evaluates the current snapshot with the org and snapshot it is based on', async () => {
    const r = await call<{
      org: { id: string };
      snapshot: { id: string; contentHash: string };
      evaluation: { systems: { name: string; checks: { id: string; status: string }[] }[] };
    }>('audit.evaluate', { orgAlias: 'acme' });
    expect(r.ok).toBe(true);
    expect(r.value!.snapshot.id).toBe('snap-a');
    expect(r.value!.snapshot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const checks = r.value!.evaluation.systems[0].checks;
    expect(checks.find((c) => c.id === 'IU-03')!.status).toBe('pass');
  });

  it('keeps the computed status beside an override, and records who and why', async () => {
    const before = await call<{ evaluation: { systems: { checks: { id: string; status: string; computedStatus: string }[] }[] } }>('audit.evaluate', { orgAlias: 'acme' });
    const computed = before.value!.evaluation.systems[0].checks.find((c) => c.id === 'IU-11')!.computedStatus;
    const r = await call('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-11',
      userId: muleId,
      status: 'fail',
      justification: 'Vendor confirmed the account is being retired',
      reviewer: 'R. Auditor',
    });
    expect(r.ok).toBe(true);
    const after = await call<{
      reviews: { system: string; state: string }[];
      evaluation: { systems: { checks: { id: string; status: string; computedStatus: string; override?: { reviewer: string; justification: string } }[] }[] };
    }>('audit.evaluate', { orgAlias: 'acme' });
    const c = after.value!.evaluation.systems[0].checks.find((x) => x.id === 'IU-11')!;
    expect(c.status).toBe('fail');
    expect(c.computedStatus).toBe(computed);
    expect(c.override).toMatchObject({ reviewer: 'R. Auditor', justification: 'Vendor confirmed the account is being retired' });
    expect(after.value!.reviews).toEqual([{ system: 'MuleSoft', state: 'in review', signOff: null, signed: null }]);
  });

  it('refuses an override without justification and a system that is not declared', async () => {
    const noWhy = await call('review.attest', { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-11', userId: muleId, status: 'pass', justification: '  ', reviewer: 'R' });
    expect(noWhy.error!.code).toBe('validation');
    const noSystem = await call('review.attest', {
      orgAlias: 'acme',
      system: 'Nope',
      checkId: 'IU-11',
      userId: muleId,
      status: 'pass',
      justification: 'checked with the vendor on 1 July',
      reviewer: 'R',
    });
    expect(noSystem.error!.code).toBe('not_found');
  });

  it('signs off once, freezes the review, and keeps the snapshot from being deleted', async () => {
    // Decide whatever still awaits the auditor, then sign off.
    const view = await call<{ evaluation: { systems: { checks: { id: string; userId: string | null; status: string }[] }[] } }>('audit.evaluate', { orgAlias: 'acme' });
    const open = view.value!.evaluation.systems[0].checks.filter((c) => ['fail', 'warn', 'manual', 'error'].includes(c.status));
    if (open.length > 0) {
      const refused = await call('review.signoff', { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'R', role: 'Auditor', statement: 'ok' });
      expect(refused.error!.code).toBe('conflict');
      for (const c of open)
        await call('review.attest', {
          orgAlias: 'acme',
          system: 'MuleSoft',
          checkId: c.id,
          userId: c.userId,
          status: 'pass',
          justification: 'confirmed with the owner',
          reviewer: 'R',
        });
    }
    expect((await call('review.setState', { orgAlias: 'acme', system: 'MuleSoft', state: 'in review' })).ok).toBe(true);
    expect((await call('review.setState', { orgAlias: 'acme', system: 'MuleSoft', state: 'reviewed' })).ok).toBe(true);
    const s = await call<{ snapshotId: string; reviewer: string }>('review.signoff', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      reviewer: 'R. Auditor',
      role: 'External auditor',
      statement: 'Access is limited to the minimum necessary.',
    });
    expect(s.ok).toBe(true);
    expect(s.value!.snapshotId).toBe('snap-a');
    const after = await call<{ reviews: { state: string; signOff: { reviewer: string } | null }[] }>('audit.evaluate', { orgAlias: 'acme' });
    expect(after.value!.reviews[0]).toMatchObject({ state: 'signed off', signOff: { reviewer: 'R. Auditor' } });
    const again = await call('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'IU-03',
      userId: muleId,
      status: 'fail',
      justification: 'a late change after sign-off',
      reviewer: 'R',
    });
    expect(again.error!.code).toBe('conflict');
    // The signed-off snapshot is protected by the database itself.
    expect(() => requireDb(backend.ctx).prepare("DELETE FROM snapshot WHERE id = 'snap-a'").run()).toThrow(/FOREIGN KEY/);
  });

  it('moves the review only along the allowed states', async () => {
    const skip = await call('review.setState', { orgAlias: 'acme', system: 'MuleSoft', state: 'reviewed' });
    expect(skip.error!.code).toBe('conflict');
    expect((await call('review.setState', { orgAlias: 'acme', system: 'MuleSoft', state: 'in review' })).ok).toBe(true);
    expect((await call('review.setState', { orgAlias: 'acme', system: 'MuleSoft', state: 'reviewed' })).ok).toBe(true);
  });
});

describe('user detail and drift', () => {
  it('shows a user’s effective access with the permission set that grants it', async () => {
    const r = await call<{ user: { classification: string }; access: { objects: Record<string, Record<string, { kind: string; name: string }[]>> }; logins: unknown[] }>(
      'audit.user',
      { orgAlias: 'acme', userId: muleId },
    );
    expect(r.ok).toBe(true);
    expect(r.value!.user.classification).toBe('integration');
    expect(r.value!.access.objects.Account.Edit.map((s) => s.name)).toContain('MuleSoft_Access');
    expect(r.value!.logins.length).toBe(2);
    const bad = await call('audit.user', { orgAlias: 'acme', userId: '005000000000000' });
    expect(bad.error!.code).toBe('not_found');
  });

  it('reports a permission gained between two snapshots with its source', async () => {
    const { o, mule, mulePs } = healthyOrg();
    o.objectPerm(mulePs, 'Case', { Read: true, Edit: true });
    void mule;
    storeSnapshot(requireDb(backend.ctx), 'acme', o.snapshot(), 'snap-b');
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()) });
    const d = await call<{
      permissions: { username: string; gained: { target: string; permission: string; sources: { name: string }[] }[] }[];
      checkChanges: { id: string; from: string; to: string }[];
    }>('audit.diff', { orgAlias: 'acme', from: 'snap-a', to: 'snap-b' });
    expect(d.ok).toBe(true);
    const gained = d.value!.permissions.find((p) => p.username === 'mule@acme.test')!.gained;
    expect(gained.some((g) => g.target === 'Case' && g.permission === 'Edit' && g.sources.some((s) => s.name === 'MuleSoft_Access'))).toBe(true);
    expect(d.value!.checkChanges.some((c) => c.id === 'IU-06' && c.from === 'pass' && c.to === 'fail')).toBe(true);
  });

  it('answers clearly for unknown orgs and snapshots', async () => {
    expect((await call('audit.evaluate', { orgAlias: 'nope' })).error!.code).toBe('not_found');
    expect((await call('audit.evaluate', { orgAlias: 'acme', snapshotId: 'missing' })).error!.code).toBe('not_found');
  });
});
