/**
 * What the usage pull cannot see is recorded, never read as "no use": EventLogFile refused
 * (no View Event Log Files) is a gap and US checks stay away from `pass`; a spent API budget
 * skips the write counts with a BUDGET gap, and the next pull the same day resumes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScopeText } from '../../../shared/audit/scope';
import { addByToken, integrityOf, rig, type Rig } from '../collect/helpers';

const SCOPE = fs.readFileSync(path.join(__dirname, '../../../electron/demo-org/greenpath-scope.yaml'), 'utf8');
let r: Rig | null = null;

afterEach(async () => {
  if (r) {
    expect(integrityOf(r.dataDir)).toBe('ok');
    await r.close();
    r = null;
  }
});

async function ready(rg: Rig): Promise<void> {
  await addByToken(rg, 'gp');
  await rg.backend.call('collect.start', { alias: 'gp' });
  const parsed = parseScopeText(SCOPE, { fileName: 'greenpath-scope.yaml', format: 'yaml' });
  if (!parsed.ok) throw new Error('scope');
  await rg.backend.call('scope.save', { orgAlias: 'gp', scope: parsed.scope });
}

describe('usage pull gaps', () => {
  it('records a refused EventLogFile as a gap and keeps read-based findings off pass', async () => {
    r = await rig({
      token: 't1',
      faults: { rules: [{ object: 'EventLogFile', status: 403, errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }] },
    });
    await ready(r);
    const res = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(res.filesAdded).toBe(0);
    expect(res.gaps).toEqual([expect.objectContaining({ object: 'EventLogFile', errorCode: 'INSUFFICIENT_ACCESS' })]);
    expect(res.gaps[0].message).toMatch(/View Event Log Files/);
    expect(res.objectsCounted).toBeGreaterThan(0);
    const v = await r.backend.call('usage.report', { orgAlias: 'gp' });
    // The refusal, and (without Event Monitoring log files) the Event Log Objects looked for and not found: never silence.
    expect(v.lastPull?.gaps.map((g) => `${g.object}: ${g.errorCode}`)).toEqual(['EventLogFile: INSUFFICIENT_ACCESS', 'Event Log Objects: NOT_AVAILABLE']);
    expect(res.sources).toMatchObject({ logFileTypes: [], eventMonitoring: false, eventLogObjects: [] });
    for (const s of v.report.systems) for (const c of s.checks.filter((x) => x.id === 'US-02')) expect(c.status, s.name).not.toBe('pass');
  }, 120_000);

  it('asks for ApiTotalUsage alone when the org refuses a listing that names the Event Monitoring types', async () => {
    // Whether a restricted-picklist value the org lacks is refused in a filter is unverified: the first listing fails here.
    r = await rig({
      token: 't3',
      faults: {
        rules: [{ object: 'EventLogFile', times: 1, status: 400, errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: "bad value for restricted picklist field: 'BulkApi2'" }],
      },
    });
    await ready(r);
    const res = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(res.gaps).toEqual([]);
    expect(res.filesAdded).toBe(1);
    expect(res.sources.logFileTypes).toEqual(['ApiTotalUsage']);
    expect(res.sources.notes.join('\n')).toMatch(/refused a listing naming API, RestApi, BulkApi, BulkApi2 \(INVALID_QUERY_FILTER_OPERATOR/);
  }, 120_000);

  it('looks for the Event Log Objects again after a pull whose budget left no room to look', async () => {
    r = await rig({ token: 't4' });
    await ready(r);
    r.org.limits.max = 100_000;
    r.org.limits.used = Math.floor(100_000 * 0.8) - 1; // room for the file list only
    const first = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(first.gaps.find((g) => g.object === 'Event Log Objects')).toMatchObject({ errorCode: 'BUDGET' });
    expect(first.sources.notes.join('\n')).not.toMatch(/Event Log Objects: none in the describe/);
    r.org.limits.used = 0;
    const second = await r.backend.call('usage.pull', { alias: 'gp' });
    // A spent budget says nothing about the org: the second pull looks, and finds none.
    expect(second.sources.notes.join('\n')).toMatch(/Event Log Objects: none in the describe/);
    expect(second.gaps).toEqual([]);
  }, 120_000);

  it('skips write counts over the budget with a BUDGET gap, then resumes them on the next pull', async () => {
    r = await rig({ token: 't2' });
    await ready(r);
    // Leave room for the file list and the download only.
    r.org.limits.max = 100_000;
    r.org.limits.used = Math.floor(100_000 * 0.8) - 3;
    const first = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(first.filesAdded).toBe(1);
    expect(first.objectsCounted).toBe(0);
    expect(first.gaps.length).toBeGreaterThan(0);
    expect(first.gaps.every((g) => g.errorCode === 'BUDGET')).toBe(true);
    const usedBefore = r.org.limits.used;
    expect(usedBefore).toBeLessThanOrEqual(80_000);
    r.org.limits.used = 0;
    const second = await r.backend.call('usage.pull', { alias: 'gp' });
    expect(second.filesAdded).toBe(0);
    expect(second.objectsCounted).toBe(first.gaps.length);
    expect(second.gaps).toEqual([]);
  }, 120_000);
});
