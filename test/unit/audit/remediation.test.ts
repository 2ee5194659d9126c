import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../shared/audit/catalog';
import { applyDecisions } from '../../../shared/audit/decisions';
import { fixForRow, groupByRootCause, permissionLabel, PLAN_COLUMNS, planItems, planRow, REMEDIATION, remediationPlan, type PlanItem } from '../../../shared/audit/remediation';
import type { CheckResult, EvidenceRow, Override, Source, SystemResult } from '../../../shared/audit/types';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('how to fix a finding', () => {
  it('the catalog has remediation text for every check', () => {
    expect(CHECKS.filter((c) => !REMEDIATION[c.id]).map((c) => c.id)).toEqual([]);
  });
  it('says the concrete change for a failing row: the permission, who grants it, and the user', () => {
    const row = { object: 'PermissionSet', id: '0PS1', permission: 'ViewAllData', grantedBy: [{ kind: 'permissionSet' as const, id: '0PS1', name: 'Legacy_Migration_Access' }] };
    expect(fixForRow(row, 'billing.integration@x.example')).toBe(
      'remove View All Data (ViewAllData) from permission set Legacy_Migration_Access, or unassign it from billing.integration@x.example',
    );
    const viaGroup = {
      object: 'ObjectPermissions',
      id: '110',
      sobject: 'Contact',
      permission: 'Delete',
      grantedBy: [{ kind: 'group' as const, id: '0PG', name: 'Bundle', viaComponent: { id: '0PS2', name: 'Writer' } }],
    };
    expect(fixForRow(viaGroup, 'u@x')).toBe('remove Delete on Contact from permission set Writer (in group Bundle), or unassign it from u@x');
    const implied = {
      object: 'ObjectPermissions',
      id: '110',
      sobject: 'Contact',
      permission: 'Read',
      grantedBy: [{ kind: 'profile' as const, id: '00e', name: 'Admin', impliedBy: 'ModifyAllData' }],
    };
    expect(fixForRow(implied, 'u@x')).toBe('remove Modify All Data (ModifyAllData) from profile Admin (it implies Read on Contact)');
    expect(fixForRow({ object: 'User', id: '005' }, 'u@x')).toBeNull();
    expect(permissionLabel('SomethingNew')).toBe('SomethingNew');
  });
  it('gives a fix for every row of an IU-06 excess computed by the engine', () => {
    const { o } = healthyOrg();
    const r = check(run(o.snapshot(), scopeOf(muleSystem({ objects: { Account: ['read'], Contact: ['read'] } }))), 'IU-06');
    expect(r.status).toBe('fail');
    for (const row of r.evidence)
      expect(fixForRow(row, 'mule@acme.test')).toMatch(/^remove .+ on Account from permission set MuleSoft_Access, or unassign it from mule@acme\.test$/);
  });
});

