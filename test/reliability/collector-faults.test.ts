/**
 * #2 API limit and reserve, #3 transient 503s and dropped connections, #6 unreadable objects:
 * the collector against the demo org's fault injection (moved here from
 * test/integration/collect/faults.test.ts and extended with the reserve crossed mid-collection
 * and the audit's reading of coverage gaps).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/audit/catalog';
import { parseScopeText } from '../../shared/audit/scope';
import { hashStored } from '../support/snapshot-hash';
import { requireDb } from '../../electron/services/context';
import { reportAs, tally } from './support/report';
import { addByToken, assertNothingLost, integrityOf, rig, withDb, type Rig } from './support/rig';
import { ROOT } from '../support/tmp';
import { failure } from '../support/waits';

reportAs('collector-faults.test.ts');

let r: Rig | null = null;
afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

function current(r: Rig): string | null {
  return withDb(r.dataDir, (db) => (db.prepare("SELECT current_snapshot_id AS id FROM org WHERE alias = 'demo'").get() as { id: string | null }).id);
}

function snapshotCount(r: Rig): number {
  return withDb(r.dataDir, (db) => (db.prepare('SELECT COUNT(*) AS n FROM snapshot').get() as { n: number }).n);
}

describe('collector under faults', () => {
  it('retries 503s and dropped connections, then succeeds', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({
      rules: [
        { object: 'User', status: 503, errorCode: 'SERVER_UNAVAILABLE', times: 2 },
        { object: 'Profile', dropConnection: true, times: 1 },
      ],
    });
    const res = await r.backend.call('collect.start', { alias: 'demo', full: true, lookbackDays: 3650 });
    expect(res.counts.User).toBe(r.org.dataset.User.length);
    expect(res.counts.Profile).toBe(r.org.dataset.Profile.length);
    expect(r.org.journal.filter((e) => e.object === 'User' && e.status === 503).length).toBe(2);
    expect(r.org.journal.filter((e) => e.object === 'Profile' && e.status === 0).length).toBe(1);
    tally('#3', { tests: 1, faults: 3, nothingLost: assertNothingLost(r.dataDir) });
  });

  it('gives up on endless 503s on one object within its retry budget: a coverage gap, the rest is collected', async () => {
    r = await rig();
    await addByToken(r);
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    const before = r.org.journal.length;
    r.org.setFaults({ rules: [{ object: 'PermissionSet', status: 503, errorCode: 'SERVER_UNAVAILABLE' }] });
    const res = await r.backend.call('collect.start', { alias: 'demo' });
    // Issue #15 item 9: one object's 5xx after retries is that object's gap, in Salesforce's words.
    expect(res.gaps).toEqual([expect.objectContaining({ object: 'PermissionSet', errorCode: 'SERVER_UNAVAILABLE' })]);
    expect(res.counts.User).toBe(r.org.dataset.User.length);
    // Bounded: the failing request was tried maxAttempts times, no more.
    const tries = r.org.journal.slice(before).filter((e) => e.object === 'PermissionSet' && e.status === 503).length;
    expect(tries).toBe(4);
    expect(current(r)).toBe(res.snapshotId);
    tally('#3', { tests: 1, faults: tries, nothingLost: assertNothingLost(r.dataDir, { [first.snapshotId]: first.contentHash, [res.snapshotId]: res.contentHash }) + 1 });
  });

  it('stops when the connection never answers, and keeps the previous snapshot', async () => {
    r = await rig();
    await addByToken(r);
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    r.org.setFaults({ rules: [{ object: 'PermissionSet', dropConnection: true }] });
    const err = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/gave up after 4 attempts/);
    expect(current(r)).toBe(first.snapshotId);
    expect(snapshotCount(r)).toBe(1);
    tally('#3', { tests: 1, faults: 4, nothingLost: assertNothingLost(r.dataDir, { [first.snapshotId]: first.contentHash }) + 2 });
  });

  it('stops at once on REQUEST_LIMIT_EXCEEDED and keeps the previous snapshot current and unchanged', async () => {
    r = await rig();
    await addByToken(r);
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    r.org.setFaults({ rules: [{ object: 'LoginHistory', path: '/query', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] });
    const before = r.org.journal.length;
    const err = await failure(r.backend.call('collect.start', { alias: 'demo', lookbackDays: 3650 }));
    expect(err.code).toBe('api_limit');
    expect(err.message).toContain('REQUEST_LIMIT_EXCEEDED');
    const after = r.org.journal.slice(before);
    const limitHits = after.filter((e) => e.status === 403);
    expect(limitHits.length).toBe(1);
    // Nothing was asked after the limit answer.
    expect(after[after.length - 1].status).toBe(403);
    expect(current(r)).toBe(first.snapshotId);
    expect(snapshotCount(r)).toBe(1);
    withDb(r!.dataDir, (db) => expect(hashStored(db, first.snapshotId)).toBe(first.contentHash));
    r.org.setFaults({ rules: [] });
    const next = await r.backend.call('collect.start', { alias: 'demo' });
    expect(current(r)).toBe(next.snapshotId);
    tally('#2', { tests: 1, faults: 1, nothingLost: assertNothingLost(r.dataDir, { [first.snapshotId]: first.contentHash }) + 3 });
  });

  it('stops when Sforce-Limit-Info crosses the reserve mid-collection, without retrying, and keeps the previous snapshot', async () => {
    r = await rig({ apiLimit: 1000, apiUsage: 0 });
    await addByToken(r);
    const first = await r.backend.call('collect.start', { alias: 'demo' });
    const org = r.org;
    // Other integrations of the org eat its budget while we fetch: usage jumps past the 20% reserve.
    let jumpAt = -1;
    const off = r.backend.ctx.events.subscribe((name, p) => {
      if (name === 'collect.progress' && (p as { phase: string }).phase === 'fetch' && jumpAt < 0) {
        org.limits.used = 850;
        jumpAt = org.journal.length;
      }
    });
    const before = org.journal.length;
    const err = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    off();
    expect(err.code).toBe('api_limit');
    expect(err.message).toMatch(/has now used 8\d\d of 1000 daily API calls, past the 20% reserve/);
    expect(err.message).toMatch(/nothing was stored/);
    // No retry storm: the first answer that reported the crossing was the last request.
    expect(jumpAt).toBeGreaterThan(before);
    expect(org.journal.length - jumpAt).toBe(1);
    expect(current(r)).toBe(first.snapshotId);
    expect(snapshotCount(r)).toBe(1);
    tally('#2', { tests: 1, faults: 1, nothingLost: assertNothingLost(r.dataDir, { [first.snapshotId]: first.contentHash }) + 2 });
  });

  it('records a coverage gap for an unreadable object and goes on', async () => {
    r = await rig();
    await addByToken(r);
    r.org.setFaults({ rules: [{ object: 'OauthToken', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient Privileges' }] });
    const res = await r.backend.call('collect.start', { alias: 'demo' });
    expect(res.gaps).toEqual([{ object: 'OauthToken', errorCode: 'INSUFFICIENT_ACCESS', message: expect.stringContaining('Insufficient Privileges') }]);
    expect(res.counts.OauthToken).toBeUndefined();
    expect(res.counts.User).toBe(r.org.dataset.User.length);
    const meta = await r.backend.call('snapshots.get', { id: res.snapshotId });
    expect(meta.gaps).toEqual(res.gaps);
    // Integration candidates cannot be told without tokens: permissions are fetched for every set.
    expect(meta.permissionScope).toBe('full');
    expect(res.counts.ObjectPermissions).toBe(r.org.dataset.ObjectPermissions.length);
    tally('#6', { tests: 1, faults: 1, nothingLost: assertNothingLost(r.dataDir) });
  });

  it('an object that fails after some of its pages were staged becomes a gap with none of its rows kept', async () => {
    // Bulk results in pages of 300: the first page of LoginHistory is staged before the second fails.
    r = await rig({}, { salesforce: { bulkThreshold: 100, bulk: { pageSize: 300, pollMaxMs: 50, jobTimeoutMs: 10_000 } } });
    await addByToken(r);
    expect(r.org.dataset.LoginHistory.length).toBeGreaterThan(600);
    r.org.setFaults({ rules: [{ object: 'LoginHistory', path: '/results$', after: 1, status: 400, errorCode: 'INVALID_LOCATOR', message: 'The locator is not valid' }] });
    const res = await r.backend.call('collect.start', { alias: 'demo', full: true, lookbackDays: 3650 });
    const pages = r.org.journal.filter((e) => e.object === 'LoginHistory' && /\/results$/.test(e.path));
    expect(pages.map((e) => e.status)).toEqual([200, 400]);
    expect(res.gaps).toEqual([{ object: 'LoginHistory', errorCode: expect.any(String), message: expect.stringContaining('The locator is not valid') }]);
    expect(res.counts.LoginHistory).toBeUndefined();
    withDb(r.dataDir, (db) => {
      expect(db.prepare("SELECT COUNT(*) FROM snapshot_record WHERE sobject = 'LoginHistory'").pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM snapshot_staging').pluck().get()).toBe(0);
    });
    // The collection's own connection: its staging tables (TEMP) are gone too.
    expect(requireDb(r.backend.ctx).prepare("SELECT COUNT(*) FROM temp.sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    tally('#6', { tests: 1, faults: 1, nothingLost: assertNothingLost(r.dataDir) + 2 });
  });

  it('turns every check fed by an unreadable object into error, never pass, and shows the gap', async () => {
    r = await rig();
    await addByToken(r);
    const unreadable = { LoginHistory: 'INSUFFICIENT_ACCESS', SetupAuditTrail: 'INVALID_FIELD', OauthToken: 'INSUFFICIENT_ACCESS', LoginIpRange: 'INSUFFICIENT_ACCESS' } as const;
    r.org.setFaults({
      rules: Object.entries(unreadable).map(([object, errorCode]) => ({
        // Login IP ranges are read from the Tooling API's Profile.Metadata, not from an sObject of their own.
        ...(object === 'LoginIpRange' ? { object: 'Profile', path: '/tooling/query' } : { object }),
        status: errorCode === 'INSUFFICIENT_ACCESS' ? 403 : 400,
        errorCode,
        message: `${errorCode} for ${object}`,
      })),
    });
    const res = await r.backend.call('collect.start', { alias: 'demo', lookbackDays: 3650 });
    expect(res.gaps.map((g) => g.object).sort()).toEqual(Object.keys(unreadable).sort());
    for (const g of res.gaps) expect(g.errorCode).toBe(unreadable[g.object as keyof typeof unreadable]);
    // Shown: the snapshot carries the gaps.
    expect((await r.backend.call('snapshots.get', { id: res.snapshotId })).gaps).toEqual(res.gaps);

    const scope = parseScopeText(fs.readFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), 'utf8'), { fileName: 'scope.yaml', format: 'yaml' });
    if (!scope.ok) throw new Error('shipped scope does not parse');
    await r.backend.call('scope.save', { orgAlias: 'demo', scope: scope.scope });
    const evaluation = await r.backend.call('audit.evaluate', { orgAlias: 'demo' });
    const fed = new Set(CHECKS.filter((c) => c.needs.some((n) => n in unreadable)).map((c) => c.id));
    expect(fed.size).toBeGreaterThan(3);
    // Every result of such a check, for every system and user, anywhere in the evaluation.
    const results: { id: string; status: string; summary?: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.id === 'string' && /^(IU|ORG)-\d{2}$/.test(o.id) && typeof o.status === 'string') results.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(evaluation);
    const affected = results.filter((x) => fed.has(x.id));
    expect(affected.length).toBeGreaterThan(10);
    for (const x of affected) {
      expect(x.status, `${x.id}: ${x.summary}`).toBe('error');
      expect(x.summary ?? '').toMatch(new RegExp(Object.keys(unreadable).join('|')));
    }
    // The pack's Coverage sheet names them too.
    const out = path.join(r.dataDir, 'gaps.json');
    const pack = await r.backend.call('evidence.export', { orgAlias: 'demo', format: 'json', outPath: out });
    const text = fs.readFileSync(pack.path, 'utf8');
    for (const object of Object.keys(unreadable)) expect(text).toContain(object);
    tally('#6', { tests: 1, faults: Object.keys(unreadable).length, nothingLost: affected.length + assertNothingLost(r.dataDir) });
  });

  it('refuses to start when the plan would eat into the API reserve, with the numbers', async () => {
    r = await rig({ apiLimit: 1000, apiUsage: 750 });
    await addByToken(r);
    const before = r.org.journal.length;
    const err = await failure(r.backend.call('collect.start', { alias: 'demo' }));
    expect(err.code).toBe('api_limit');
    // Usage as last reported, planning calls included.
    expect(err.message).toMatch(/used (7[5-9]\d|8\d\d) of its 1000 daily calls/);
    expect(err.message).toMatch(/20% \(200\)/);
    // Only planning requests went out: one COUNT() per object, no record was fetched (no
    // further page, Bulk job, profile metadata or FieldDefinition query).
    const planning = r.org.journal.slice(before);
    const queries = planning.filter((e) => /\/query$/.test(e.path)).map((e) => String(e.object));
    expect(queries).toContain('User');
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries).not.toContain('FieldDefinition');
    expect(planning.some((e) => /\/query\/|\/jobs\/query|\/tooling\//.test(e.path))).toBe(false);
    expect(current(r)).toBeNull();
    // A smaller reserve lets it run.
    const ok = await r.backend.call('collect.start', { alias: 'demo', reservePercent: 5 });
    expect(ok.counts.User).toBe(r.org.dataset.User.length);
    tally('#2', { tests: 1, faults: 1, nothingLost: 1 });
  });
});
