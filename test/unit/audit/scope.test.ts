import { describe, expect, it } from 'vitest';
import { parseScopeText, serializeScope, type ScopeFile } from '../../../shared/audit/scope';
import { scopeWarnings } from '../../../shared/audit/scope-warnings';
import { TEMPLATE_NAMES, scopeTemplate } from '../../../shared/audit/templates';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';

const yaml = (t: string) => parseScopeText(t, { fileName: 'scope.yaml', format: 'yaml' });
const json = (t: string) => parseScopeText(t, { fileName: 'scope.json', format: 'json' });

const GOOD_YAML = `version: 1
systems:
  - name: MuleSoft
    owner: Integration team
    purpose: Syncs accounts
    users: [mule@acme.test]
    objects:
      Contact: [read, edit]
    fields:
      Contact.SSN__c: [read]
    systemPermissions:
      ApiEnabled: needed to call the API
    authFlow: jwt
    connectedApp: MuleSoft
    ipRanges: [198.51.100.0/24, "2001:db8::/32"]
    thresholds: { staleDays: 90, rotationDays: 90, lookbackDays: 180 }
`;

describe('parseScopeText', () => {
  it('accepts the documented shape in YAML and JSON', () => {
    const y = yaml(GOOD_YAML);
    expect(y.ok).toBe(true);
    if (!y.ok) return;
    const j = json(JSON.stringify(y.scope));
    expect(j).toEqual({ ok: true, scope: y.scope });
  });

  it.each([
    ['an unknown key', GOOD_YAML.replace('authFlow: jwt', 'authflow: jwt'), 'systems[0]', 'authflow'],
    ['an unknown access level', GOOD_YAML.replace('[read, edit]', '[read, write]'), 'systems[0].objects.Contact[1]', ''],
    ['a bad CIDR', GOOD_YAML.replace('198.51.100.0/24', '198.51.100.0/33'), 'systems[0].ipRanges[0]', 'CIDR'],
    ['an unknown auth flow', GOOD_YAML.replace('authFlow: jwt', 'authFlow: saml'), 'systems[0].authFlow', ''],
    ['a field that is not Object.Field', GOOD_YAML.replace('Contact.SSN__c', 'SSN__c'), 'systems[0].fields.SSN__c', 'Object.Field'],
    ['a wrong version', GOOD_YAML.replace('version: 1', 'version: 2'), 'version', ''],
    ['a missing justification', GOOD_YAML.replace('ApiEnabled: needed to call the API', 'ApiEnabled: ""'), 'systems[0].systemPermissions.ApiEnabled', 'justification'],
    ['a negative threshold', GOOD_YAML.replace('staleDays: 90', 'staleDays: -1'), 'systems[0].thresholds.staleDays', ''],
  ])('rejects %s with file, path and reason', (_name, text, path, reason) => {
    const r = yaml(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.objectContaining({ file: 'scope.yaml', path, reason: expect.stringContaining(reason) }));
  });

  it('rejects duplicate system names', () => {
    const r = json(JSON.stringify(scopeOf(muleSystem(), muleSystem({ name: 'mulesoft' }))));
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ file: 'scope.json', path: 'systems[1].name', reason: expect.stringContaining('duplicate system name') })] });
  });

  it('reports malformed YAML with a line and column, never throwing', () => {
    const r = yaml('version: 1\nsystems: [\n  - name: x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].file).toBe('scope.yaml');
    expect(r.errors[0].path).toMatch(/^line \d+, column \d+$/);
  });

  it('reports duplicate keys in YAML and JSON', () => {
    expect(yaml('version: 1\nversion: 1\nsystems: []\n').ok).toBe(false);
    const r = json('{"version": 1, "systems": [], "systems": []}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].reason).toMatch(/unique/i);
  });

  it('reports malformed JSON', () => {
    const r = json('{"version": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'scope.json', reason: expect.stringContaining('not valid JSON') });
  });

  it('does not throw on arbitrary input', () => {
    for (const t of ['', '42', '[]', 'null', '"x"', '{{{', 'version: [1', '- a\n- b']) {
      expect(yaml(t).ok).toBe(false);
      expect(json(t).ok).toBe(false);
    }
  });
});

describe('serializeScope', () => {
  it('round-trips through YAML and JSON', () => {
    const parsed = yaml(GOOD_YAML);
    if (!parsed.ok) throw new Error('fixture invalid');
    for (const format of ['yaml', 'json'] as const) {
      const again = parseScopeText(serializeScope(parsed.scope, format), { fileName: 'x', format });
      expect(again).toEqual({ ok: true, scope: parsed.scope });
    }
  });
});

describe('templates', () => {
  it('has the common systems, each a valid starting scope', () => {
    expect(TEMPLATE_NAMES).toEqual(['billing', 'ehr', 'erp', 'hr', 'lab-results', 'middleware', 'patient-portal', 'pharmacy']);
    const scope: ScopeFile = { version: 1, systems: TEMPLATE_NAMES.map((n) => scopeTemplate(n)!) };
    const r = parseScopeText(serializeScope(scope, 'yaml'), { fileName: 't', format: 'yaml' });
    expect(r.ok).toBe(true);
    expect(scopeTemplate('nope')).toBeNull();
  });
});

describe('scopeWarnings', () => {
  it('warns about objects, fields and users the snapshot does not know', () => {
    const { o } = healthyOrg();
    const scope = scopeOf(
      muleSystem({
        users: ['mule@acme.test', 'ghost@acme.test'],
        objects: { Account: ['read'], Invoice__c: ['read'] },
        fields: { 'Contact.SSN__c': ['read'], 'Contact.Nope__c': ['read'], 'Widget__c.X__c': ['read'] },
      }),
    );
    expect(scopeWarnings(scope, o.snapshot(), 'scope.yaml')).toEqual([
      { file: 'scope.yaml', path: 'systems[0].objects.Invoice__c', reason: "object Invoice__c is not in this org's snapshot" },
      { file: 'scope.yaml', path: 'systems[0].fields.Contact.Nope__c', reason: "field Contact.Nope__c is not in this org's snapshot" },
      { file: 'scope.yaml', path: 'systems[0].fields.Widget__c.X__c', reason: "object Widget__c is not in this org's snapshot" },
      { file: 'scope.yaml', path: 'systems[0].users[1]', reason: "user ghost@acme.test is not in this org's snapshot" },
    ]);
  });
});
