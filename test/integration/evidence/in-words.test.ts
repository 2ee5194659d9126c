/**
 * Evidence in words (issue #19 item 6), on the demo org's pack and `report --json`: no cell holds
 * raw JSON, every date-time is ISO 8601 in UTC to the second, headers are words (not API field
 * names), high-risk permissions are weighted and labelled, user Ids carry the user's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { MemorySecretStore } from '../../../electron/services/secrets/memory-store';
import { reportJson } from '../../../electron/cli/commands/report';
import type { AuditView } from '../../../shared/contract/audit';
import { SHEET_NAMES } from '../../../electron/services/evidence/model';
import { tempDir } from '../../support/tmp';

interface JsonPack {
  sheets: { name: string; rows: (string | number | null)[][] }[];
}

let backend: Backend;
let pack: JsonPack;
let view: AuditView;
let alias: string;

beforeAll(async () => {
  const dataDir = tempDir('iua-words-');
  backend = createBackend({ dataDir, door: 'cli', secretStore: new MemorySecretStore() });
  alias = (await backend.call('demo.start', {})).orgAlias;
  await backend.call('review.reviewer', { name: 'Ann Auditor', role: 'Compliance lead' });
  view = await backend.call('audit.evaluate', { orgAlias: alias });
  const billing = view.evaluation.systems.find((s) => s.name === 'Billing')!;
  const iu05 = billing.checks.find((c) => c.id === 'IU-05')!;
  await backend.call('review.attest', {
    orgAlias: alias,
    system: 'Billing',
    checkId: 'IU-05',
    userId: iu05.userId,
    kind: 'remediation',
    owner: 'Billing team',
    dueDate: '2099-01-31',
    justification: 'Legacy migration access is removed next sprint',
  });
  await backend.call('review.note', { orgAlias: alias, system: 'Billing', checkId: 'IU-05', userId: iu05.userId, text: 'asked the billing team' });
  view = await backend.call('audit.evaluate', { orgAlias: alias });
  const out = path.join(dataDir, 'pack.json');
  await backend.call('evidence.export', { orgAlias: alias, format: 'json', outPath: out });
  pack = JSON.parse(fs.readFileSync(out, 'utf8')) as JsonPack;
}, 120_000);
afterAll(() => backend.close());

const DATE_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^\s,;)\]]*/g;
const ISO_UTC_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** A header that is an API name: one word with an inner capital (LoginTime, totalSize), or a custom field. */
const API_NAME = /^(?:[A-Za-z]+[a-z0-9][A-Z][A-Za-z0-9]*|\w+__c)$/;

