/**
 * evaluate(snapshot, scope, asOf, settings) → Evaluation. Pure and deterministic: every list
 * is sorted, nothing reads the clock, so the same inputs give byte-identical JSON.
 */
import type { CoverageGap, SfRecord, SnapshotData } from '../model';
import { createAccessEngine, type AccessEngine } from './access';
import { CHECKS, type CheckDef } from './catalog';
import { API_LOGINS, API_ONLY_PERMISSION, classifyUsers } from './classify';
import { iu13, iu14 } from './checks/changes';
import type { OrgCheck, Outcome, UserCheck, UserCheckContext } from './checks/context';
import { iu01, iu02, iu03, iu12, iu15 } from './checks/identity';
import { iu04, iu09, iu10, iu11 } from './checks/logins';
import { org01, org02, org03, org04, ORG_03_PERMISSIONS } from './checks/org';
import { iu05, iu06, iu07, iu08, sensitiveFields } from './checks/permissions';
import { fieldRowsCall } from './grants';
import type { ScopeFile, SystemScope } from './scope';
import { resolveSettings, settingsForOrg, type AuditSettings } from './settings';
import { buildIndex, gapFor, OBJECTS_IN_PERMISSIONS, type SnapshotIndex } from './snapshot-index';
import { visibilityGaps } from './visibility';
import type { CheckResult, ClassifiedUser, Evaluation, EvidenceRow, SystemResult } from './types';
import { cmp, DAY_MS } from './util';

const USER_CHECKS: Record<string, UserCheck> = {
  'IU-01': iu01,
  'IU-02': iu02,
  'IU-03': iu03,
  'IU-04': iu04,
  'IU-05': iu05,
  'IU-06': iu06,
  'IU-07': iu07,
  'IU-08': iu08,
  'IU-09': iu09,
  'IU-10': iu10,
  'IU-11': iu11,
  'IU-12': iu12,
  'IU-13': iu13,
  'IU-14': iu14,
};
const ORG_CHECKS: Record<string, OrgCheck> = { 'ORG-01': org01, 'ORG-02': org02, 'ORG-03': org03, 'ORG-04': org04 };

export interface EvaluateInput {
  snapshot: SnapshotData;
  /** Null or empty: only classification and org checks are meaningful. */
  scope: ScopeFile | null;
  /** Evaluation time (ISO-8601): windows, expirations and staleness are measured from it. */
  asOf: string;
  settings?: Partial<AuditSettings>;
  /** Reuse an index/engine already built for this snapshot and asOf. */
  prepared?: PreparedAudit;
}

export interface PreparedAudit {
  index: SnapshotIndex;
  engine: AccessEngine;
  settings: AuditSettings;
}

export function prepareAudit(input: { snapshot: SnapshotData; asOf: string; settings?: Partial<AuditSettings> }): PreparedAudit {
  const index = buildIndex(input.snapshot);
  const engine = createAccessEngine(index, input.asOf);
  // What every evaluation reads of the large objects starts now, on a second connection where
  // the store has one, while the users load and are classified: the API logins and the objects
  // named in permission rows, then the holders classification and ORG-03 ask about.
  index.readAhead([API_LOGINS, OBJECTS_IN_PERMISSIONS]);
  engine.readAheadHolders([API_ONLY_PERMISSION, ...ORG_03_PERMISSIONS]);
  // What the auditing user could not see is a coverage gap like one the collector recorded
  // (shared/audit/visibility.ts); a gap the collector recorded for the object comes first.
  for (const gap of visibilityGaps(engine, input.snapshot.meta.auditingUsername ?? '')) if (!index.gaps.has(gap.object)) index.gaps.set(gap.object, gap);
  return { index, engine, settings: resolveSettings(input.settings) };
}

/** The prepared audit with the org's additions to the settings (its scope's `sensitiveData`). */
export function withOrgSettings(p: PreparedAudit, scope: ScopeFile | null | undefined): PreparedAudit {
  const settings = settingsForOrg(p.settings, scope?.sensitiveData);
  return settings === p.settings ? p : { ...p, settings };
}

