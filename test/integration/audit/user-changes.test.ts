/** The user page's "Changes in period" is what IU-13 cites: same matching, same window. */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { storeSnapshot } from '../../support/store-snapshot';
import { tempDir } from '../../support/tmp';

let backend: Backend;
afterEach(() => backend.close());

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = (await backend.dispatch(name, input)) as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

describe('user page changes', () => {
  it('lists exactly the Setup Audit Trail entries IU-13 cites for the user, newest first', async () => {
    const { o, mule } = healthyOrg();
    const viaPermSet = o.audit('Changed MuleSoft_Access: Contact edit enabled', 10);
    const viaProfile = o.audit('Changed profile Minimum Access - API Only Integrations: login hours', 20);
    const byName = o.audit('Reset password for mule@acme.test', 30);
    o.audit('Assigned permission set MuleSoft_Access to mule@acme.test', 120); // outside the system's 90-day window
    o.audit('Changed permission set Other_Thing', 5); // not about the user
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    storeSnapshot(requireDb(backend.ctx), 'acme', o.snapshot(), 'snap-a');
    await call('scope.save', { orgAlias: 'acme', scope: scopeOf(muleSystem({ thresholds: { lookbackDays: 90 } })) });

    const view = await call<{ evaluation: { systems: { checks: { id: string; userId: string | null; evidence: { id: string }[] }[] }[] } }>('audit.evaluate', { orgAlias: 'acme' });
    const cited = view.evaluation.systems[0].checks.find((c) => c.id === 'IU-13' && c.userId === mule)!.evidence.map((e) => e.id);
    expect(cited.sort()).toEqual([viaPermSet, viaProfile, byName].sort());

    const detail = await call<{ changes: { Id: string }[] }>('audit.user', { orgAlias: 'acme', userId: mule });
    expect(detail.changes.map((c) => c.Id)).toEqual([viaPermSet, viaProfile, byName]);

    // The pack's Changes sheet lists the same entries (its last column is the entry Id).
    const pack = await call<{ path: string }>('evidence.export', { orgAlias: 'acme' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(pack.path);
    const rows = (wb.getWorksheet('Changes')!.getSheetValues() as unknown[][]).slice(2);
    expect(rows.map((r) => r[9])).toEqual([viaPermSet, viaProfile, byName]);
  });
});
