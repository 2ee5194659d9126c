/** One OrgAlias and one absolute-path schema, used by every call that takes them. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { calls as CALLS } from '../../../shared/contract';
import { AbsolutePath } from '../../../shared/contract/define';
import { OrgAlias } from '../../../shared/contract/orgs';
import { tempDir } from '../../support/tmp';

let backend: Backend;
afterEach(() => backend.close());

type Answer = { ok: boolean; error?: { code: string; issues?: { path: string }[] } };

describe('shared input schemas', () => {
  it('refuses an alias orgs.add would refuse in every call, before any lookup', async () => {
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    const bad = 'two words';
    expect(OrgAlias.safeParse(bad).success).toBe(false);
    const calls: [string, unknown, string][] = [
      ['audit.evaluate', { orgAlias: bad }, 'orgAlias'],
      ['scope.get', { orgAlias: bad }, 'orgAlias'],
      ['snapshots.list', { alias: bad }, 'alias'],
      ['snapshots.delete', { orgAlias: bad, id: 'x' }, 'orgAlias'],
      ['snapshots.import', { path: '/tmp/x.iuasnap', alias: bad }, 'alias'],
    ];
    for (const [name, input, field] of calls) {
      const r = (await backend.dispatch(name, input)) as Answer;
      expect(r.error?.code, name).toBe('validation');
      expect(
        r.error?.issues?.map((i) => i.path),
        name,
      ).toContain(field);
    }
  });

  it('refuses a relative path with a field-level issue in every call that takes a path', async () => {
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    expect(AbsolutePath.safeParse('/abs/file.xlsx').success).toBe(true);
    const calls: [string, unknown, string][] = [
      ['evidence.verify', { path: 'pack.xlsx' }, 'path'],
      ['evidence.export', { orgAlias: 'acme', outPath: 'out/pack.xlsx' }, 'outPath'],
      ['snapshots.preview', { path: 'x.iuasnap' }, 'path'],
      ['snapshots.export', { orgAlias: 'acme', outPath: 'x.iuasnap' }, 'outPath'],
    ];
    for (const [name, input, field] of calls) {
      expect(name in CALLS).toBe(true);
      const r = (await backend.dispatch(name, input)) as Answer;
      expect(r.error?.code, name).toBe('validation');
      expect(
        r.error?.issues?.map((i) => i.path),
        name,
      ).toContain(field);
    }
  });
});