function gapSummary(gaps: CoverageGap[]): string {
  return `cannot evaluate: ${gaps.map((g) => `${g.object} could not be read (${g.errorCode}${g.message ? `: ${g.message}` : ''})`).join('; ')}`;
}

/** The fields that tell apart rows of one record: an ObjectPermissions row yields one per permission. */
const TIE_FIELDS = ['sobject', 'field', 'permission'] as const;

function tieField(r: EvidenceRow, k: string): string {
  const v = r[k];
  return typeof v === 'string' ? v : '';
}

function sortEvidence(rows: readonly EvidenceRow[]): EvidenceRow[] {
  // Ties on (object, id) are broken by the fields that usually differ, then by the whole row,
  // serialised once per row: serialising every tied row (with its sources) was 10 % of evaluate.
  const json = new Map<EvidenceRow, string>();
  const text = (r: EvidenceRow): string => {
    let t = json.get(r);
    if (t === undefined) json.set(r, (t = JSON.stringify(r)));
    return t;
  };
  const tie = (a: EvidenceRow, b: EvidenceRow): number => {
    for (const k of TIE_FIELDS) {
      const c = cmp(tieField(a, k), tieField(b, k));
      if (c !== 0) return c;
    }
    return cmp(text(a), text(b));
  };
  return [...rows].sort((a, b) => cmp(a.object, b.object) || cmp(a.id, b.id) || tie(a, b));
}

function result(def: CheckDef, o: Outcome, username: string | null, userId: string | null, max: number): CheckResult {
  const evidence = sortEvidence(o.evidence);
  const total = Math.max(o.evidenceTotal ?? 0, evidence.length);
  const r: CheckResult = { id: def.id, username, userId, status: o.status, computedStatus: o.status, summary: o.summary, evidence: evidence.slice(0, max) };
  if (total > max) r.evidenceOmitted = total - max;
  return r;
}

function run(def: CheckDef, index: SnapshotIndex, f: () => Outcome): Outcome {
  const gaps = def.needs.map((o) => gapFor(index, o)).filter((g): g is CoverageGap => g !== null);
  if (gaps.length > 0) {
    return { status: 'error', summary: gapSummary(gaps), evidence: gaps.map((g) => ({ object: 'CoverageGap', id: g.object, errorCode: g.errorCode, message: g.message })) };
  }
  try {
    return f();
  } catch (e) {
    // A bug in one evaluator must not hide the other results; it still never reads as pass.
    return { status: 'error', summary: `internal error: ${(e as Error).message}`, evidence: [] };
  }
}

/** The live groups of a user whose Status is not Updated (shared/salesforce-permissions.ts). */
function staleGroupsOf(p: PreparedAudit, userId: string): SfRecord[] {
  const ids = new Set<string>();
  for (const s of p.engine.sourcesFor(userId)) if (s.source.kind === 'group' && s.source.groupStatus) ids.add(s.source.id);
  return [...ids]
    .sort(cmp)
    .map((id) => p.index.groupById.get(id))
    .filter((g): g is SfRecord => !!g);
}

/**
 * Access computed through a group Salesforce has not recalculated may not be what the user holds
 * now: the result says so, and a pass becomes warn (never a silent pass). Errors stay errors.
 */
function withStaleGroups(o: Outcome, groups: SfRecord[]): Outcome {
  if (groups.length === 0 || o.status === 'error') return o;
  const names = groups.map((g) => `${String(g.DeveloperName ?? g.MasterLabel ?? g.Id)} (${String(g.Status)})`).join(', ');
  const note = `; access through permission set group ${names} may not be current: Salesforce has not finished recalculating it`;
  const rows: EvidenceRow[] = groups.map((g) => ({ object: 'PermissionSetGroup', id: g.Id, DeveloperName: g.DeveloperName ?? null, Status: g.Status ?? null }));
  return {
    ...o,
    status: o.status === 'pass' ? 'warn' : o.status,
    summary: `${o.summary}${note}`,
    evidence: [...o.evidence, ...rows],
    evidenceTotal: o.evidenceTotal === undefined ? undefined : o.evidenceTotal + rows.length,
  };
}

