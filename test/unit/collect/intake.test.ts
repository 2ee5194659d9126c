/** Per-page staging of one object (collect-object.ts ObjectIntake) into a real staging table. */
import { describe, expect, it } from 'vitest';
import { ObjectIntake } from '../../../electron/services/salesforce/collect-object';
import { keySynthetically } from '../../../electron/services/salesforce/record-keys';
import { SnapshotStaging } from '../../../electron/services/snapshots/staging';
import type { SfRecord } from '../../../shared/model';
import { OBJECT_SPECS } from '../../../shared/salesforce-objects';
import { scratchOrgDb } from '../../support/scratch-store';

const spec = (name: string) => OBJECT_SPECS.find((s) => s.name === name)!;
const token = (id: string | null, user: string): SfRecord => ({ Id: id, UserId: user, AppName: 'App', UseCount: 1, LastUsedDate: null, CreatedDate: null }) as unknown as SfRecord;

describe('staging an object page by page', () => {
  it('keys every record synthetically once a later page has no usable Ids, re-keying the pages staged before', () => {
    const staging = new SnapshotStaging(scratchOrgDb('iua-intake-'), 'o');
    const intake = new ObjectIntake(spec('OauthToken'), staging);
    const pages = [
      [token('0CR000000000001', '005A'), token('0CR000000000002', '005B')],
      [token(null, '005C'), token(null, '005C')],
    ];
    for (const p of pages) intake.page(p.map((r) => ({ ...r })));
    const staged = [...staging.records('OauthToken')].map((r) => r.Id).sort();
    const atOnce = keySynthetically(pages.flat().map((r) => ({ ...r }))).map((r) => r.Id);
    expect(staged).toEqual([...atOnce].sort());
    expect(staged.every((id) => id.startsWith('synthetic:'))).toBe(true);
    // Two identical tokens stay two records.
    expect(new Set(staged).size).toBe(4);
    expect(staging.count('OauthToken')).toBe(4);
  });

  it('keeps Salesforce Ids while every page has usable ones', () => {
    const staging = new SnapshotStaging(scratchOrgDb('iua-intake-'), 'o');
    const intake = new ObjectIntake(spec('OauthToken'), staging);
    intake.page([token('0CR000000000001', '005A')]);
    intake.page([token('0CR000000000002', '005B')]);
    expect([...staging.records('OauthToken')].map((r) => r.Id).sort()).toEqual(['0CR000000000001', '0CR000000000002']);
  });

  it('refuses a record without an Id on an object that must have them', () => {
    const staging = new SnapshotStaging(scratchOrgDb('iua-intake-'), 'o');
    const intake = new ObjectIntake(spec('UserLicense'), staging);
    intake.page([{ Id: '100000000000001', Name: 'Salesforce' } as SfRecord]);
    expect(() => intake.page([{ Id: null, Name: 'X' } as unknown as SfRecord])).toThrow(/UserLicense: Salesforce sent a record without an Id/);
  });
});
