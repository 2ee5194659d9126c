import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createBackend } from '../../../electron/services/backend';
import { calls, CALL_NAMES } from '../../../shared/contract';
import { tempDir } from '../../support/tmp';

describe('contract', () => {
  it('names every call domain.verb', () => {
    for (const name of CALL_NAMES) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(CALL_NAMES).toContain('app.info');
  });

  it('rejects malformed input with a validation error and field-level issues', async () => {
    const backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    try {
      const bad = await backend.dispatch('app.info', { unexpected: true });
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.error.code).toBe('validation');
        expect(bad.error.issues?.length).toBeGreaterThan(0);
      }
      for (const input of [42, 'text', [1, 2]]) {
        const r = await backend.dispatch('app.info', input);
        expect(r.ok).toBe(false);
      }
      const unknown = await backend.dispatch('nope.nothing', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await backend.close();
    }
  });

  it('answers app.info with output that matches its own schema', async () => {
    const dir = tempDir();
    const backend = createBackend({ dataDir: dir, door: 'cli' });
    try {
      const r = await backend.dispatch('app.info', {});
      expect(r.ok).toBe(true);
      if (r.ok) {
        const info = calls['app.info'].output.parse(r.value);
        expect(info.dataDir).toBe(dir);
        expect(info.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
        expect(info.database.state).toBe('ok');
        expect(fs.existsSync(info.database.path)).toBe(true);
      }
    } finally {
      await backend.close();
    }
  });
});