function evaluateSystem(p: PreparedAudit, system: SystemScope, all: readonly SystemScope[], users: Map<string, ClassifiedUser>, asOf: string): SystemResult {
  const { index, engine, settings } = p;
  const asOfMs = Date.parse(asOf);
  const thresholds = {
    staleDays: system.thresholds?.staleDays ?? settings.staleDays,
    rotationDays: system.thresholds?.rotationDays ?? settings.rotationDays,
    lookbackDays: system.thresholds?.lookbackDays ?? settings.lookbackDays,
  };
  const base = { index, engine, settings, asOf, asOfMs, system, allSystems: all, thresholds, windowStartMs: asOfMs - thresholds.lookbackDays * DAY_MS };
  const checks: CheckResult[] = [];
  const usernames = [...system.users].sort((a, b) => cmp(a.toLowerCase(), b.toLowerCase()));
  for (const username of usernames) {
    const user = index.userByUsername.get(username.toLowerCase()) ?? null;
    const ctx: UserCheckContext = { ...base, username, user, classified: user ? (users.get(user.Id) ?? null) : null };
    for (const def of CHECKS) {
      if (def.scope !== 'user') continue;
      const o = run(def, index, () => {
        if (def.id === 'IU-15') return iu15(ctx);
        if (!user) return { status: 'error', summary: `declared user "${username}" not found in the snapshot (no User with that username)`, evidence: [] };
        return USER_CHECKS[def.id]({ ...ctx, user });
      });
      const adjusted = user && def.needs.includes('PermissionSetGroupComponent') ? withStaleGroups(o, staleGroupsOf(p, user.Id)) : o;
      checks.push(result(def, adjusted, user ? String(user.Username) : username, user?.Id ?? null, settings.maxEvidenceRows));
    }
  }
  if (usernames.length === 0) {
    const def = CHECKS.find((c) => c.id === 'IU-15')!;
    checks.push(result(def, iu15({ system, asOf }), null, null, settings.maxEvidenceRows));
  }
  checks.sort((a, b) => cmp(a.id, b.id) || cmp(a.username ?? '', b.username ?? ''));
  return { name: system.name, owner: system.owner, purpose: system.purpose, users: usernames, checks };
}

export function evaluate(input: EvaluateInput): Evaluation {
  const prepared = input.prepared ?? prepareAudit(input);
  // The org's scope may add to what counts as sensitive data.
  const p = withOrgSettings(prepared, input.scope);
  const systems = [...(input.scope?.systems ?? [])].sort((a, b) => cmp(a.name, b.name));
  const systemsByUser = new Map<string, string[]>();
  for (const s of systems) for (const u of s.users) systemsByUser.set(u.toLowerCase(), [...(systemsByUser.get(u.toLowerCase()) ?? []), s.name]);
  // The field rows the sensitive-data checks read, while the users are classified.
  if (systems.length > 0) p.index.readAhead([fieldRowsCall(sensitiveFields(p).names)]);
  // Every user check reads the declared users' rows: read them in a few passes, not user by user
  // (before classification, which first waits for the assignments' pass read ahead).
  const declared: string[] = [];
  for (const username of systemsByUser.keys()) {
    const user = p.index.userByUsername.get(username);
    if (user) declared.push(user.Id);
  }
  p.engine.prefetch(declared);
  // Classification and ORG-03 ask who holds API Only User and ORG_03_PERMISSIONS of every user:
  // prepareAudit announced them, so the first asked reads the assignments once for all.
  const users = classifyUsers(p.engine, p.settings, systemsByUser);
  const byId = new Map(users.map((u) => [u.id, u]));
  const orgCtx = { index: p.index, engine: p.engine, settings: p.settings, asOf: input.asOf, systems, users };
  const orgChecks = CHECKS.filter((c) => c.scope === 'org').map((def) =>
    result(
      def,
      run(def, p.index, () => ORG_CHECKS[def.id](orgCtx)),
      null,
      null,
      p.settings.maxEvidenceRows,
    ),
  );
  return {
    snapshotId: input.snapshot.meta.id,
    asOf: input.asOf,
    users,
    systems: systems.map((s) => evaluateSystem(p, s, systems, byId, input.asOf)),
    orgChecks,
  };
}
