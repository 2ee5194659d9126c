import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAccessEngine, type EffectiveAccess } from '../../../shared/audit/access';
import { flattenAccess } from '../../../shared/audit/drift';
import { buildIndex } from '../../../shared/audit/snapshot-index';
import { AS_OF, OrgBuilder } from './fixtures';

const OBJECTS = ['Account', 'Contact', 'Case'];
const FIELDS = ['Contact.SSN__c', 'Account.Name'];
const SYS = ['ApiEnabled', 'ModifyAllData', 'ViewAllData', 'AuthorApex'];
const OPERMS = ['Read', 'Create', 'Edit', 'Delete', 'ViewAllRecords', 'ModifyAllRecords'] as const;

const objFlags = fc.record(Object.fromEntries(OPERMS.map((p) => [p, fc.boolean()])) as Record<(typeof OPERMS)[number], fc.Arbitrary<boolean>>);
const permSetSpec = fc.record({
  system: fc.subarray(SYS),
  objects: fc.dictionary(fc.constantFrom(...OBJECTS), objFlags, { maxKeys: 3 }),
  fields: fc.dictionary(fc.constantFrom(...FIELDS), fc.record({ Read: fc.boolean(), Edit: fc.boolean() }), { maxKeys: 2 }),
});
type PsSpec = typeof permSetSpec extends fc.Arbitrary<infer T> ? T : never;

function addPs(o: OrgBuilder, name: string, spec: PsSpec, muting = false): string {
  const perms = Object.fromEntries(spec.system.map((p) => [p, true]));
  const id = muting ? o.muting(name, perms) : o.permSet(name, perms);
  for (const [obj, f] of Object.entries(spec.objects)) o.objectPerm(id, obj, f);
  for (const [field, f] of Object.entries(spec.fields)) o.fieldPerm(id, field, f);
  return id;
}

interface OrgSpec {
  profile: PsSpec;
  direct: PsSpec[];
  group: { components: PsSpec[]; muting: PsSpec | null } | null;
}
const orgSpec: fc.Arbitrary<OrgSpec> = fc.record({
  profile: permSetSpec,
  direct: fc.array(permSetSpec, { maxLength: 3 }),
  group: fc.option(fc.record({ components: fc.array(permSetSpec, { minLength: 1, maxLength: 3 }), muting: fc.option(permSetSpec, { nil: null }) }), { nil: null }),
});

function build(spec: OrgSpec, extra: PsSpec[] = [], withGroup = true): EffectiveAccess {
  const o = new OrgBuilder();
  for (const e of OBJECTS) o.entity(e);
  const lic = o.license('Salesforce');
  const prof = o.profile('Prof', lic);
  const u = o.user('u@acme.test', prof.profileId);
  // Profile permissions go on its own permission set.
  for (const [obj, f] of Object.entries(spec.profile.objects)) o.objectPerm(prof.psId, obj, f);
  spec.direct.forEach((d, i) => o.assign(u, addPs(o, `Direct_${i}`, d)));
  if (spec.group && withGroup) {
    const comps = spec.group.components.map((c, i) => addPs(o, `Comp_${i}`, c));
    const muting = spec.group.muting ? addPs(o, 'Mute', spec.group.muting, true) : undefined;
    o.assignGroup(u, o.group('G', comps, muting));
  }
  extra.forEach((d, i) => o.assign(u, addPs(o, `Extra_${i}`, d)));
  return createAccessEngine(buildIndex(o.snapshot()), AS_OF).effectiveAccess(u)!;
}

const keys = (a: EffectiveAccess) => new Set(flattenAccess(a).keys());

describe('effective access invariants', () => {
  it('adding a source never removes access', () => {
    fc.assert(
      fc.property(orgSpec, permSetSpec, (spec, extra) => {
        const before = keys(build(spec));
        const after = keys(build(spec, [extra]));
        for (const k of before) expect(after.has(k), k).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a muting set never removes what another source grants', () => {
    fc.assert(
      fc.property(orgSpec, (spec) => {
        const withoutGroup = keys(build(spec, [], false));
        const withMutedGroup = keys(build(spec));
        for (const k of withoutGroup) expect(withMutedGroup.has(k), k).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('implications are closed', () => {
    fc.assert(
      fc.property(orgSpec, (spec) => {
        const a = build(spec);
        for (const [obj, p] of Object.entries(a.objects)) {
          const has = (x: string) => (p as Record<string, unknown>)[x] !== undefined;
          if (has('Edit')) expect(has('Read'), `${obj} Edit⇒Read`).toBe(true);
          if (has('Delete')) expect(has('Edit') && has('Read'), `${obj} Delete⇒Edit`).toBe(true);
          if (has('ViewAllRecords')) expect(has('Read'), `${obj} ViewAll⇒Read`).toBe(true);
          if (has('ModifyAllRecords')) for (const q of OPERMS) expect(has(q), `${obj} ModifyAll⇒${q}`).toBe(true);
        }
        for (const p of Object.values(a.fields)) if (p.Edit) expect(p.Read).toBeDefined();
        if (a.systemPermissions.ModifyAllData) {
          expect(a.systemPermissions.ViewAllData).toBeDefined();
          for (const obj of OBJECTS) expect(a.objects[obj]?.ModifyAllRecords, obj).toBeDefined();
        }
        if (a.systemPermissions.ViewAllData) for (const obj of OBJECTS) expect(a.objects[obj]?.ViewAllRecords, obj).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
