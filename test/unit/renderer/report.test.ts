import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/audit/types';
import { evidenceSummary } from '../../../renderer/features/checklist/report';
import { checkLabel } from '../../../renderer/features/dashboard/summary';
import { fileNamePart } from '../../../renderer/lib/format';
import { parseVerifyForm } from '../../../renderer/features/evidence/verifyForm';

const result = (r: Partial<CheckResult>): CheckResult => ({
  id: 'IU-05',
  username: 'billing@x.example',
  userId: '005000000000001',
  status: 'fail',
  computedStatus: 'fail',
  summary: 's',
  evidence: [],
  ...r,
});
const grant = (name: string, permission: string) => ({ object: 'PermissionSet', id: name, permission, grantedBy: [{ kind: 'permissionSet' as const, id: name, name }] });

describe('the printed report: evidence in a sentence', () => {
  it('counts the rows (left-out rows too) and, for a finding, names the concrete fixes', () => {
    expect(evidenceSummary(result({ evidence: [grant('Legacy', 'ViewAllData')] }))).toBe(
      '1 evidence row. How to fix: remove View All Data (ViewAllData) from permission set Legacy, or unassign it from billing@x.example.',
    );
    expect(evidenceSummary(result({ status: 'pass', computedStatus: 'pass', evidence: [grant('A', 'ApiEnabled')], evidenceOmitted: 2 }))).toBe('3 evidence rows.');
    expect(evidenceSummary(result({ evidence: [] }))).toBe('No evidence rows.');
  });
  it('names three fixes and says how many more there are', () => {
    const rows = ['A', 'B', 'C', 'D', 'E'].map((n) => grant(n, 'ModifyAllData'));
    const s = evidenceSummary(result({ evidence: rows }));
    expect(s).toMatch(/^5 evidence rows\. How to fix: remove Modify All Data \(ModifyAllData\) from permission set A/);
    expect(s).toContain('permission set C');
    expect(s).not.toContain('permission set D');
    expect(s).toMatch(/; and 2 more\.$/);
  });
  it('an overridden pass still shows the fix the engine found (the computed status decides)', () => {
    expect(evidenceSummary(result({ status: 'pass', evidence: [grant('L', 'ViewAllData')] }))).toContain('How to fix');
  });
});

describe('chart labels and download names', () => {
  it('labels a check with its id and name, the id alone only when the name is unknown', () => {
    expect(checkLabel({ checkId: 'IU-05', title: 'No high-risk system permissions' })).toBe('IU-05 No high-risk system permissions');
    expect(checkLabel({ checkId: 'XX-99', title: 'XX-99' })).toBe('XX-99');
  });
  it('keeps only safe characters of a name in a file name', () => {
    expect(fileNamePart('greenpath-demo-Workday HR')).toBe('greenpath-demo-Workday-HR');
    expect(fileNamePart('../../etc/passwd')).toBe('etc-passwd');
    expect(fileNamePart('///')).toBe('untitled');
  });
});

describe('the Verify form says what is wrong before anything is sent', () => {
  it('wants a full path and, if given, a 64-character hexadecimal digest', () => {
    expect(parseVerifyForm('/tmp/pack.xlsx', '')).toEqual({ ok: true, input: { path: '/tmp/pack.xlsx' } });
    expect(parseVerifyForm(' /tmp/pack.xlsx ', `${'A'.repeat(64)} `)).toEqual({ ok: true, input: { path: '/tmp/pack.xlsx', digest: 'A'.repeat(64) } });
    const bad = parseVerifyForm('pack.xlsx', 'abc');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.path).toBe('“pack.xlsx” is not a full path: give the whole path of the pack file, starting at the root of the disk.');
    expect(bad.errors.digest).toBe('A pack digest is 64 characters, 0–9 and a–f; this one has 3 characters. Copy it again from your workpapers, or leave the field empty.');
    const notHex = parseVerifyForm('', 'z'.repeat(64));
    expect(notHex).toEqual({
      ok: false,
      errors: {
        path: 'Give the full path of the pack file.',
        digest:
          'A pack digest is 64 characters, 0–9 and a–f; this one has 64 characters, some of them not 0–9 or a–f. Copy it again from your workpapers, or leave the field empty.',
      },
    });
  });
});
