/**
 * #16 invalid input over the contract: every channel (CALL_NAMES, so a new call is covered the
 * day it is added) rejects malformed input — wrong types, extra keys, a `__proto__` key, huge
 * strings — with a validation error, and with no side effect: the row count of every table
 * and the files of the data directory are unchanged afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type CallName } from '../../shared/contract';
import { healthyOrg, muleSystem, scopeOf } from '../unit/audit/fixtures';
import { setup, type Env } from '../integration/evidence/helpers';
import { reportAs, tally } from './support/report';
import { integrityOf, tableCounts } from './support/rig';

reportAs('contract-input.test.ts');

let env: Env;
let userId: string;
beforeAll(async () => {
  const { o, mule } = healthyOrg();
  userId = mule;
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
});
afterAll(async () => {
  await env.backend.close();
  fs.rmSync(env.dataDir, { recursive: true, force: true });
});

/** A valid input per call: each mutation below breaks exactly one thing about it. */
function samples(out: string): Record<CallName, Record<string, unknown>> {
  const pack = path.join(out, 'pack.xlsx');
  return {
    'app.info': {},
    'scope.get': { orgAlias: 'acme' },
    'scope.save': { orgAlias: 'acme', scope: scopeOf(muleSystem()) },
    'scope.import': { orgAlias: 'acme', text: 'version: 1\nsystems: []\n', fileName: 'scope.yaml', format: 'yaml' },
    'scope.export': { orgAlias: 'acme', format: 'yaml' },
    'scope.templates': {},
    'scope.history': { orgAlias: 'acme' },
    'audit.evaluate': { orgAlias: 'acme', snapshotId: 'snap-1' },
    'audit.user': { orgAlias: 'acme', snapshotId: 'snap-1', userId },
    'audit.diff': { orgAlias: 'acme', from: 'snap-1', to: 'snap-1' },
    'review.attest': { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-01', userId, status: 'pass', justification: 'checked against change CHG-1', reviewer: 'Ann' },
    'review.carryForward': { orgAlias: 'acme' },
    'review.activity': { orgAlias: 'acme' },
    'review.settings': { orgAlias: 'acme', separateApprover: false, actor: 'Ann' },
    'review.reviewer': { name: 'Ann Auditor', role: 'Compliance lead' },
    'review.note': { orgAlias: 'acme', system: 'MuleSoft', checkId: 'IU-01', userId, text: 'a note', author: 'Ann' },
    'review.setState': { orgAlias: 'acme', system: 'MuleSoft', state: 'in review' },
    'review.signoff': { orgAlias: 'acme', system: 'MuleSoft', reviewer: 'Ann', role: 'Auditor', statement: 'Signed.' },
    'evidence.export': { orgAlias: 'acme', snapshotId: 'snap-1', systems: ['MuleSoft'], format: 'xlsx', outPath: pack },
    'evidence.verify': { path: pack, digest: 'a'.repeat(64) },
    'demo.start': {},
    'orgs.list': {},
    'orgs.add': { alias: 'x1', method: 'access_token', instanceUrl: 'https://example.my.salesforce.com', accessToken: '00Dxx!abc', apiVersion: '62.0' },
    'orgs.remove': { alias: 'acme' },
    'orgs.test': { alias: 'acme' },
    'orgs.sfCliOrgs': {},
    'collect.start': { alias: 'acme', full: true, lookbackDays: 30, reservePercent: 20 },
    'collect.cancel': { alias: 'acme' },
    'snapshots.list': { alias: 'acme' },
    'snapshots.get': { id: 'snap-1' },
    'snapshots.export': { orgAlias: 'acme', snapshotId: 'snap-1', outPath: path.join(out, 'a.iuasnap'), passphrase: 'a long enough passphrase' },
    'snapshots.stage': { fileName: 'upload.iuasnap', base64: 'aXVhc25hcA==' },
    'snapshots.preview': { path: path.join(out, 'a.iuasnap'), passphrase: 'a long enough passphrase', alias: 'acme' },
    'snapshots.import': { path: path.join(out, 'a.iuasnap'), passphrase: 'a long enough passphrase', alias: 'acme' },
    'snapshots.delete': { orgAlias: 'acme', id: 'snap-1', force: true },
    'usage.pull': { alias: 'acme', windowDays: 30, reservePercent: 20 },
    'usage.report': { orgAlias: 'acme', snapshotId: 'snap-1', windowDays: 30 },
    'usage.remediate': { orgAlias: 'acme', system: 'MuleSoft', out: path.join(out, 'remediation'), basis: 'declared' },
  } as Record<CallName, Record<string, unknown>>;
}

function shapeOf(name: CallName): Record<string, unknown> {
  const s = calls[name].input as unknown as { shape?: Record<string, unknown> };
  return s.shape ?? {};
}

const HUGE = 'A'.repeat(6_000_001);

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '12';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not an array';
  return { nested: { deep: [1, 'two', null] } };
}