/** Every problem with one value: raw JSON, or a date-time not in the pack's one format. */
function problems(where: string, value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const out: string[] = [];
  const t = value.trim();
  if (/^[[{]/.test(t)) {
    try {
      JSON.parse(t);
      out.push(`${where}: raw JSON ${t.slice(0, 60)}`);
    } catch {
      /* text that starts with a bracket */
    }
  }
  if (/\[\s*"|\{\s*"/.test(t)) out.push(`${where}: JSON inside text ${t.slice(0, 60)}`);
  for (const m of value.match(DATE_TIME) ?? []) if (!ISO_UTC_SECOND.test(m)) out.push(`${where}: date ${m} is not ISO 8601 UTC to the second`);
  return out;
}

describe('evidence in words', () => {
  it('no sheet cell holds raw JSON or a date in another format, and headers are words', () => {
    const found: string[] = [];
    // Every evidence sheet starts with a header row; Cover and Manifest are key/value pages.
    const withHeader = new Set<string>(SHEET_NAMES.filter((n) => n !== 'Cover' && n !== 'Manifest'));
    for (const s of pack.sheets) {
      if (s.name === 'Checkpoints') continue; // fingerprints for verify, not evidence
      s.rows.forEach((r, i) => r.forEach((c, j) => found.push(...problems(`${s.name}!R${i + 1}C${j + 1}`, c))));
      if (withHeader.has(s.name)) for (const h of s.rows[0]) if (typeof h === 'string' && API_NAME.test(h.trim())) found.push(`${s.name}: header "${h}" is an API name`);
    }
    expect(found).toEqual([]);
    // The scan sees the dates it is meant to check.
    const users = pack.sheets.find((s) => s.name === 'Users')!;
    expect(users.rows.slice(1).some((r) => typeof r[11] === 'string' && ISO_UTC_SECOND.test(r[11]))).toBe(true);
    const cover = pack.sheets.find((s) => s.name === 'Cover')!;
    expect(cover.rows.find((r) => r[0] === 'Dates and times')?.[1]).toMatch(/^ISO 8601 in UTC/);
  });

  it('the scan itself catches what it must', () => {
    expect(problems('x', '["HIPAA","PII"]')).not.toEqual([]);
    expect(problems('x', 'matched {"matchedOn":["delegate user"]}')).not.toEqual([]);
    expect(problems('x', '2026-11-08T15:00:00.000+0000')).not.toEqual([]);
    expect(problems('x', 'at 2026-11-08T15:00:00.123Z by Ann')).not.toEqual([]);
    expect(problems('x', 'HIPAA, PII; at 2026-11-08T15:00:00Z')).toEqual([]);
    expect(API_NAME.test('LoginTime')).toBe(true);
    expect(API_NAME.test('totalSize')).toBe(true);
    expect(API_NAME.test('Login time (UTC)')).toBe(false);
  });

  it('high-risk permissions are labelled and weighted; who changed what has a name beside the Id', () => {
    const perms = pack.sheets.find((s) => s.name === 'System Permissions')!;
    expect(perms.rows[0].slice(2, 4)).toEqual(['Permission', 'Risk']);
    const viewAll = perms.rows.find((r) => r[0] === 'billing.integration@greenpath.example' && String(r[2]).startsWith('View All Data'))!;
    expect(viewAll.slice(2, 4)).toEqual(['View All Data (ViewAllData)', 'Critical: reads every record of every object']);
    const changes = pack.sheets.find((s) => s.name === 'Changes')!;
    const by = changes.rows.slice(1).map((r) => String(r[6]));
    expect(by.length).toBeGreaterThan(0);
    // "Name (username, 005…)" for every change made by a user of the snapshot.
    expect(by.every((b) => /^[^(]+ \([^,]+@[^,]+, 005\w{12,15}\)$/.test(b))).toBe(true);
    const sensitive = pack.sheets.find((s) => s.name === 'Sensitive Fields')!;
    // A field whose label says more than its API name shows both; one whose label is its name shows the name once.
    const fields = sensitive.rows.slice(1).map((r) => String(r[2]));
    expect(fields.filter((f) => /^[^:]+: .+ \(\w+\.\w+__c\)$/.test(f)).length).toBeGreaterThan(0);
    expect(fields).toContain('Contact.Birthdate');
  });

  it('report --json gives each evidence row in words beside the raw one', () => {
    const report = JSON.parse(JSON.stringify(reportJson(view))) as {
      systems: { name: string; checks: { id: string; evidence: Record<string, unknown>[]; evidenceInWords: Record<string, string>[] }[] }[];
    };
    const found: string[] = [];
    for (const s of report.systems)
      for (const c of s.checks) {
        expect(c.evidenceInWords.length).toBe(c.evidence.length);
        c.evidenceInWords.forEach((r, i) => {
          for (const [k, v] of Object.entries(r)) {
            expect(typeof v, `${s.name} ${c.id} ${k}`).toBe('string');
            found.push(...problems(`${s.name} ${c.id} row ${i + 1} ${k}`, v));
            if (API_NAME.test(k)) found.push(`${s.name} ${c.id}: key "${k}" is an API name`);
          }
        });
      }
    expect(found).toEqual([]);
    const iu13 = report.systems.flatMap((s) => s.checks).filter((c) => c.id === 'IU-13' && c.evidence.length > 0);
    expect(iu13.length).toBeGreaterThan(0);
    const row = iu13[0].evidenceInWords[0];
    expect(row['Created by']).toMatch(/^[^(]+ \([^,]+@[^,]+, 005\w{12,15}\)$/);
    expect(row['Matched on']).not.toMatch(/[[\]"]/);
  });
});
