/**
 * Everything a pack is built from, gathered once: the auditor's view of the evaluation, the
 * snapshot's metadata, the prepared access engine (effective access is computed per user as
 * the big sheets stream) and the integration users in scope with what their systems declare.
 */
import { accessWords } from '../../../shared/audit/evidence-words';
import { AppError } from '../../../shared/contract';
import type { ActivityEntry, AuditView } from '../../../shared/contract';
import type { Drift } from '../../../shared/audit/drift';
import { driftBetween } from '../audit/drift-between';
import { INTEGRATION_LIKE } from '../../../shared/audit/classify';
import { closeAccess, normalizePermissionName, type Access, type ScopeFile, type SystemScope } from '../../../shared/audit/scope';
import { withOrgSettings, type PreparedAudit } from '../../../shared/audit/evaluate';
import type { CheckResult, ClassifiedUser, SystemResult } from '../../../shared/audit/types';
import { cmp, DAY_MS } from '../../../shared/audit/util';
import type { AuditService } from '../audit/service';
import { requireDb, type ServiceContext } from '../context';
import { getSnapshotMeta, type StoredSnapshotMeta } from '../snapshots/repository';
import { buildLazyUsageView, type LazyUsageView } from '../usage/service';
import { usageBySystem } from '../usage/evidence';

export interface PackUser {
  id: string;
  username: string;
  classification: ClassifiedUser['classification'];
  /** Selected systems declaring this user; empty for an undeclared integration-like user. */
  systems: SystemScope[];
}

export interface PackData {
  orgAlias: string;
  view: AuditView;
  meta: StoredSnapshotMeta;
  prepared: PreparedAudit;
  scope: ScopeFile;
  /** The systems in this pack (all declared ones unless a selection was asked for). */
  systems: SystemResult[];
  selected: boolean;
  orgChecks: CheckResult[];
  users: PackUser[];
  since: { snapshotId: string; drift: Drift } | null;
  /** The org's activity log up to this export (entries of other systems left out when systems were selected). */
  activity: ActivityEntry[];
  exportedAt: string;
  windowStart: string;
  appVersion: string;
  /** Usage evidence the local history holds for this snapshot (the Usage sheet). */
  usage: LazyUsageView | null;
  /** Object labels by API name (EntityDefinition.Label), shown beside the API name. */
  objectLabels: Map<string, string>;
}

export interface PackRequest {
  orgAlias: string;
  snapshotId?: string;
  since?: string;
  systems?: string[];
}

export function gatherPack(ctx: ServiceContext, audit: AuditService, req: PackRequest, now: Date, appVersion: string): PackData {
  const db = requireDb(ctx);
  const snapshotId = audit.resolveSnapshotId(req.orgAlias, req.snapshotId);
  const view = audit.view(req.orgAlias, snapshotId);
  const meta = getSnapshotMeta(db, snapshotId);
  if (!meta) throw new AppError('not_found', `No snapshot ${snapshotId}.`);
  const loaded = audit.loaded(snapshotId);
  const scope = audit.scope(req.orgAlias);

  let systems = view.evaluation.systems;
  const selected = !!req.systems?.length;
  if (selected) {
    const byName = new Map(systems.map((s) => [s.name.toLowerCase(), s]));
    const unknown = req.systems!.filter((n) => !byName.has(n.toLowerCase()));
    if (unknown.length) {
      throw new AppError(
        'not_found',
        `No declared system ${unknown.map((u) => `"${u}"`).join(', ')} for org "${req.orgAlias}". Declared: ${systems.map((s) => s.name).join(', ') || 'none'}.`,
      );
    }
    const wanted = new Set(req.systems!.map((n) => n.toLowerCase()));
    systems = systems.filter((s) => wanted.has(s.name.toLowerCase()));
  }

  // A signed-off system is exported as signed: its declared scope as it was at sign-off.
  const scopeByName = new Map(scope.systems.map((s) => [s.name, s]));
  for (const [name, signed] of audit.signedScopes(req.orgAlias, snapshotId)) scopeByName.set(name, signed);
  const usersByName = new Map(view.evaluation.users.map((u) => [u.username.toLowerCase(), u]));
  const packUsers = new Map<string, PackUser>();
  for (const s of systems) {
    const declared = scopeByName.get(s.name);
    if (!declared) continue;
    for (const username of s.users) {
      const u = usersByName.get(username.toLowerCase());
      if (!u) continue;
      const entry = packUsers.get(u.id) ?? { id: u.id, username: u.username, classification: u.classification, systems: [] };
      entry.systems.push(declared);
      packUsers.set(u.id, entry);
    }
  }
  // Without a selection the pack covers the whole org: integrations nobody declared belong in it.
  if (!selected) {
    for (const u of view.evaluation.users) {
      if (!packUsers.has(u.id) && INTEGRATION_LIKE.includes(u.classification))
        packUsers.set(u.id, { id: u.id, username: u.username, classification: u.classification, systems: [] });
    }
  }

  // The access and login sheets read every pack user's rows: in a few passes, not user by user.
  loaded.prepared.engine.prefetch(packUsers.keys());

  let since: PackData['since'] = null;
  if (req.since) {
    const fromId = audit.resolveSnapshotId(req.orgAlias, req.since);
    const from = audit.loaded(fromId);
    since = {
      snapshotId: fromId,
      drift: driftBetween(from, loaded, scope),
    };
  }

  return {
    orgAlias: req.orgAlias,
    view,
    meta,
    // With the org's additions to what counts as sensitive, as the evaluation used them.
    prepared: withOrgSettings(loaded.prepared, scope),
    scope,
    systems,
    selected,
    orgChecks: view.evaluation.orgChecks,
    users: [...packUsers.values()].sort((a, b) => cmp(a.username.toLowerCase(), b.username.toLowerCase()) || cmp(a.id, b.id)),
    since,
    activity: audit.activity(req.orgAlias).filter((a) => !selected || a.system === '' || systems.some((s) => s.name === a.system)),
    exportedAt: now.toISOString(),
    windowStart: new Date(Date.parse(meta.finishedAt) - meta.lookbackDays * DAY_MS).toISOString(),
    appVersion,
    usage: usageAsReviewed(db, meta.orgId, loaded.prepared, buildLazyUsageView(ctx, audit, { orgAlias: req.orgAlias, snapshotId }), systems, scopeByName),
    objectLabels: new Map(
      (loaded.snapshot.records.EntityDefinition ?? [])
        .filter((e) => typeof e.QualifiedApiName === 'string' && typeof e.Label === 'string')
        .map((e) => [e.QualifiedApiName as string, e.Label as string]),
    ),
  };
}

