import { describe, expect, it } from 'vitest';
import type { CheckResult, ClassifiedUser, Evaluation, SystemResult } from '../../../shared/audit/types';
import { personAccountRisks, findingsByCheck, classificationCounts, usersBySystem, openFindingsBySeverity } from '../../../renderer/features/dashboard/summary';
import { integrationUserRows } from '../../../renderer/features/users/rows';
import { firstOpenStep, nextOpenStep, pendingDecisions, stepsFor, worst } from '../../../renderer/features/checklist/steps';
import { describeSource, objectRows } from '../../../renderer/features/user/provenance';
import { loginSeries } from '../../../renderer/features/user/logins';
import { reviewProgress, openFindings } from '../../../renderer/features/home/orgStats';

const user = (p: Partial<ClassifiedUser>): ClassifiedUser => ({
  id: '005000000000001AAA',
  username: 'u@x.example',
  name: null,
  isActive: true,
  userType: 'Standard',
  profileId: null,
  profile: null,
  license: null,
  lastLogin: null,
  classification: 'human',
  reasons: [],
  systems: [],
  ...p,
});
const result = (p: Partial<CheckResult>): CheckResult => ({ id: 'IU-01', username: null, userId: null, status: 'pass', computedStatus: 'pass', summary: '', evidence: [], ...p });

const julia = user({
  id: '005000000000003AAA',
  username: 'j.alvarez@greenpath.example',
  name: 'Julia Alvarez',
  classification: 'human-as-integration',
  license: 'Salesforce',
  reasons: [
    { text: 'license Salesforce without API Only User', recordIds: [] },
    { text: '241 API login(s): Remote Access 2.0 (Workday) ×241', recordIds: [] },
    { text: 'OAuth tokens of integration apps: Workday ×1', recordIds: [] },
  ],
  systems: ['Workday HR'],
});
const ehr = user({
  id: '005000000000004AAA',
  username: 'ehr.integration@greenpath.example',
  classification: 'integration',
  license: 'Salesforce Integration',
  lastLogin: '2026-01-01T00:00:00Z',
  systems: ['EHR'],
});
const bob = user({ id: '005000000000005AAA', username: 'bob@greenpath.example' });
const system: SystemResult = {
  name: 'EHR',
  owner: 'Dana',
  purpose: 'p',
  users: [ehr.username],
  checks: [
    result({
      id: 'IU-06',
      userId: ehr.id,
      username: ehr.username,
      status: 'fail',
      computedStatus: 'fail',
      evidence: [{ object: 'User', id: ehr.id, LastLoginDate: '2026-01-01T00:00:00Z' }],
    }),
    result({ id: 'IU-01', userId: ehr.id, username: ehr.username }),
    result({ id: 'IU-13', userId: ehr.id, username: ehr.username, status: 'manual', computedStatus: 'manual' }),
    result({
      id: 'IU-05',
      userId: ehr.id,
      username: ehr.username,
      status: 'pass',
      computedStatus: 'fail',
      override: { status: 'pass', justification: 'ok', reviewer: 'A', at: '2026-01-02T00:00:00Z' },
    }),
  ],
};
const evaluation: Evaluation = {
  snapshotId: 's1',
  asOf: '2026-01-10T00:00:00Z',
  users: [julia, ehr, bob],
  systems: [system],
  orgChecks: [result({ id: 'ORG-02', status: 'fail', computedStatus: 'fail' })],
};

describe('dashboard summary', () => {
  it('says the Vertex-style risk in one sentence, naming the app from the classification reasons', () => {
    expect(personAccountRisks(evaluation).map((r) => r.sentence)).toEqual(["j.alvarez@… is a person's account used by Workday: if this person leaves, the integration stops."]);
  });
  it('names the app from API login evidence of any API login type the classifier knows (a JWT bearer login is Remote Access 2.0)', () => {
    const kim = user({
      id: '005000000000007AAA',
      username: 'kim@greenpath.example',
      classification: 'human-as-integration',
      reasons: [{ text: 'license Salesforce without API Only User', recordIds: [] }],
    });
    const jwtLogin = { object: 'LoginHistory', id: '0Ya000000000001AAA', LoginType: 'Remote Access 2.0', LoginSubType: null, Application: 'Payroll Sync' };
    const browserLogin = { object: 'LoginHistory', id: '0Ya000000000002AAA', LoginType: 'Application', Application: 'Browser' };
    const e: Evaluation = { ...evaluation, users: [kim], systems: [], orgChecks: [result({ id: 'IU-12', userId: kim.id, evidence: [jwtLogin, browserLogin] })] };
    expect(personAccountRisks(e).map((r) => r.sentence)).toEqual(["kim@… is a person's account used by Payroll Sync: if this person leaves, the integration stops."]);
  });
  it('counts classifications, users per system (and undeclared integrations), findings per check', () => {
    expect(classificationCounts(evaluation.users)).toMatchObject({ 'human-as-integration': 1, integration: 1, human: 1, 'api-only': 0 });
    expect(usersBySystem({ ...evaluation, users: [...evaluation.users, user({ id: '005000000000009AAA', classification: 'api-only' })] })).toEqual([
      { system: 'EHR', users: 1 },
      { system: '(no declared system)', users: 1 },
    ]);
    const rows = findingsByCheck(evaluation);
    expect(rows.map((r) => r.checkId)).toEqual(['IU-01', 'IU-05', 'IU-06', 'IU-13', 'ORG-02']);
    expect(rows.find((r) => r.checkId === 'IU-06')).toMatchObject({ fail: 1, pass: 0 });
    // An override counts as the status the auditor set.
    expect(rows.find((r) => r.checkId === 'IU-05')).toMatchObject({ fail: 0, pass: 1 });
    expect(openFindings(evaluation)).toBe(2);
  });
  it('gives each check its catalog severity and counts open findings by severity', () => {
    const rows = findingsByCheck(evaluation);
    expect(rows.map((r) => [r.checkId, r.severity, r.open])).toEqual([
      ['IU-01', 'medium', 0],
      ['IU-05', 'high', 0],
      ['IU-06', 'high', 1],
      ['IU-13', 'low', 0],
      ['ORG-02', 'high', 1],
    ]);
    expect(openFindingsBySeverity(rows)).toEqual({ high: 2, medium: 0, low: 0 });
    const unknown = findingsByCheck({ ...evaluation, orgChecks: [result({ id: 'ORG-99', status: 'fail', computedStatus: 'fail' })] }).find((r) => r.checkId === 'ORG-99');
    expect(unknown).toMatchObject({ severity: null, open: 1 });
  });
});

