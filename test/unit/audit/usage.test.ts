/**
 * The usage checks and the least-privilege permission set, on a small built org: statuses
 * follow the evidence (never `pass` on missing data), and the generated XML parses back to
 * exactly the basis, with hostile names escaped in XML and made safe as a file name.
 */
import { describe, expect, it } from 'vitest';
import { prepareAudit } from '../../../shared/audit/evaluate';
import { apiSourceCoverage, countableApiEvents, lazyUsageReport, levelOfMethod, usageReport, usageSystemChecks, type UsageEvidence } from '../../../shared/audit/usage';
import { USAGE_CHECKS } from '../../../shared/audit/usage-catalog';
import { CHECK_BY_ID } from '../../../shared/audit/catalog';
import { packageXml, permissionSetXml, planRemediation, remediationMarkdown, safeApiName } from '../../../shared/remediation/permission-set';
import { child, objectGrants, parseXml } from '../../support/permission-set-xml';
import { AS_OF, daysAgo, healthyOrg, muleSystem } from './fixtures';

function setup(evidence: Partial<UsageEvidence>, systemOverrides = {}) {
  const h = healthyOrg();
  const snapshot = h.o.snapshot();
  const p = prepareAudit({ snapshot, asOf: AS_OF });
  const system = muleSystem(systemOverrides);
  const ev: UsageEvidence = { windowStart: daysAgo(2), windowEnd: AS_OF, writes: [], scans: [], api: [], apiDays: [], ...evidence };
  const report = usageReport({ engine: p.engine, systems: [system], userIdOf: (u) => p.index.userByUsername.get(u.toLowerCase())?.Id ?? null, evidence: ev });
  return { h, p, system, report, checks: report.systems[0].checks, rows: report.systems[0].users[0].rows };
}

const scan = (sobject: string) => ({ sobject, observedOn: AS_OF.slice(0, 10), windowStart: daysAgo(2), status: 'ok' as const, message: '' });
const api = (userId: string, entity: string, httpMethod: string, count = 3, eventType = 'ApiTotalUsage', apiFamily = 'REST') => ({
  logFileId: `0AT-${eventType}`,
  eventType,
  logDay: daysAgo(1).slice(0, 10),
  userId,
  entity,
  httpMethod,
  apiFamily,
  connectedAppId: '',
  clientName: '',
  count,
  firstAt: daysAgo(1),
  lastAt: daysAgo(1),
});
const status = (checks: { id: string; status: string }[], id: string) => checks.find((c) => c.id === id)!.status;

