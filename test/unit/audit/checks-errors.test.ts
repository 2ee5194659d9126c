import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../shared/audit/catalog';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

describe('coverage gaps turn checks into errors, never pass', () => {
  const pairs = CHECKS.flatMap((c) => c.needs.map((object) => [c.id, object] as const));

  it.each(pairs)('%s errors when %s is a coverage gap', (id, object) => {
    const { o } = healthyOrg();
    o.gap(object, 'INSUFFICIENT_ACCESS', `no access to ${object}`);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), id);
    expect(r.status).toBe('error');
    expect(r.summary).toContain(object);
    expect(r.summary).toContain('INSUFFICIENT_ACCESS');
    expect(r.evidence).toContainEqual(expect.objectContaining({ object: 'CoverageGap', id: object }));
  });

  it('an object missing from the snapshot (never collected) is a gap too', () => {
    const { o } = healthyOrg();
    const snap = o.snapshot();
    delete snap.records.LoginHistory;
    const e = run(snap, scopeOf(muleSystem()));
    expect(check(e, 'IU-04').status).toBe('error');
    expect(check(e, 'IU-04').summary).toContain('NOT_COLLECTED');
    expect(check(e, 'ORG-04').status).toBe('fail');
  });

  it('every check that reads data declares what it needs', () => {
    for (const c of CHECKS) if (!['IU-15', 'ORG-04'].includes(c.id)) expect(c.needs.length, c.id).toBeGreaterThan(0);
  });
});

describe('a declared user missing from the snapshot', () => {
  it('errors every data check with a clear summary; IU-15 still evaluates', () => {
    const { o } = healthyOrg();
    const e = run(o.snapshot(), scopeOf(muleSystem({ users: ['ghost@acme.test'] })));
    const checks = e.systems[0].checks;
    expect(checks).toHaveLength(15);
    for (const c of checks.filter((c) => c.id !== 'IU-15')) {
      expect(c.status, c.id).toBe('error');
      expect(c.summary).toContain('declared user "ghost@acme.test" not found');
      expect(c.username).toBe('ghost@acme.test');
      expect(c.userId).toBeNull();
    }
    expect(check(e, 'IU-15').status).toBe('pass');
  });
});
