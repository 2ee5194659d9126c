/**
 * Before the first collection (`iua orgs test`, the Add-org screen): does the auditing user
 * hold what each visibility rule needs (shared/audit/visibility.ts)? Salesforce would not say
 * so itself — a query returns fewer rows, no error. Read from the user's permission set
 * assignments (the profile's own permission set is one of them); a group's aggregate permission
 * set is read as Salesforce computed it. Muting is not applied here: this is a warning ahead of
 * time; the snapshot's own evaluation (with muting) decides the checks.
 */
import { VISIBILITY_RULES, PERMISSION_LABELS } from '../../../shared/audit/visibility';
import type { SfClient } from './client';

export interface VisibilityCheck {
  object: string;
  /** Permissions (Salesforce labels), any one of which shows every row. */
  permissions: string[];
  visible: boolean;
  message: string | null;
}

const ID = /^[a-zA-Z0-9]{15,18}$/;

async function query<T>(client: SfClient, soql: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = client.dataPath(`/query?q=${encodeURIComponent(soql)}`);
  while (next) {
    const page: { records: T[]; nextRecordsUrl?: string } = await client.get(next);
    out.push(...page.records);
    next = page.nextRecordsUrl ?? null;
  }
  return out;
}

export async function auditorVisibility(client: SfClient, userId: string, username: string): Promise<VisibilityCheck[]> {
  if (!ID.test(userId)) throw new Error(`unexpected user id from the identity service: ${JSON.stringify(userId)}`);
  const described = await client.get<{ fields: { name: string }[] }>(client.dataPath('/sobjects/PermissionSet/describe'));
  const has = new Set(described.fields.map((f) => f.name));
  const wanted = [...new Set(VISIBILITY_RULES.flatMap((r) => r.anyOf))].map((p) => `Permissions${p}`).filter((f) => has.has(f));
  const assignments = await query<{ PermissionSetId: string }>(client, `SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`);
  const ids = [...new Set(assignments.map((a) => a.PermissionSetId).filter((id) => ID.test(id)))];
  const held = new Set<string>();
  if (ids.length && wanted.length) {
    // A user holds a handful of permission sets: one IN list stays far below the URI limit.
    const sets = await query<Record<string, unknown>>(client, `SELECT Id, ${wanted.join(', ')} FROM PermissionSet WHERE Id IN (${ids.map((id) => `'${id}'`).join(', ')})`);
    for (const ps of sets) for (const f of wanted) if (ps[f] === true) held.add(f.slice('Permissions'.length));
  }
  return VISIBILITY_RULES.map((rule) => {
    const visible = rule.anyOf.some((p) => held.has(p));
    const labels = rule.anyOf.map((p) => PERMISSION_LABELS[p] ?? p);
    return {
      object: rule.object,
      permissions: labels,
      visible,
      message: visible
        ? null
        : `${username} lacks ${labels.join(' or ')}: Salesforce will return ${rule.without} from ${rule.object}, and the checks that read it will be errors. Assign the permission set from \`iua auditor-permset\`.`,
    };
  });
}
