/**
 * The product's first impression, end to end through the contract: "Try the demo org" starts
 * the embedded simulator, registers it, collects it over real HTTP into SQLite and loads the
 * shipped scope; the report then tells each of the seed's stories with the right outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { requireDb } from '../../../electron/services/context';
import { integrityCheck } from '../../../electron/services/store/db';
import type { AuditView } from '../../../shared/contract/audit';
import type { CheckResult } from '../../../shared/audit/types';
import { tempDir } from '../../support/tmp';

let backend: Backend;
let view: AuditView;

function results(system: string, username?: string): CheckResult[] {
  const s = view.evaluation.systems.find((x) => x.name === system);
  if (!s) throw new Error(`no system ${system}; have ${view.evaluation.systems.map((x) => x.name).join(', ')}`);
  return s.checks.filter((c) => !username || c.username === username);
}
const statusOf = (system: string, id: string, username?: string) => results(system, username).find((c) => c.id === id)?.status;

beforeAll(async () => {
  backend = createBackend({ dataDir: tempDir(), door: 'browser' });
  const started = await backend.dispatch('demo.start', {});
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const evaluated = await backend.dispatch('audit.evaluate', { orgAlias: 'greenpath-demo' });
  if (!evaluated.ok) throw new Error(JSON.stringify(evaluated.error));
  view = evaluated.value as AuditView;
}, 120_000);

afterAll(async () => {
  expect(integrityCheck(requireDb(backend.ctx))).toBe('ok');
  await backend.close();
});

describe('Try the demo org', () => {
  it('collects a snapshot and loads GreenPath’s seven systems', () => {
    expect(view.org.name).toMatch(/GreenPath/);
    expect(view.snapshot.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.snapshot.gaps).toEqual([]);
    expect(view.evaluation.systems.length).toBe(7);
  });

  it('shows Workday on j.alvarez as a person’s account used as an integration (IU-12, ORG-02)', () => {
    const alvarez = view.evaluation.users.find((u) => u.username === 'j.alvarez@greenpath.example')!;
    expect(alvarez.classification).toBe('human-as-integration');
    const workday = view.evaluation.systems.find((s) => s.users.includes('j.alvarez@greenpath.example'))!;
    expect(statusOf(workday.name, 'IU-12', 'j.alvarez@greenpath.example')).toBe('fail');
    expect(view.evaluation.orgChecks.find((c) => c.id === 'ORG-02')!.status).toBe('fail');
    expect(JSON.stringify(view.evaluation.orgChecks.find((c) => c.id === 'ORG-02')!.evidence)).toContain('j.alvarez@greenpath.example');
  });

  it('passes the MuleSoft integration done right on every automatic check', () => {
    const mule = view.evaluation.users.find((u) => u.username === 'mulesoft_integration@greenpath.example')!;
    expect(mule.classification).toBe('integration');
    expect(Date.parse(mule.lastLogin!)).toBeGreaterThan(Date.parse(view.snapshot.takenAt) - 30 * 86_400_000);
    const portal = view.evaluation.users.find((u) => u.username === 'portal.integration@greenpath.example')!;
    expect(Date.parse(portal.lastLogin!)).toBeLessThan(Date.parse(view.snapshot.takenAt) - 90 * 86_400_000);
    const system = view.evaluation.systems.find((s) => s.users.includes(mule.username))!;
    const failing = results(system.name, mule.username).filter((c) => c.status === 'fail' || c.status === 'error');
    expect(failing.map((c) => `${c.id}: ${c.summary}`)).toEqual([]);
  });

  it('fails exactly the check each planted flaw should fail', () => {
    const find = (needle: string) => view.evaluation.systems.find((s) => s.users.some((u) => u.startsWith(needle)))!;
    const billing = find('billing.integration@');
    expect(statusOf(billing.name, 'IU-05')).toBe('fail'); // View All Data left over from a migration
    const lab = find('lab.integration@');
    expect(statusOf(lab.name, 'IU-07')).toBe('fail'); // undeclared edit on a HIPAA-classified field
    const pharmacy = find('pharmacy.integration@');
    expect(statusOf(pharmacy.name, 'IU-10')).toBe('fail'); // password-based SOAP logins
    const portal = find('portal.integration@');
    expect(statusOf(portal.name, 'IU-11')).toBe('warn'); // stale: unused integration user
  });
});
