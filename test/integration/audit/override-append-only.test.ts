/** docs/architecture.md calls overrides append-only: the database enforces it (migration 011). */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend;
afterEach(() => backend.close());

async function call(name: string, input: unknown): Promise<unknown> {
  const r = (await backend.dispatch(name, input)) as { ok: boolean; value?: unknown; error?: unknown };
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('overrides are append-only', () => {
  it('refuses to change or delete a decision, and lets it go with its snapshot', async () => {
    const { o } = healthyOrg();
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    const db = requireDb(backend.ctx);
    storeSnapshot(db, 'acme', o.snapshot(), 'snap-a');
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem()) });
    await call('review.attest', {
      orgAlias: 'acme',
      system: 'MuleSoft',
      checkId: 'ORG-01',
      status: 'pass',
      justification: 'checked the org-wide setting by hand in Setup',
      reviewer: 'R. Auditor',
    });
    expect(db.prepare('SELECT COUNT(*) FROM override').pluck().get()).toBe(1);
    expect(() => db.prepare("UPDATE override SET status = 'fail'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM override').run()).toThrow(/append-only/);
    await call('snapshots.delete', { orgAlias: 'acme', id: 'snap-a' });
    expect(db.prepare('SELECT COUNT(*) FROM override').pluck().get()).toBe(0);
  });
});
