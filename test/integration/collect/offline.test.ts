import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { setOrgStatus } from '../../../electron/services/orgs/repository';
import { healthyOrg } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend | null = null;
afterEach(async () => {
  await backend?.close();
  backend = null;
});

describe('an org imported from a snapshot file', () => {
  it('refuses to collect or test with a message that says why, and still evaluates offline', async () => {
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    const db = requireDb(backend.ctx);
    storeSnapshot(db, 'client', healthyOrg().o.snapshot(), 'snap-1');
    setOrgStatus(db, 'client', 'offline', null);
    for (const call of ['collect.start', 'orgs.test'] as const) {
      const r = await backend.dispatch(call, { alias: 'client' });
      expect(r).toMatchObject({ ok: false, error: { code: 'auth_required', message: expect.stringMatching(/imported from a snapshot file/) } });
    }
    const evaluated = await backend.dispatch('audit.evaluate', { orgAlias: 'client' });
    expect(evaluated.ok).toBe(true);
  });
});