describe('remediation plan', () => {
  it('groups the results one grant causes: a permission set with View All Data shows once with IU-05, IU-06 and IU-08', () => {
    const { o, mule } = healthyOrg();
    o.assign(mule, o.permSet('Legacy_Migration_Access', { ViewAllData: true }));
    const e = run(o.snapshot(), scopeOf(muleSystem()));
    const failing = e.systems[0].checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failing).toEqual(expect.arrayContaining(['IU-05', 'IU-08']));
    const plan = remediationPlan(e.systems);
    const legacy = plan.filter((p) => p.rootCause === 'permission set Legacy_Migration_Access');
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toMatchObject({
      grant: 'View All Data (ViewAllData)',
      change: 'remove View All Data (ViewAllData) from permission set Legacy_Migration_Access, or unassign it from mule@acme.test',
      users: ['mule@acme.test'],
      status: 'open',
    });
    expect(legacy[0].closes).toEqual(expect.arrayContaining(failing.filter((id) => ['IU-05', 'IU-06', 'IU-08'].includes(id)).map((id) => `MuleSoft ${id} (mule@acme.test)`)));
    // A remediation decision gives the item its owner, due date and status.
    const decided = applyDecisions(
      e,
      failing.map((id) => ({
        checkId: id,
        systemName: 'MuleSoft',
        username: 'mule@acme.test',
        status: null,
        kind: 'remediation' as const,
        owner: 'Ops',
        dueDate: '2099-01-31',
        justification: 'Owner removes the legacy set next week',
        reviewer: 'A',
        at: '2025-07-01T00:00:00Z',
      })),
    ).evaluation;
    expect(remediationPlan(decided.systems).find((p) => p.rootCause === 'permission set Legacy_Migration_Access')).toMatchObject({
      owner: 'Ops',
      dueDate: '2099-01-31',
      status: 'remediation planned',
    });
  });
  it('one plan item is one table row, in the order of the plan columns', () => {
    const row = planRow({
      rootCause: 'permission set P',
      grant: 'View All Data (ViewAllData)',
      change: 'remove it',
      users: ['a@x', 'b@x'],
      closes: ['S IU-05 (a@x)', 'S IU-08 (a@x)'],
      owner: 'Ops',
      dueDate: '2099-01-31',
      status: 'open / remediation planned',
    });
    expect(row).toHaveLength(PLAN_COLUMNS.length);
    expect(Object.fromEntries(PLAN_COLUMNS.map((c, i) => [c, row[i]]))).toEqual({
      'Root cause (granted by)': 'permission set P',
      Grant: 'View All Data (ViewAllData)',
      Change: 'remove it',
      'Integration users': 'a@x, b@x',
      'Results it closes': 'S IU-05 (a@x); S IU-08 (a@x)',
      Owner: 'Ops',
      Due: '2099-01-31',
      Status: 'open / remediation planned',
    });
  });
});

