/**
 * Whether the user who counts writes sees every record of an object. Salesforce counts only the
 * records sharing shows the user, with no error: without View All Data, Modify All Data, or
 * View All / Modify All on the object, an aggregate is a floor ("Overriding Sharing with Object
 * Permissions", Salesforce Security Implementation Guide; docs/salesforce-fidelity.md U14).
 *
 * The pull signs in with the org's connection, whose user is the snapshot's auditing user: its
 * sources (profile, permission sets, groups) and system permissions come from the snapshot.
 * Its object permissions may not (a snapshot keeps the object permissions of integration users'
 * sets only), so one query asks the org which of its sets grant View All or Modify All.
 */
import type { AccessEngine } from '../../../shared/audit/access';
import { PARTIAL_COUNT } from '../../../shared/audit/usage';

/** Answers, per object, null when every record is counted, or the partial-count message to store with the scan. */
export type CountingVisibility = (sobject: string) => string | null;

const ID = /^[a-zA-Z0-9]{15,18}$/;

export async function countingVisibility(engine: AccessEngine, auditingUsername: string, query: (soql: string) => Promise<Record<string, unknown>[]>): Promise<CountingVisibility> {
  const user = engine.index.userByUsername.get(auditingUsername.toLowerCase());
  const partial = (why: string) => (sobject: string) => `${PARTIAL_COUNT}${why.replace('{object}', sobject)}`;
  if (!user) return partial(`the auditing user ${auditingUsername} is not in the snapshot, so whether it sees every {object} record is unknown`);
  if (engine.hasSystemPermission(user.Id, 'ViewAllData') || engine.hasSystemPermission(user.Id, 'ModifyAllData')) return () => null;
  const setIds = new Set<string>();
  for (const { source } of engine.sourcesFor(user.Id)) {
    if (source.kind === 'permissionSet') setIds.add(source.id);
    else if (source.kind === 'group' && source.viaComponent) setIds.add(source.viaComponent.id);
    else if (source.kind === 'profile') {
      const ps = engine.index.profilePermSet.get(source.id);
      if (ps) setIds.add(ps.Id);
    }
  }
  const ids = [...setIds].filter((id) => ID.test(id)).sort();
  const lacks = `the auditing user ${String(user.Username)} has neither View All Data nor View All on {object}, so Salesforce counted only the records it can see`;
  if (ids.length === 0) return partial(lacks);
  let rows: Record<string, unknown>[];
  try {
    rows = await query(
      `SELECT SobjectType FROM ObjectPermissions WHERE ParentId IN (${ids.map((id) => `'${id}'`).join(', ')}) AND (PermissionsViewAllRecords = true OR PermissionsModifyAllRecords = true)`,
    );
  } catch {
    // Not knowing is treated as not seeing: a count is never taken as complete on a guess.
    return partial(`whether the auditing user ${String(user.Username)} sees every {object} record could not be read`);
  }
  const seesAll = new Set(rows.map((r) => String(r.SobjectType).toLowerCase()));
  return (sobject) => (seesAll.has(sobject.toLowerCase()) ? null : partial(lacks)(sobject));
}
