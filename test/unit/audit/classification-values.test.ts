/**
 * #16 item 4: data classification as Salesforce records it. Sensitive by default: ComplianceGroup
 * HIPAA, PII, PCI or GDPR; SecurityClassification Restricted or MissionCritical. An org adds
 * Confidential (or others) in its scope; it can never remove a default.
 */
import { describe, expect, it } from 'vitest';
import {
  COMPLIANCE_GROUPS,
  DEFAULT_SENSITIVE_COMPLIANCE_GROUPS,
  DEFAULT_SENSITIVE_SECURITY_CLASSIFICATIONS,
  SECURITY_CLASSIFICATIONS,
} from '../../../shared/salesforce-classification';
import { DEFAULT_SETTINGS } from '../../../shared/audit/settings';
import { healthyOrg, muleSystem, scopeOf } from './fixtures';
import { check, run } from './evaluate-helpers';

function org(compliance: string | null, classification: string | null) {
  const h = healthyOrg();
  h.o.fieldDef('Account', 'Tagged__c', compliance, classification);
  h.o.fieldPerm(h.mulePs, 'Account.Tagged__c', { Read: true });
  return h;
}
const iu07 = (h: ReturnType<typeof org>, scope = scopeOf(muleSystem())) => check(run(h.o.snapshot(), scope), 'IU-07');

describe('classification values', () => {
  it('defaults use only documented values', () => {
    for (const g of DEFAULT_SENSITIVE_COMPLIANCE_GROUPS) expect(COMPLIANCE_GROUPS).toContain(g);
    for (const c of DEFAULT_SENSITIVE_SECURITY_CLASSIFICATIONS) expect(SECURITY_CLASSIFICATIONS).toContain(c);
    expect(DEFAULT_SETTINGS.sensitiveSecurityClassifications).not.toContain('PHI');
  });
  for (const [compliance, classification] of [
    ['PCI', null],
    ['GDPR', null],
    ['HIPAA', 'Internal'],
    [null, 'MissionCritical'],
    [null, 'Restricted'],
  ] as const) {
    it(`${compliance ?? classification} makes a field sensitive`, () => expect(iu07(org(compliance, classification)).status).toBe('fail'));
  }
  for (const [compliance, classification] of [
    ['CCPA', 'Confidential'],
    ['COPPA', 'Internal'],
    [null, 'Public'],
  ] as const) {
    it(`${compliance ?? ''} ${classification} is not sensitive by default`, () => expect(iu07(org(compliance, classification)).status).toBe('pass'));
  }
  it("an org's scope adds Confidential, and the result names it", () => {
    const h = org(null, 'Confidential');
    const scope = { ...scopeOf(muleSystem()), sensitiveData: { securityClassifications: ['Confidential'] } };
    const r = iu07(h, scope);
    expect(r.status).toBe('fail');
    expect(r.evidence[0]).toMatchObject({ field: 'Account.Tagged__c', classifications: ['Confidential'] });
    // Defaults stay: a PCI field is still sensitive when the org only adds Confidential.
    expect(iu07(org('PCI', null), scope).status).toBe('fail');
  });
});