/**
 * The usage rows the pack shows for each system over the window its US results read: a system
 * signed off on an earlier window shows that window's evidence (and its declared scope as
 * signed), so the Usage sheet supports what was signed rather than today's history.
 */
function usageAsReviewed(
  db: ReturnType<typeof requireDb>,
  orgId: string,
  prepared: PreparedAudit,
  view: LazyUsageView,
  systems: readonly SystemResult[],
  scopeByName: ReadonlyMap<string, SystemScope>,
): LazyUsageView {
  const rep = view.report;
  const other = systems.filter((s) => s.usageWindow && scopeByName.has(s.name) && (s.usageWindow.start !== rep.windowStart || s.usageWindow.end !== rep.windowEnd));
  if (other.length === 0) return view;
  const redone = usageBySystem(
    db,
    orgId,
    prepared,
    other.map((s) => ({ scope: scopeByName.get(s.name)!, window: s.usageWindow! })),
  );
  return { ...view, report: { ...rep, systems: rep.systems.map((u) => redone.get(u.name)?.usage ?? u) } };
}

/** Declared object levels for a user, closed under Salesforce's implications. */
export function declaredObject(user: PackUser, object: string): { levels: Access[]; closed: Set<Access> } {
  const levels = new Set<Access>();
  for (const s of user.systems) for (const l of s.objects[object] ?? []) levels.add(l);
  const list = [...levels];
  return { levels: list, closed: closeAccess(list) };
}

export function declaredField(user: PackUser, field: string, tags: readonly string[]): { read: boolean; edit: boolean; text: string } {
  const levels = new Set<string>();
  let byClassification = false;
  for (const s of user.systems) {
    for (const l of s.fields?.[field] ?? []) levels.add(l);
    const allowed = new Set((s.classifications ?? []).map((c) => c.toUpperCase()));
    if (tags.length > 0 && tags.every((t) => allowed.has(t.toUpperCase()))) byClassification = true;
  }
  if (levels.has('edit')) levels.add('read');
  const parts: string[] = [];
  if (levels.size) parts.push(accessWords(levels));
  if (byClassification) parts.push(`classification ${tags.join(', ')} declared`);
  return { read: byClassification || levels.has('read'), edit: byClassification || levels.has('edit'), text: parts.join('; ') };
}

export function justification(user: PackUser, permission: string): string | null {
  for (const s of user.systems) {
    for (const [k, v] of Object.entries(s.systemPermissions ?? {})) if (normalizePermissionName(k) === permission) return `${s.name}: ${v}`;
  }
  return null;
}
