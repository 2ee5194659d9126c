import { describe, expect, it } from 'vitest';
import { applyDecisions, signOff, stateAfterDecision, transitionReview, type Decision } from '../../../shared/audit/decisions';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

function evaluation() {
  const { o, mule } = healthyOrg();
  o.login(mule, 'Application', 3);
  return { e: run(o.snapshot(), scopeOf(muleSystem())), mule };
}

const base: Omit<Decision, 'status' | 'at'> = {
  checkId: 'IU-04',
  systemName: 'MuleSoft',
  username: 'mule@acme.test',
  justification: 'break-glass login, ticket 123',
  reviewer: 'A. Auditor',
};

describe('applyDecisions', () => {
  it('overrides the status and keeps the computed one beside it', () => {
    const { e } = evaluation();
    expect(check(e, 'IU-04').status).toBe('fail');
    const { evaluation: out, unmatched } = applyDecisions(e, [{ ...base, status: 'pass', at: '2025-07-01T10:00:00Z' }]);
    const r = check(out, 'IU-04');
    expect(r).toMatchObject({
      status: 'pass',
      computedStatus: 'fail',
      override: { status: 'pass', reviewer: 'A. Auditor', justification: 'break-glass login, ticket 123', at: '2025-07-01T10:00:00Z' },
    });
    expect(unmatched).toEqual([]);
    expect(check(e, 'IU-04').status).toBe('fail'); // input untouched
  });

  it('matches by userId too, and the latest decision wins', () => {
    const { e, mule } = evaluation();
    const { evaluation: out } = applyDecisions(e, [
      { ...base, username: null, userId: mule, status: 'warn', at: '2025-07-02T00:00:00Z' },
      { ...base, status: 'pass', at: '2025-07-01T00:00:00Z' },
    ]);
    expect(check(out, 'IU-04').status).toBe('warn');
  });

  it('applies org-wide decisions and reports decisions that match nothing', () => {
    const { e } = evaluation();
    const org: Decision = { checkId: 'ORG-03', systemName: null, status: 'pass', justification: 'admins need it', reviewer: 'R', at: '2025-07-01T00:00:00Z' };
    const stray: Decision = { ...base, username: 'gone@acme.test', status: 'pass', at: '2025-07-01T00:00:00Z' };
    const { evaluation: out, unmatched } = applyDecisions(e, [org, stray]);
    expect(check(out, 'ORG-03')).toMatchObject({ status: 'pass', computedStatus: 'manual' });
    expect(unmatched).toEqual([stray]);
  });
});

describe('review states', () => {
  it('allows the documented path and reopening', () => {
    expect(transitionReview('not started', 'in review')).toEqual({ ok: true, state: 'in review' });
    expect(transitionReview('in review', 'reviewed')).toEqual({ ok: true, state: 'reviewed' });
    expect(transitionReview('reviewed', 'in review')).toEqual({ ok: true, state: 'in review' });
    expect(transitionReview('reviewed', 'signed off')).toEqual({ ok: true, state: 'signed off' });
  });
  it('refuses skipping and leaving a sign-off', () => {
    expect(transitionReview('not started', 'signed off').ok).toBe(false);
    expect(transitionReview('signed off', 'in review').ok).toBe(false);
  });
  it('a first decision starts the review', () => {
    expect(stateAfterDecision('not started')).toBe('in review');
    expect(stateAfterDecision('reviewed')).toBe('reviewed');
  });
});

describe('signOff', () => {
  const record = { reviewer: 'A. Auditor', role: 'HIPAA auditor', statement: 'Access is minimum necessary.', at: '2025-07-03T00:00:00Z', snapshotId: 'snap-1' };
  it('freezes the sign-off to the snapshot and lists open items', () => {
    const { e } = evaluation();
    const r = signOff('reviewed', record, e, 'MuleSoft');
    expect(r).toEqual({ ok: true, state: 'signed off', signOff: record, openItems: ['IU-04 (mule@acme.test): fail'] });
    const decided = applyDecisions(e, [{ ...base, status: null, kind: 'remediation', owner: 'Integration team', dueDate: '2025-08-01', at: '2025-07-01T00:00:00Z' }]).evaluation;
    expect(signOff('reviewed', record, decided, 'MuleSoft')).toEqual({ ok: true, state: 'signed off', signOff: record, openItems: [] });
  });
  it('refuses another snapshot, a missing role, an unknown system or a review not started', () => {
    const { e } = evaluation();
    expect(signOff('reviewed', { ...record, snapshotId: 'snap-2' }, e, 'MuleSoft').ok).toBe(false);
    expect(signOff('reviewed', { ...record, role: ' ' }, e, 'MuleSoft').ok).toBe(false);
    expect(signOff('reviewed', record, e, 'Nope').ok).toBe(false);
    expect(signOff('not started', record, e, 'MuleSoft').ok).toBe(false);
  });
});
