/**
 * The sign-off rules (issue #19 items 2 and 4): what a decision must say, which results stay
 * open, the statement listing accepted exceptions, how current results differ from signed
 * ones, and carrying unchanged decisions forward to a new snapshot.
 */
import { describe, expect, it } from 'vitest';
import {
  applyDecisions,
  approverConflicts,
  isOpen,
  MIN_JUSTIFICATION_LENGTH,
  openResults,
  planCarryForward,
  resultDifferences,
  signOffStatement,
  validateDecision,
  type Decision,
} from '../../../shared/audit/decisions';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

function failing() {
  const { o, mule } = healthyOrg();
  o.login(mule, 'Application', 3);
  return { o, mule, e: run(o.snapshot(), scopeOf(muleSystem())) };
}

const WHY = 'Break-glass login, ticket INC-123, approved by the CISO';
const on: Omit<Decision, 'status' | 'at' | 'justification'> = { checkId: 'IU-04', systemName: 'MuleSoft', username: 'mule@acme.test', reviewer: 'A. Auditor' };

describe('a decision must say enough', () => {
  it(`needs a justification of at least ${MIN_JUSTIFICATION_LENGTH} characters`, () => {
    expect(validateDecision({ ...on, status: 'pass', justification: 'x', at: '2025-07-01T00:00:00Z' }).join()).toMatch(/at least 20 characters/);
    expect(validateDecision({ ...on, status: 'pass', justification: WHY, at: '2025-07-01T00:00:00Z' })).toEqual([]);
  });
  it('an override names its status (never a default) and never sets manual or error', () => {
    expect(validateDecision({ ...on, status: null, justification: WHY, at: '2025-07-01T00:00:00Z' }).join()).toMatch(/choose the status/);
    expect(validateDecision({ ...on, status: 'manual', justification: WHY, at: '2025-07-01T00:00:00Z' }).join()).toMatch(/not manual/);
  });
  it('a remediation plan needs an owner and a due date; an expiry is a date', () => {
    expect(validateDecision({ ...on, status: null, kind: 'remediation', justification: WHY, at: '2025-07-01T00:00:00Z' })).toEqual([
      'a remediation needs an owner',
      'a remediation needs a due date (YYYY-MM-DD)',
    ]);
    expect(validateDecision({ ...on, status: null, kind: 'exception', expiresAt: 'soon', justification: WHY, at: '2025-07-01T00:00:00Z' }).join()).toMatch(/expiry must be a date/);
    expect(validateDecision({ ...on, status: null, kind: 'exception', expiresAt: '2025-12-31', justification: WHY, at: '2025-07-01T00:00:00Z' })).toEqual([]);
  });
});

describe('which results are open', () => {
  it('a fail is open until an exception or a remediation plan decides it; an override to fail does not', () => {
    const { e } = failing();
    expect(isOpen(check(e, 'IU-04'), '2025-07-01')).toBe(true);
    const decide = (d: Partial<Decision>) =>
      check(applyDecisions(e, [{ ...on, status: null, justification: WHY, at: '2025-07-01T00:00:00Z', ...d } as Decision]).evaluation, 'IU-04');
    expect(isOpen(decide({ status: 'fail', kind: 'override' }), '2025-07-02')).toBe(true);
    expect(isOpen(decide({ status: 'pass', kind: 'override' }), '2025-07-02')).toBe(false);
    expect(isOpen(decide({ kind: 'remediation', owner: 'Ops', dueDate: '2025-08-01' }), '2025-07-02')).toBe(false);
    const exception = decide({ kind: 'exception', expiresAt: '2025-09-30' });
    expect(exception).toMatchObject({ status: 'fail', override: { kind: 'exception', expiresAt: '2025-09-30' } });
    expect(isOpen(exception, '2025-09-30T12:00:00Z')).toBe(false);
    // Past its expiry the exception no longer decides the result.
    expect(isOpen(exception, '2025-10-01T00:00:00Z')).toBe(true);
  });
  it('an exception after an override keeps the overridden status', () => {
    const { e } = failing();
    const out = applyDecisions(e, [
      { ...on, status: 'warn', kind: 'override', justification: WHY, at: '2025-07-01T00:00:00Z' },
      { ...on, status: null, kind: 'exception', justification: WHY, at: '2025-07-02T00:00:00Z' },
    ]).evaluation;
    expect(check(out, 'IU-04')).toMatchObject({ status: 'warn', computedStatus: 'fail', override: { kind: 'exception' } });
    expect(openResults(out.systems[0], '2025-07-03').map((c) => c.id)).not.toContain('IU-04');
  });
});