describe('Integration users rows', () => {
  it('lists only integration-like users, with open findings and the last login cited as evidence', () => {
    const rows = integrationUserRows(evaluation);
    expect(rows.map((r) => r.username).sort()).toEqual([ehr.username, julia.username].sort());
    const e = rows.find((r) => r.id === ehr.id);
    expect(e).toMatchObject({ openFindings: 1, lastLogin: '2026-01-01T00:00:00Z', systems: ['EHR'], license: 'Salesforce Integration' });
    expect(rows.find((r) => r.id === julia.id)?.lastLogin).toBeNull();
  });
});

describe('checklist steps', () => {
  it('orders steps as the catalog does and shows the status that needs most attention', () => {
    const steps = stepsFor(system);
    expect(steps.map((s) => s.def.id)).toEqual(['IU-01', 'IU-05', 'IU-06', 'IU-13']);
    expect(steps.find((s) => s.def.id === 'IU-06')?.def.title).toBe('Object access within declared scope');
    expect(worst(['pass', 'manual', 'fail'])).toBe('fail');
    expect(worst(['pass', 'error', 'fail'])).toBe('error');
  });
  it('lists every undecided fail, warning, manual and error result as blocking the sign-off', () => {
    expect(pendingDecisions(system).map((r) => r.id)).toEqual(['IU-06', 'IU-13']);
  });
  it('opens on the first open item and finds the next one; decided steps are marked', () => {
    const steps = stepsFor(system);
    expect(steps.map((s) => [s.def.id, s.open, s.decided])).toEqual([
      ['IU-01', false, false],
      ['IU-05', false, true],
      ['IU-06', true, false],
      ['IU-13', true, false],
    ]);
    expect(firstOpenStep(steps)).toBe(2);
    expect(nextOpenStep(steps, 2)).toBe(3);
    expect(nextOpenStep(steps, 3)).toBe(2);
    const decided = stepsFor({
      ...system,
      checks: system.checks.map((c) =>
        c.status === 'pass'
          ? c
          : {
              ...c,
              override: {
                status: c.status,
                kind: 'remediation' as const,
                owner: 'Ops',
                dueDate: '2099-01-01',
                justification: 'planned in the next release',
                reviewer: 'A',
                at: '2026-01-02T00:00:00Z',
              },
            },
      ),
    });
    expect(firstOpenStep(decided)).toBe(0);
    expect(nextOpenStep(decided, 0)).toBe(-1);
  });
  it('review progress counts signed-off systems', () => {
    expect(
      reviewProgress({
        orgAlias: 'a',
        org: { alias: 'a', id: 'o', name: 'n' },
        snapshot: { id: 's1', takenAt: '', contentHash: '', gaps: [] },
        evaluation,
        reviews: [{ system: 'EHR', state: 'signed off', signOff: null }],
        notes: [],
        scopeWarnings: [],
      }),
    ).toEqual({ signedOff: 1, reviewed: 1, total: 1 });
  });
});

describe('provenance and logins', () => {
  it('describes a source well enough to remediate', () => {
    expect(describeSource({ kind: 'group', id: '0PG1', name: 'Billing_Bundle', viaComponent: { id: '0PS1', name: 'Billing_Write' }, impliedBy: 'ModifyAllData' })).toBe(
      'Permission set group Billing_Bundle (via component Billing_Write), implied by ModifyAllData',
    );
    expect(describeSource({ kind: 'profile', id: '00e1', name: 'System Administrator' })).toBe('Profile System Administrator');
  });
  it('turns effective access into matrix rows', () => {
    const src = { kind: 'permissionSet' as const, id: '0PS1', name: 'PS' };
    expect(
      objectRows({ userId: 'u', username: 'u', isActive: true, sources: [src], objects: { Account: { Read: [src] } }, fields: {}, systemPermissions: {}, setupEntities: {} }),
    ).toEqual([{ object: 'Account', Read: [src] }]);
  });
  it('groups logins by type for the timeline and its spoken summary', () => {
    const s = loginSeries([
      { Id: '1', LoginTime: '2026-01-01T00:00:00Z', LoginType: 'Remote Access 2.0', Application: 'Workday' },
      { Id: '2', LoginTime: '2026-01-02T00:00:00Z', LoginType: 'Application', Application: 'Browser Login' },
      { Id: '3', LoginTime: '2026-01-03T00:00:00Z', LoginType: 'Remote Access 2.0', Application: 'Workday' },
      { Id: '4', LoginTime: null, LoginType: 'Application' },
    ]);
    expect(s.types).toEqual(['Application', 'Remote Access 2.0']);
    expect(s.points).toHaveLength(3);
    expect(s.summary).toBe('1 Application, 2 Remote Access 2.0');
  });
});