describe('remediation plan of many results', () => {
  const ps1: Source = { kind: 'permissionSet', id: '0PS1', name: 'PS1' };
  const admin: Source = { kind: 'profile', id: '00e1', name: 'Admin' };
  const bundle: Source = { kind: 'group', id: '0PG1', name: 'Bundle', viaComponent: { id: '0PS2', name: 'Writer' } };
  const result = (id: string, username: string | null, computedStatus: CheckResult['computedStatus'], evidence: EvidenceRow[], override?: Override): CheckResult => ({
    id,
    username,
    userId: username ? `005${username}` : null,
    status: computedStatus,
    computedStatus,
    summary: '',
    evidence,
    ...(override ? { override } : {}),
  });
  const decided = (kind: Override['kind'], owner?: string): Override => ({
    status: 'fail',
    justification: 'decided',
    reviewer: 'A',
    at: '2025-07-01T00:00:00Z',
    kind,
    ...(owner ? { owner, dueDate: '2099-01-31' } : {}),
  });
  const system = (name: string, checks: CheckResult[]): SystemResult => ({ name, owner: '', purpose: '', users: [], checks });
  const systems = [
    system('Billing', [
      // Two rows naming the same grant close the result once.
      result('IU-05', 'b@x', 'fail', [
        { object: 'PermissionSet', id: '1', permission: 'ViewAllData', grantedBy: [ps1, admin] },
        { object: 'PermissionSet', id: '2', permission: 'ViewAllData', grantedBy: [ps1] },
      ]),
      // Implied by View All Data: the same fix as IU-05's.
      result('IU-08', 'b@x', 'fail', [
        { object: 'ObjectPermissions', id: '3', sobject: 'Account', permission: 'ViewAllRecords', grantedBy: [{ ...ps1, impliedBy: 'ViewAllData' }] },
      ]),
      result('IU-06', 'b@x', 'pass', [{ object: 'ObjectPermissions', id: '4', sobject: 'Case', permission: 'Read', grantedBy: [ps1] }]),
      result('IU-07', 'b@x', 'fail', [{ object: 'FieldPermissions', id: '5', field: 'Contact.SSN__c', permission: 'Edit', grantedBy: [bundle] }], decided('remediation', 'Ops')),
    ]),
    system('Lab', [
      result('IU-05', 'l@x', 'warn', [{ object: 'PermissionSet', id: '1', permission: 'ViewAllData', grantedBy: [ps1] }], decided('exception')),
      result('IU-06', 'l@x', 'fail', [{ object: 'ObjectPermissions', id: '6', sobject: 'Case', permission: 'Delete', grantedBy: [admin] }]),
      result('IU-01', null, 'fail', [{ object: 'User', id: '7' }]),
    ]),
  ];
  it('merges, orders and words every item: most results closed first, then by root cause and grant', () => {
    expect(remediationPlan(systems)).toEqual([
      {
        rootCause: 'permission set PS1',
        grant: 'View All Data (ViewAllData)',
        change: 'remove View All Data (ViewAllData) from permission set PS1, or unassign it from b@x, l@x',
        users: ['b@x', 'l@x'],
        closes: ['Billing IU-05 (b@x)', 'Billing IU-08 (b@x)', 'Lab IU-05 (l@x)'],
        owner: '',
        dueDate: '',
        status: 'accepted exception / open',
      },
      {
        rootCause: 'permission set Writer (in group Bundle)',
        grant: 'Edit on field Contact.SSN__c',
        change: 'remove Edit on field Contact.SSN__c from permission set Writer (in group Bundle), or unassign it from b@x',
        users: ['b@x'],
        closes: ['Billing IU-07 (b@x)'],
        owner: 'Ops',
        dueDate: '2099-01-31',
        status: 'remediation planned',
      },
      {
        rootCause: 'profile Admin',
        grant: 'Delete on Case',
        change: 'remove Delete on Case from profile Admin',
        users: ['l@x'],
        closes: ['Lab IU-06 (l@x)'],
        owner: '',
        dueDate: '',
        status: 'open',
      },
      {
        rootCause: 'profile Admin',
        grant: 'View All Data (ViewAllData)',
        change: 'remove View All Data (ViewAllData) from profile Admin',
        users: ['b@x'],
        closes: ['Billing IU-05 (b@x)'],
        owner: '',
        dueDate: '',
        status: 'open',
      },
    ]);
  });
  it('hands the items out one at a time, the same as the whole plan', () => {
    const items = planItems(systems);
    const first = items.next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(remediationPlan(systems)[0]);
    expect([first.value, ...items]).toEqual(remediationPlan(systems));
  });
});

describe('fixes grouped by root cause', () => {
  const item = (rootCause: string, grant: string, closes: string[], status = 'open', owner = '', dueDate = ''): PlanItem => ({
    rootCause,
    grant,
    change: `remove ${grant} from ${rootCause}`,
    users: ['u@x'],
    closes,
    owner,
    dueDate,
    status,
  });
  it('puts every grant of one profile or permission set in one row, with each result it closes once', () => {
    const groups = groupByRootCause([
      item('profile Admin', 'Modify All Data (ModifyAllData)', ['S IU-05 (u@x)']),
      item('permission set P', 'View All Data (ViewAllData)', ['S IU-05 (u@x)', 'S IU-06 (u@x)', 'S IU-08 (u@x)'], 'remediation planned', 'Ops', '2099-01-31'),
      item('profile Admin', 'Edit on Account', ['S IU-06 (u@x)', 'S IU-05 (u@x)'], 'accepted exception'),
    ]);
    expect(groups.map((g) => g.rootCause)).toEqual(['permission set P', 'profile Admin']);
    const admin = groups[1];
    expect(admin.grants.map((g) => g.grant)).toEqual(['Modify All Data (ModifyAllData)', 'Edit on Account']);
    expect(admin.closes).toEqual(['S IU-05 (u@x)', 'S IU-06 (u@x)']);
    expect(admin.status).toBe('accepted exception / open');
    expect(groups[0]).toMatchObject({ owner: 'Ops', dueDate: '2099-01-31', status: 'remediation planned' });
  });
});
