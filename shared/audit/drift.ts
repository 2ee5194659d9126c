/**
 * What changed between two snapshots: users, classifications, integration users' permissions
 * (with the sources that grant them) and check statuses. The evidence pack shows it since the
 * last signed-off snapshot.
 */
import type { EffectiveAccess } from './access';
import { INTEGRATION_LIKE } from './classify';
import { evaluate, prepareAudit, type EvaluateInput } from './evaluate';
import type { Classification, Evaluation, Source, Status } from './types';
import { cmp } from './util';

export interface UserRef {
  id: string;
  username: string;
  classification: Classification;
}

export interface PermissionChange {
  /** Stable key: `object:Account:Edit`, `field:Contact.SSN__c:Read`, `system:ModifyAllData`, `setupEntity:<Id>`. */
  key: string;
  kind: 'object' | 'field' | 'system' | 'setupEntity';
  target: string;
  permission: string;
  sources: Source[];
}

export interface UserPermissionDrift {
  userId: string;
  username: string;
  gained: PermissionChange[];
  lost: PermissionChange[];
}

export interface CheckChange {
  systemName: string | null;
  id: string;
  username: string | null;
  from: Status | null;
  to: Status | null;
}

export interface Drift {
  from: { snapshotId: string; asOf: string };
  to: { snapshotId: string; asOf: string };
  usersAdded: UserRef[];
  usersRemoved: UserRef[];
  classificationChanges: { id: string; username: string; from: Classification; to: Classification }[];
  permissions: UserPermissionDrift[];
  checkChanges: CheckChange[];
}

const ref = (u: Evaluation['users'][number]): UserRef => ({ id: u.id, username: u.username, classification: u.classification });

export function diffEvaluations(from: Evaluation, to: Evaluation): Omit<Drift, 'permissions'> {
  const a = new Map(from.users.map((u) => [u.id, u]));
  const b = new Map(to.users.map((u) => [u.id, u]));
  const byName = (x: { username: string; id: string }, y: { username: string; id: string }) => cmp(x.username, y.username) || cmp(x.id, y.id);
  const usersAdded = to.users
    .filter((u) => !a.has(u.id))
    .map(ref)
    .sort(byName);
  const usersRemoved = from.users
    .filter((u) => !b.has(u.id))
    .map(ref)
    .sort(byName);
  const classificationChanges = to.users
    .filter((u) => a.has(u.id) && a.get(u.id)!.classification !== u.classification)
    .map((u) => ({ id: u.id, username: u.username, from: a.get(u.id)!.classification, to: u.classification }))
    .sort(byName);

  const key = (systemName: string | null, id: string, username: string | null) => `${systemName ?? ''}\u0000${id}\u0000${(username ?? '').toLowerCase()}`;
  const statuses = (e: Evaluation) => {
    const m = new Map<string, { systemName: string | null; id: string; username: string | null; status: Status }>();
    for (const s of e.systems) for (const c of s.checks) m.set(key(s.name, c.id, c.username), { systemName: s.name, id: c.id, username: c.username, status: c.computedStatus });
    for (const c of e.orgChecks) m.set(key(null, c.id, null), { systemName: null, id: c.id, username: null, status: c.computedStatus });
    return m;
  };
  const sa = statuses(from);
  const sb = statuses(to);
  const checkChanges: CheckChange[] = [];
  for (const k of [...new Set([...sa.keys(), ...sb.keys()])].sort(cmp)) {
    const x = sa.get(k);
    const y = sb.get(k);
    if (x?.status === y?.status) continue;
    const c = (y ?? x)!;
    checkChanges.push({ systemName: c.systemName, id: c.id, username: c.username, from: x?.status ?? null, to: y?.status ?? null });
  }
  return {
    from: { snapshotId: from.snapshotId, asOf: from.asOf },
    to: { snapshotId: to.snapshotId, asOf: to.asOf },
    usersAdded,
    usersRemoved,
    classificationChanges,
    checkChanges,
  };
}

export function flattenAccess(access: EffectiveAccess | null): Map<string, PermissionChange> {
  const out = new Map<string, PermissionChange>();
  if (!access) return out;
  const add = (kind: PermissionChange['kind'], target: string, permission: string, sources: Source[]) => {
    const key = kind === 'system' ? `system:${permission}` : `${kind}:${target}:${permission}`;
    out.set(key, { key, kind, target, permission, sources });
  };
  for (const [obj, perms] of Object.entries(access.objects)) for (const [p, s] of Object.entries(perms)) add('object', obj, p, s ?? []);
  for (const [field, perms] of Object.entries(access.fields)) for (const [p, s] of Object.entries(perms)) add('field', field, p, s ?? []);
  for (const [p, s] of Object.entries(access.systemPermissions)) add('system', '', p, s);
  for (const [id, e] of Object.entries(access.setupEntities)) add('setupEntity', id, e.type, e.sources);
  return out;
}

export function diffAccess(before: EffectiveAccess | null, after: EffectiveAccess | null): { gained: PermissionChange[]; lost: PermissionChange[] } {
  const a = flattenAccess(before);
  const b = flattenAccess(after);
  const gained = [...b.values()].filter((p) => !a.has(p.key)).sort((x, y) => cmp(x.key, y.key));
  const lost = [...a.values()].filter((p) => !b.has(p.key)).sort((x, y) => cmp(x.key, y.key));
  return { gained, lost };
}

/** Evaluate both sides and diff them, including integration users' permissions. */
export function drift(from: EvaluateInput, to: EvaluateInput): Drift {
  const pa = from.prepared ?? prepareAudit(from);
  const pb = to.prepared ?? prepareAudit(to);
  const ea = evaluate({ ...from, prepared: pa });
  const eb = evaluate({ ...to, prepared: pb });
  const base = diffEvaluations(ea, eb);
  const watched = new Map<string, string>();
  for (const u of [...ea.users, ...eb.users]) if (INTEGRATION_LIKE.includes(u.classification) || u.systems.length > 0) watched.set(u.id, u.username);
  const permissions: UserPermissionDrift[] = [];
  // Each watched user's whole effective access on both sides: their rows in a few passes (speed only).
  pa.engine.prefetch(watched.keys(), { allFields: true });
  pb.engine.prefetch(watched.keys(), { allFields: true });
  for (const [userId, username] of [...watched].sort(([, x], [, y]) => cmp(x, y))) {
    const { gained, lost } = diffAccess(pa.engine.effectiveAccess(userId), pb.engine.effectiveAccess(userId));
    if (gained.length || lost.length) permissions.push({ userId, username, gained, lost });
  }
  return { ...base, permissions };
}