describe('the sign-off statement', () => {
  it('lists every accepted exception with who accepted it and until when', () => {
    const { e } = failing();
    const out = applyDecisions(e, [{ ...on, status: null, kind: 'exception', expiresAt: '2025-09-30', justification: WHY, at: '2025-07-02T00:00:00Z' }]).evaluation;
    const text = signOffStatement('Access reviewed.', out.systems[0]);
    expect(text).toBe(`Access reviewed.\nAccepted exceptions (1):\n- IU-04 (mule@acme.test) fail: ${WHY} (accepted by A. Auditor, until 2025-09-30)`);
    expect(signOffStatement('Access reviewed.', e.systems[0])).toBe('Access reviewed.\nAccepted exceptions: none.');
  });
});

describe('current results against signed ones', () => {
  it('names each result whose status differs, appeared or disappeared', () => {
    const { o } = healthyOrg();
    const snap = o.snapshot();
    const signed = run(snap, scopeOf(muleSystem())).systems[0];
    expect(resultDifferences(signed, signed)).toEqual([]);
    // Declaring less makes IU-06 fail for the same snapshot.
    const now = run(snap, scopeOf(muleSystem({ objects: { Account: ['read'] } }))).systems[0];
    const diffs = resultDifferences(signed, now);
    expect(diffs).toContainEqual({ checkId: 'IU-06', username: 'mule@acme.test', signed: 'pass', current: 'fail' });
    expect(resultDifferences(signed, { ...signed, checks: signed.checks.filter((c) => c.id !== 'IU-01') })).toEqual([
      { checkId: 'IU-01', username: 'mule@acme.test', signed: 'pass', current: null },
    ]);
  });
});

describe('carrying decisions forward', () => {
  it('carries a decision whose result and evidence are unchanged, marked with where it came from', () => {
    const { o } = failing();
    const before = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-1' };
    const decided = applyDecisions(before, [
      { ...on, status: null, kind: 'remediation', owner: 'Ops', dueDate: '2025-08-01', justification: WHY, at: '2025-07-01T00:00:00Z' },
    ]).evaluation;
    const after = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-2' };
    const plan = planCarryForward(decided, after, '2025-07-10T00:00:00Z');
    expect(plan.changed).toEqual([]);
    expect(plan.carry).toEqual([
      expect.objectContaining({
        checkId: 'IU-04',
        kind: 'remediation',
        owner: 'Ops',
        reviewer: 'A. Auditor',
        at: '2025-07-10T00:00:00Z',
        carriedFrom: { snapshotId: 'snap-1', reviewer: 'A. Auditor', at: '2025-07-01T00:00:00Z' },
      }),
    ]);
    const carried = check(applyDecisions(after, plan.carry).evaluation, 'IU-04');
    expect(carried.override).toMatchObject({ kind: 'remediation', carriedFrom: { snapshotId: 'snap-1' } });
  });
  it('flags a decision whose evidence changed and does not carry it', () => {
    const { o, mule } = failing();
    const before = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-1' };
    const decided = applyDecisions(before, [{ ...on, status: null, kind: 'exception', justification: WHY, at: '2025-07-01T00:00:00Z' }]).evaluation;
    o.login(mule, 'Application', 2);
    const after = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-2' };
    const plan = planCarryForward(decided, after, '2025-07-10T00:00:00Z');
    expect(plan.carry).toEqual([]);
    expect(plan.changed).toEqual([{ checkId: 'IU-04', systemName: 'MuleSoft', username: 'mule@acme.test', reason: 'the evidence changed' }]);
  });
  it('does not carry an exception past its expiry: the result is open again', () => {
    const { o } = failing();
    const before = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-1' };
    const decided = applyDecisions(before, [{ ...on, status: null, kind: 'exception', expiresAt: '2025-07-05', justification: WHY, at: '2025-07-01T00:00:00Z' }]).evaluation;
    const after = { ...run(o.snapshot(), scopeOf(muleSystem())), snapshotId: 'snap-2' };
    const plan = planCarryForward(decided, after, '2025-07-10T00:00:00Z');
    expect(plan.carry).toEqual([]);
    expect(plan.expired).toEqual([{ checkId: 'IU-04', systemName: 'MuleSoft', username: 'mule@acme.test', expiresAt: '2025-07-05' }]);
  });
});

describe('preparer/approver split', () => {
  it('names the results the signer decided, whatever the case or spacing of the name', () => {
    const d = (checkId: string, reviewer: string): Decision => ({
      checkId,
      systemName: 'MuleSoft',
      username: 'mule@acme.test',
      status: null,
      kind: 'exception',
      justification: WHY,
      reviewer,
      at: '2025-07-01T00:00:00Z',
    });
    expect(approverConflicts('Ada Auditor', [d('IU-04', ' ada auditor'), d('IU-04', 'ADA AUDITOR'), d('IU-06', 'Bob')])).toEqual(['IU-04 (mule@acme.test)']);
    expect(approverConflicts('Carol', [d('IU-04', 'Ada Auditor')])).toEqual([]);
  });
});