/** Malformed variants of a valid input, each with a label for the failure message. */
/** Fields whose legitimate values are bigger than HUGE (an upload's bytes): a 6 MB one is valid input there. */
const BIG_BY_DESIGN = new Set(['snapshots.stage.base64']);

function garbage(name: string, sample: Record<string, unknown>, keys: string[]): [string, unknown][] {
  const out: [string, unknown][] = [
    ['a number', 42],
    ['a string', 'input'],
    ['an array', [sample]],
    ['a boolean', true],
    ['an extra key', { ...sample, unexpected: 1 }],
    ['a __proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(sample).slice(1, -1) || '"x": 1'}}`)],
  ];
  for (const k of keys) {
    out.push([`${k} of the wrong type`, { ...sample, [k]: wrongTypeFor(sample[k]) }]);
    if (!BIG_BY_DESIGN.has(`${name}.${k}`)) out.push([`${k} a 6 MB string`, { ...sample, [k]: HUGE }]);
    if (typeof sample[k] === 'string') out.push([`${k} holding an object`, { ...sample, [k]: { toString: 'x' } }]);
    if (Array.isArray(sample[k])) {
      out.push([`${k} with a 6 MB item`, { ...sample, [k]: [HUGE] }]);
      out.push([`${k} with 100,000 items`, { ...sample, [k]: Array.from({ length: 100_000 }, (_, i) => `s${i}`) }]);
    }
  }
  return out;
}

function filesIn(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe('every contract call with malformed input', () => {
  it('answers validation and changes nothing', async () => {
    const all = samples(env.out);
    expect(Object.keys(all).sort()).toEqual([...CALL_NAMES].sort());
    const countsBefore = tableCounts(env.dataDir);
    const filesBefore = filesIn(env.dataDir);
    let tried = 0;
    const accepted: string[] = [];
    for (const name of CALL_NAMES) {
      const sample = all[name];
      // The sample itself is valid: every variant below differs from valid input in one way.
      const ok = calls[name].input.safeParse(sample);
      expect(ok.success, `${name} sample: ${JSON.stringify(ok.error?.issues)}`).toBe(true);
      for (const [label, input] of garbage(name, sample, Object.keys(shapeOf(name)))) {
        const res = await env.backend.dispatch(name, input);
        tried++;
        if (res.ok || res.error.code !== 'validation') accepted.push(`${name} with ${label}: ${res.ok ? 'ok' : res.error.code}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(tableCounts(env.dataDir)).toEqual(countsBefore);
    expect(filesIn(env.dataDir)).toEqual(filesBefore);
    expect(integrityOf(env.dataDir)).toBe('ok');
    tally('#16', { tests: 1, hostile: tried, nothingLost: 3 });
  }, 600_000);

  it('answers not_found for unknown channels, whatever their name', async () => {
    const names = ['', 'app', 'app.info.x', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(100_000), 'orgs.add\u0000'];
    for (const n of names) {
      const res = await env.backend.dispatch(n, {});
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('not_found');
        expect(res.error.message.length).toBeLessThan(200);
      }
    }
    tally('#16', { tests: 1, hostile: names.length });
  });
});
