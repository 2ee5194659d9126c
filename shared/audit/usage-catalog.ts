/**
 * The usage checks (docs/usage.md, docs/checks.md "Usage"). Stable IDs: attestations refer to
 * them. They read usage evidence (write aggregates and API event logs kept by `iua usage pull`)
 * beside the snapshot, so they live apart from CHECKS, which evaluate() runs over the snapshot
 * alone. A check whose evidence cannot be complete says `manual` or `warn`, never `pass`.
 */
import type { CheckDef } from './catalog';

export const USAGE_CHECKS: readonly CheckDef[] = [
  {
    id: 'US-01',
    title: 'Granted access is used',
    severity: 'medium',
    mode: 'hybrid',
    scope: 'user',
    needs: ['User', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions'],
    rationale:
      'Access granted and never used in the review window is the cheapest risk to remove: right-sizing it to what the system does is the minimum-necessary standard backed by evidence.',
    frameworks: ['HIPAA 164.502(b)', 'HIPAA 164.308(a)(4)(ii)(C)', 'SOC 2 CC6.3', 'NIST AC-6(7)'],
  },
  {
    id: 'US-02',
    title: 'Used access is declared',
    severity: 'medium',
    mode: 'hybrid',
    scope: 'user',
    needs: ['User'],
    rationale:
      'An integration that creates, edits or reads objects its declared scope does not list shows that the documented purpose is incomplete; the owner must describe what the system really does.',
    frameworks: ['HIPAA 164.308(a)(1)(ii)(A)', 'SOC 2 CC6.1', 'ISO 27001 A.5.9', 'NIST CM-8'],
  },
  {
    id: 'US-03',
    title: 'Declared access is granted',
    severity: 'low',
    mode: 'auto',
    scope: 'user',
    needs: ['User', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions'],
    rationale: 'A declared scope that asks for access the integration does not hold describes a different system than the one running: the owner and the admin must agree on one.',
    frameworks: ['SOC 2 CC6.2', 'ISO 27001 A.5.15', 'NIST AC-2'],
  },
];

export const USAGE_CHECK_BY_ID: ReadonlyMap<string, CheckDef> = new Map(USAGE_CHECKS.map((c) => [c.id, c]));