describe('usage checks', () => {
  it('come out the same from the lazy report the pack reads, rows built one user at a time', () => {
    const { h, p, system, report } = setup({});
    const ev = {
      windowStart: report.windowStart,
      windowEnd: report.windowEnd,
      writes: [],
      scans: [scan('Account')],
      api: [api(h.mule, 'Account', 'GET'), api(h.mule, 'Case', 'PATCH')],
      apiDays: [daysAgo(1).slice(0, 10)],
    };
    const input = { engine: p.engine, systems: [system], userIdOf: (u: string) => p.index.userByUsername.get(u.toLowerCase())?.Id ?? null, evidence: ev };
    const full = usageReport(input);
    const lazy = lazyUsageReport(input);
    expect(full.systems[0].users[0].rows.length).toBeGreaterThan(1);
    expect(JSON.stringify({ ...lazy, systems: lazy.systems.map((s) => ({ ...s, users: s.users.map((u) => ({ ...u, rows: u.rows() })) })) })).toBe(
      JSON.stringify({ ...full, systems: full.systems.map(({ checks: _checks, ...s }) => s) }),
    );
    expect(usageSystemChecks(p.engine, lazy.systems[0], ev)).toEqual(full.systems[0].checks);
  });

  it('have stable ids that do not collide with the snapshot catalog', () => {
    expect(USAGE_CHECKS.map((c) => c.id)).toEqual(['US-01', 'US-02', 'US-03']);
    for (const c of USAGE_CHECKS) expect(CHECK_BY_ID.has(c.id)).toBe(false);
  });

  it('say manual without evidence, never pass', () => {
    const { checks } = setup({});
    expect(status(checks, 'US-01')).toBe('manual');
    expect(status(checks, 'US-02')).toBe('manual');
    expect(status(checks, 'US-03')).toBe('pass'); // declared vs granted needs only the snapshot
  });

  it('warn on a granted edit never used once writes were counted, and pass when everything granted shows use', () => {
    const { h } = setup({});
    const unused = setup({
      scans: [scan('Account'), scan('Contact')],
      writes: [],
      api: [api(h.mule, 'Account', 'GET'), api(h.mule, 'Contact', 'GET')],
      apiDays: [daysAgo(1).slice(0, 10), AS_OF.slice(0, 10)],
    });
    expect(status(unused.checks, 'US-01')).toBe('warn');
    expect(unused.checks.find((c) => c.id === 'US-01')!.evidence.map((e) => e.id)).toEqual(['Account.edit']);
    const used = setup({
      scans: [scan('Account'), scan('Contact')],
      writes: [{ sobject: 'Account', userId: h.mule, kind: 'modified', count: 4, lastAt: daysAgo(1), observedOn: AS_OF.slice(0, 10) }],
      api: [api(h.mule, 'Contact', 'GET')],
      apiDays: [daysAgo(1).slice(0, 10), AS_OF.slice(0, 10)],
    });
    expect(status(used.checks, 'US-01')).toBe('pass');
    expect(status(used.checks, 'US-02')).toBe('pass');
  });

  it('cannot show a write unused from a partial count (the counting user may not see every record)', () => {
    const { h } = setup({});
    const writes = [{ sobject: 'Contact', userId: h.mule, kind: 'modified' as const, count: 2, lastAt: daysAgo(1), observedOn: AS_OF.slice(0, 10) }];
    const complete = setup({ scans: [scan('Account'), scan('Contact')], writes, apiDays: [] });
    expect(complete.checks.find((c) => c.id === 'US-01')!.evidence.map((e) => e.id)).toContain('Account.edit');
    const partialScan = { ...scan('Account'), partial: true, message: 'partial count: the auditing user a@b has neither View All Data nor View All on Account' };
    const partial = setup({ scans: [partialScan, scan('Contact')], writes, apiDays: [] });
    const account = partial.rows.find((r) => r.sobject === 'Account')!;
    expect(account).toMatchObject({ writesCounted: false, writesPartial: true });
    const us01 = partial.checks.find((c) => c.id === 'US-01')!;
    expect(us01.evidence.map((e) => e.id)).not.toContain('Account.edit');
    expect(us01.summary).toMatch(/counts of Account may be partial/);
    // What a partial count did see is still use.
    expect(partial.rows.find((r) => r.sobject === 'Contact')!.used).toContain('edit');
    expect(status(partial.checks, 'US-02')).not.toBe('pass');
  });

  it('stays manual when only partial API history exists for an unused read', () => {
    const { h } = setup({});
    const partial = setup({
      scans: [scan('Account'), scan('Contact')],
      writes: [{ sobject: 'Account', userId: h.mule, kind: 'modified', count: 1, lastAt: null, observedOn: AS_OF.slice(0, 10) }],
      apiDays: [],
    });
    expect(status(partial.checks, 'US-01')).toBe('manual');
  });

  it('turn into errors when the snapshot could not read what they need', () => {
    const h = healthyOrg();
    h.o.gap('ObjectPermissions');
    const snapshot = h.o.snapshot();
    const p = prepareAudit({ snapshot, asOf: AS_OF });
    const report = usageReport({
      engine: p.engine,
      systems: [muleSystem()],
      userIdOf: (u) => p.index.userByUsername.get(u.toLowerCase())?.Id ?? null,
      evidence: { windowStart: daysAgo(2), windowEnd: AS_OF, writes: [], scans: [], api: [], apiDays: [] },
    });
    const checks = report.systems[0].checks;
    expect(status(checks, 'US-03')).toBe('error');
    expect(status(checks, 'US-01')).toBe('error');
    expect(checks.find((c) => c.id === 'US-03')!.summary).toMatch(/ObjectPermissions could not be read/);
  });

  it('fails used-but-undeclared access and warns on declared-but-not-granted', () => {
    const { h } = setup({});
    const r = setup({ api: [api(h.mule, 'Case', 'POST')], apiDays: [AS_OF.slice(0, 10)] }, { objects: { Account: ['read', 'edit'], Contact: ['read'], Opportunity: ['read'] } });
    const us02 = r.checks.find((c) => c.id === 'US-02')!;
    expect(us02.status).toBe('fail');
    expect(us02.evidence.map((e) => e.id)).toEqual(['Case.read', 'Case.create']);
    const us03 = r.checks.find((c) => c.id === 'US-03')!;
    expect(us03.status).toBe('warn');
    expect(us03.evidence.map((e) => e.id)).toEqual(['Opportunity.read']);
  });
});

