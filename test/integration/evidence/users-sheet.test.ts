/**
 * #16 item 7: the Users sheet lists the whole population — every user, active or not — with
 * classification, reasons, license, profile, API only, last login and declaring systems. It is
 * hashed and verified like every other sheet, org data in it stays plain text, and ORG-01,
 * ORG-02 and the Summary point at it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from '../../unit/audit/fixtures';
import { verifyPack } from '../../../electron/services/evidence/verify';
import { USERS_HEADER } from '../../../electron/services/evidence/sheets/users';
import { call, setup, sheetXml, type Env } from './helpers';

const HOSTILE_NAMES = ['=cmd|"/c calc"!A1', '@SUM(A1)', '+1+1', '-2+3'];

let env: Env;
let ids: { mule: string; inactive: string; hostile: string[] };
beforeEach(async () => {
  const { o, mule, stdProfile } = healthyOrg();
  const inactive = o.user('gone@acme.test', stdProfile.profileId, { active: false });
  const hostile = HOSTILE_NAMES.map((name, i) => o.user(`${name}${i}@acme.test`, stdProfile.profileId, { name }));
  ids = { mule, inactive, hostile };
  env = await setup('acme', [['snap-1', o.snapshot()]], scopeOf(muleSystem()));
});
afterEach(() => env.backend.close());

async function exported(): Promise<{ file: string; wb: ExcelJS.Workbook }> {
  const r = await call<{ path: string }>(env.backend, 'evidence.export', { orgAlias: 'acme', outPath: path.join(env.out, 'pack.xlsx') });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(r.path);
  return { file: r.path, wb };
}

describe('the Users sheet', () => {
  it('lists every user, active or not, with classification, reasons and what declares it', async () => {
    const { wb } = await exported();
    const rows = (wb.getWorksheet('Users')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual([...USERS_HEADER]);
    const byId = new Map(rows.slice(1).map((r) => [r[2], r]));
    // healthyOrg has mule, admin and jane; plus the inactive and the hostile users.
    expect(byId.size).toBe(3 + 1 + HOSTILE_NAMES.length);
    const mule = byId.get(ids.mule)!;
    expect(mule.slice(0, 6)).toEqual(['mule@acme.test', 'mule', ids.mule, 'yes', 'Standard', 'integration']);
    expect(String(mule[6])).toContain('license Salesforce Integration');
    expect(mule[8]).toBe('Salesforce Integration');
    expect(mule[9]).toBe('Minimum Access - API Only Integrations');
    expect(mule[10]).toBe('yes');
    expect(mule[12]).toBe('MuleSoft');
    const gone = byId.get(ids.inactive)!;
    expect(gone[3]).toBe('no');
    expect(gone[5]).toBe('human');
    expect(gone[10]).toBe('no');
  });

  it('keeps hostile names as plain text, is hashed in the Manifest and verified', async () => {
    const { file, wb } = await exported();
    const { xml, shared } = await sheetXml(file);
    expect(xml.get('Users')).not.toMatch(/<f[\s>/]/);
    expect(shared).toContain('<t>=cmd|&quot;/c calc&quot;!A1</t>');
    const names = (wb.getWorksheet('Users')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r[2]);
    for (const n of HOSTILE_NAMES) expect(names).toContain(n);
    const manifest = (wb.getWorksheet('Manifest')!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r[1]);
    expect(manifest).toContain('Users');
    // #16 item 4: the Manifest records which definition of sensitive data was used.
    const definition = (wb.getWorksheet('Manifest')!.getSheetValues() as unknown[][]).find((r) => r?.[1] === 'Sensitive data definition')!;
    expect(definition[2]).toBe(
      'ComplianceGroup includes any of GDPR, HIPAA, PCI, PII, or SecurityClassification is one of MissionCritical, Restricted (defaults; FieldDefinition values)',
    );
    expect(await verifyPack(file)).toMatchObject({ intact: true });

    // Changing one cell of the population is caught and located.
    wb.getWorksheet('Users')!.getCell('F2').value = 'tampered';
    const tampered = path.join(env.out, 'tampered.xlsx');
    await wb.xlsx.writeFile(tampered);
    const v = await verifyPack(tampered);
    expect(v.intact).toBe(false);
    expect(v.problems).toContainEqual(expect.objectContaining({ sheet: 'Users' }));
  });

  it('an edited cell reference (not a reference any more) never verifies as intact', async () => {
    const { file } = await exported();
    const entries = unzipSync(fs.readFileSync(file));
    const name = Object.keys(entries).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n) && Buffer.from(entries[n]).toString('utf8').includes('r="C2"'))!;
    entries[name] = new TextEncoder().encode(Buffer.from(entries[name]).toString('utf8').replace('r="C2"', 'r="c2"'));
    const edited = path.join(env.out, 'bad-ref.xlsx');
    fs.writeFileSync(edited, zipSync(entries));
    const outcome = await verifyPack(edited).then(
      (v) => v.intact,
      (err: Error) => err.message,
    );
    expect(outcome).not.toBe(true);
  });

  it('is linked from the Summary and from the ORG-01 and ORG-02 results', async () => {
    const { wb } = await exported();
    const summary = wb.getWorksheet('Summary')!;
    const population = (summary.getSheetValues() as unknown[][]).find((r) => r?.[1] === 'Population')!;
    expect(population[2]).toMatchObject({
      text: `${3 + 1 + HOSTILE_NAMES.length} users (${3 + HOSTILE_NAMES.length} active) in Users`,
      hyperlink: expect.stringContaining('Users'),
    });
    const checklist = (wb.getWorksheet('Checklist')!.getSheetValues() as unknown[][]).filter(Boolean);
    for (const id of ['ORG-01', 'ORG-02']) {
      const r = checklist.find((x) => x[3] === id)!;
      expect(r[11]).toMatchObject({ text: expect.stringContaining('every user: Users sheet'), hyperlink: expect.stringContaining('Users') });
    }
  });
});
