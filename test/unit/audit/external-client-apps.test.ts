/**
 * #16 item 3: External Client Apps. OAuth tokens join to a connected app or an External Client
 * App (by label or API name); IU-14 judges either's admin-approval policy; an app found in
 * neither is a warn that says so.
 */
import { describe, expect, it } from 'vitest';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

function withEca(policy: string | null, token = 'Anypoint Flows') {
  const h = healthyOrg();
  const eca = h.o.add('ExternalClientApplication', { MasterLabel: 'Anypoint Flows', DeveloperName: 'Anypoint_Flows', DistributionState: 'Local' }, '0xR');
  if (policy) h.o.add('ExtlClntAppOauthPlcyCnfg', { ExternalClientApplicationId: eca, PermittedUsersPolicyType: policy }, '0xP');
  h.o.token(h.mule, token);
  return { ...h, eca };
}

describe('IU-14 with External Client Apps', () => {
  it('passes an admin-approved External Client App, with the app and its policy as evidence', () => {
    const { o, eca } = withEca('AdminApprovedPreAuthorized');
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14');
    expect(r.status).toBe('pass');
    expect(r.evidence.map((e) => e.object)).toEqual(expect.arrayContaining(['ExternalClientApplication', 'ExtlClntAppOauthPlcyCnfg', 'ConnectedApplication']));
    expect(r.evidence.find((e) => e.object === 'ExternalClientApplication')!.id).toBe(eca);
  });
  it('joins on the API name too, and compares the policy without case', () => {
    const { o } = withEca('adminapprovedpreauthorized', 'Anypoint_Flows');
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14').status).toBe('pass');
  });
  it('fails a self-authorising External Client App', () => {
    const { o } = withEca('AllSelfAuthorized');
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14');
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Anypoint Flows');
  });
  it('warns when the External Client App has no readable OAuth policy', () => {
    const { o } = withEca(null);
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14');
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('External Client App without a readable OAuth policy');
  });
  it('warns, naming both places looked in, for an app found in neither — and says when External Client Apps could not be read', () => {
    const { o, mule } = healthyOrg();
    o.token(mule, 'Mystery App');
    const r = check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14');
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('Mystery App found in neither ConnectedApplication nor ExternalClientApplication');
    o.gap('ExtlClntAppOauthPlcyCnfg', 'INVALID_TYPE', "sObject type 'ExtlClntAppOauthPlcyCnfg' is not supported");
    expect(check(run(o.snapshot(), scopeOf(muleSystem())), 'IU-14').summary).toContain('ExtlClntAppOauthPlcyCnfg could not be read: INVALID_TYPE');
  });
});