describe('least-privilege permission set', () => {
  const hostile = 'Billing <&> "Gateway" ../../etc/passwd';

  it('grants exactly the basis, capped by today’s grants, in Metadata API element order', () => {
    const { h, p, rows } = setup(
      { scans: [scan('Account')], writes: [], api: [], apiDays: [] },
      { name: hostile, objects: { Account: ['read', 'edit'], Contact: ['read'], Case: ['read', 'create'] }, fields: { 'Account.Name': ['read'] } },
    );
    const system = muleSystem({ name: hostile, objects: { Account: ['read', 'edit'], Contact: ['read'], Case: ['read', 'create'] }, fields: { 'Account.Name': ['read'] } });
    const access = [p.engine.effectiveAccess(h.mule)!];
    const plan = planRemediation({ system, basis: 'declared', access, rows });
    const xml = permissionSetXml(plan.permissionSet);
    const ps = parseXml(xml);
    // Case is declared but not granted today: never added.
    expect(objectGrants(ps)).toEqual({ Account: 'RE', Contact: 'R' });
    expect(ps.children.filter((c) => c.name === 'fieldPermissions').map((f) => [child(f, 'field'), child(f, 'readable'), child(f, 'editable')])).toEqual([
      ['Account.Name', 'true', 'false'],
    ]);
    expect(child(ps, 'label')).toBe(`${hostile} (least privilege)`.slice(0, 80));
    const order = ps.children.map((c) => c.name).filter((n, i, a) => a.indexOf(n) === i);
    expect(order).toEqual(['description', 'fieldPermissions', 'hasActivationRequired', 'label', 'license', 'objectPermissions', 'userPermissions']);
    for (const o of ps.children.filter((c) => c.name === 'objectPermissions')) {
      expect(o.children.map((c) => c.name)).toEqual(['allowCreate', 'allowDelete', 'allowEdit', 'allowRead', 'modifyAllRecords', 'object', 'viewAllRecords']);
    }
    expect(xml).not.toContain('<&>');
    expect(plan.permissionSet.fullName).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    expect(plan.permissionSet.fullName).not.toContain('..');
    expect(
      parseXml(packageXml(plan.permissionSet.fullName))
        .children.find((c) => c.name === 'types')!
        .children.map((c) => c.text),
    ).toEqual([plan.permissionSet.fullName, 'PermissionSet']);

    const used = planRemediation({ system, basis: 'used', access, rows });
    expect(used.permissionSet.objects).toEqual([]);
    expect(used.excess.map((e) => e.grants.join(','))).toEqual(['Account edit,Account read,Account.Name edit,Account.Name read,Contact read']);
    const md = remediationMarkdown(plan, { orgAlias: 'acme', snapshotId: 's', generatedAt: AS_OF, windowStart: daysAgo(2), windowEnd: AS_OF });
    expect(md).not.toMatch(/<&>/);
    expect(md).toContain('sf project deploy start');
  });

  it('makes a safe API name from anything', () => {
    expect(safeApiName('../../x')).toBe('x_Least_Privilege');
    expect(safeApiName('123 go')).toBe('S_123_go_Least_Privilege');
    expect(safeApiName('')).toBe('S_Least_Privilege');
    expect(safeApiName('a'.repeat(200)).length).toBeLessThanOrEqual(80);
  });

  it('map logged methods to access levels, and leave describe calls and unknown names unmapped', () => {
    expect(['GET', 'query', 'queryAll', 'retrieve'].map(levelOfMethod)).toEqual(['read', 'read', 'read', 'read']);
    expect(['POST', 'create', 'insert'].map(levelOfMethod)).toEqual(['create', 'create', 'create']);
    expect(['PATCH', 'PUT', 'update', 'upsert'].map(levelOfMethod)).toEqual(['edit', 'edit', 'edit', 'edit']);
    expect(['DELETE', 'delete', 'hardDelete'].map(levelOfMethod)).toEqual(['delete', 'delete', 'delete']);
    expect(['describeSObjects', 'describeGlobal', '', 'login'].map(levelOfMethod)).toEqual([null, null, null, null]);
  });

  it('count an Event Monitoring source instead of ApiTotalUsage on the days and families it covers, never both', () => {
    const { h } = setup({});
    const ev = {
      api: [
        api(h.mule, 'Account', 'GET', 5, 'ApiTotalUsage', 'REST'),
        api(h.mule, 'Account', 'query', 2, 'ApiTotalUsage', 'SOAP'),
        api(h.mule, 'Account', 'GET', 5, 'RestApi', 'REST'),
      ],
      sourceDays: [],
    };
    // RestApi covers REST that day: the REST ApiTotalUsage row goes; SOAP has no richer source, so it stays.
    expect(countableApiEvents(ev).map((a) => `${a.eventType}/${a.apiFamily}`)).toEqual(['ApiTotalUsage/SOAP', 'RestApi/REST']);
    const r = setup({ api: ev.api, apiDays: [daysAgo(1).slice(0, 10)] });
    const account = r.rows.find((x) => x.sobject === 'Account')!;
    expect(account.apiReads).toBe(7);
    expect(account.evidence).toEqual(['api-log:ApiTotalUsage', 'api-log:RestApi']);
    expect(r.report.apiSources).toEqual([
      { eventType: 'ApiTotalUsage', days: 1, counted: true },
      { eventType: 'RestApi', days: 1, counted: true },
    ]);
    // With only REST traffic, ApiTotalUsage is wholly replaced and says so.
    const restOnly = { api: [api(h.mule, 'Account', 'GET', 5, 'ApiTotalUsage', 'REST'), api(h.mule, 'Account', 'GET', 5, 'RestApi', 'REST')], sourceDays: [] };
    expect(apiSourceCoverage(restOnly)).toEqual([
      { eventType: 'ApiTotalUsage', days: 1, counted: false },
      { eventType: 'RestApi', days: 1, counted: true },
    ]);
    expect(r.checks.find((c) => c.id === 'US-01')!.summary).toMatch(/RestApi 1 day/);
  });

  it('never count an unmapped method as use', () => {
    const { h } = setup({});
    const r = setup({ scans: [scan('Account'), scan('Contact')], api: [api(h.mule, 'Contact', 'describeSObjects', 9, 'API', 'SOAP')], apiDays: [daysAgo(1).slice(0, 10)] });
    const contact = r.rows.find((x) => x.sobject === 'Contact')!;
    expect(contact.used).toEqual([]);
    expect(contact.apiReads + contact.apiWrites).toBe(0);
  });
});
