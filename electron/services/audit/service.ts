/**
 * The review back end: loads a snapshot, evaluates it against the org's declared scope (as
 * of the moment the snapshot finished, so the same snapshot and scope give the same result
 * years later), and layers the auditor's decisions on top. Snapshots are immutable, so a
 * loaded snapshot and its index are cached by id.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract';
import type {
  ActivityEntry,
  AuditView,
  CarryForwardResult,
  EarlierSignOff,
  ReviewerProfile,
  ReviewState,
  ReviewSummary,
  ScopeVersion,
  SignedState,
  SignOff,
  UserDetail,
} from '../../../shared/contract';
import type { SnapshotData } from '../../../shared/model';
import { evaluate, prepareAudit, type PreparedAudit } from '../../../shared/audit/evaluate';
import {
  applyDecisions,
  approverConflicts,
  planCarryForward,
  resultDifferences,
  signOff as signOffRule,
  signOffStatement,
  stateAfterDecision,
  transitionReview,
  validateDecision,
  type Decision,
} from '../../../shared/audit/decisions';
import { scopeWarnings } from '../../../shared/audit/scope-warnings';
import { personText } from '../../../shared/audit/evidence-words';
import { scopeChanges, systemChanges } from '../../../shared/audit/scope-diff';
import type { ScopeFile, SystemScope } from '../../../shared/audit/scope';
import type { DecisionKind, Evaluation, Status, SystemResult, UsageWindow } from '../../../shared/audit/types';
import { changeWindow, lookbackDaysOf, setupChangesTouching } from '../../../shared/audit/setup-changes';
import { requireDb, type ServiceContext } from '../context';
import { getOrg } from '../orgs/repository';
import { getSnapshotMeta, loadSnapshot } from '../snapshots/repository';
import { currentUsageWindow, usageBySystem } from '../usage/evidence';
import { auditRepository, type OverrideRow, type StoredSignOff } from './repository';
import { reviewerStore } from './reviewer';

/** Who did it, when the caller did not say and no reviewer is set in settings. */
export const UNNAMED_ACTOR = '(not given)';

/** The hash a sign-off records and later views compare: SHA-256 of the system's result JSON. */
export function systemResultHash(result: SystemResult): string {
  return crypto.createHash('sha256').update(JSON.stringify(result)).digest('hex');
}

interface Loaded {
  snapshot: SnapshotData;
  prepared: PreparedAudit;
  /** Computed evaluations (before the auditor's decisions) by scope JSON: pure, so reusable until the scope changes. */
  evaluations: Map<string, Evaluation>;
}

const EVALUATIONS_PER_SNAPSHOT = 4;

const CACHE_SIZE = 2;

export interface AuditService {
  resolveSnapshotId(orgAlias: string, snapshotId?: string): string;
  loaded(snapshotId: string): Loaded;
  scope(orgAlias: string): ScopeFile;
  saveScope(orgAlias: string, scope: ScopeFile, author?: string): void;
  scopeHistory(orgAlias: string): ScopeVersion[];
  /** The declared scope of each signed-off system as it was signed (for the evidence pack). */
  signedScopes(orgAlias: string, snapshotId: string): Map<string, SystemScope>;
  warnings(orgAlias: string, scope: ScopeFile): ReturnType<typeof scopeWarnings>;
  view(orgAlias: string, snapshotId?: string): AuditView;
  user(orgAlias: string, userId: string, snapshotId?: string): UserDetail;
  attest(input: {
    orgAlias: string;
    system: string;
    checkId: string;
    userId: string | null;
    kind?: DecisionKind;
    status?: Status | null;
    justification: string;
    /** Default: the reviewer set in settings. */
    reviewer?: string;
    expiresAt?: string | null;
    owner?: string | null;
    dueDate?: string | null;
  }): void;
  carryForward(orgAlias: string): CarryForwardResult;
  /** Reads the preparer/approver split; sets it first when `separateApprover` is given. */
  settings(orgAlias: string, separateApprover?: boolean, actor?: string): boolean;
  activity(orgAlias: string): ActivityEntry[];
  /** Append to the activity log (exports log themselves here). */
  log(orgAlias: string, entry: { actor?: string; action: string; system?: string; snapshotId?: string | null; detail: string }): void;
  /** `author` defaults to the reviewer set in settings. */
  note(input: { orgAlias: string; system: string; checkId: string; userId: string | null; text: string; author?: string }): void;
  setState(orgAlias: string, system: string, state: Exclude<ReviewState, 'not started' | 'signed off'>): ReviewState;
  /** `reviewer` and `role` default to the reviewer set in settings. */
  signOff(input: { orgAlias: string; system: string; reviewer?: string; role?: string; statement: string }): SignOff;
  /** The reviewer set in settings (the actor of calls that name none); sets what is given first. */
  reviewer(change?: { name?: string; role?: string }): ReviewerProfile;
  /** Drops cached snapshots (after a delete or import). */
  forget(snapshotId?: string): void;
}

export const EMPTY_SCOPE: ScopeFile = { version: 1, systems: [] };

export function createAuditService(ctx: ServiceContext, now: () => Date = () => new Date()): AuditService {
  const cache = new Map<string, Loaded>();
  const repo = () => auditRepository(requireDb(ctx));

  function resolveSnapshotId(orgAlias: string, snapshotId?: string): string {
    const db = requireDb(ctx);
    const org = getOrg(db, orgAlias);
    if (!org) throw new AppError('not_found', `No org with alias "${orgAlias}". Add it first (iua orgs add).`);
    const id = snapshotId ?? org.currentSnapshotId;
    if (!id) throw new AppError('not_found', `Org "${orgAlias}" has no snapshot yet. Collect one first (iua collect ${orgAlias}).`);
    const meta = getSnapshotMeta(db, id);
    if (!meta || meta.orgAlias !== orgAlias) throw new AppError('not_found', `No snapshot ${id} for org "${orgAlias}".`);
    return id;
  }

  function loaded(snapshotId: string): Loaded {
    const hit = cache.get(snapshotId);
    if (hit) {
      cache.delete(snapshotId);
      cache.set(snapshotId, hit);
      return hit;
    }
    const snapshot = loadSnapshot(requireDb(ctx), snapshotId);
    const entry = { snapshot, prepared: prepareAudit({ snapshot, asOf: snapshot.meta.finishedAt }), evaluations: new Map<string, Evaluation>() };
    cache.set(snapshotId, entry);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return entry;
  }

  function scope(orgAlias: string): ScopeFile {
    return repo().getScope(orgAlias) ?? EMPTY_SCOPE;
  }

  function warnings(orgAlias: string, s: ScopeFile) {
    const id = getOrg(requireDb(ctx), orgAlias)?.currentSnapshotId;
    return id ? scopeWarnings(s, loaded(id).prepared.index) : [];
  }

  const toDecision = (o: OverrideRow): Decision => ({
    checkId: o.checkId,
    systemName: o.system === '' ? null : o.system,
    userId: o.userId,
    status: o.status,
    kind: o.kind,
    justification: o.justification,
    reviewer: o.reviewer,
    at: o.at,
    expiresAt: o.expiresAt,
    owner: o.owner,
    dueDate: o.dueDate,
    carriedFrom: o.carriedFrom,
  });

  function decisions(orgAlias: string, snapshotId: string): Decision[] {
    return repo().overrides(orgAlias, snapshotId).map(toDecision);
  }

  const reviewers = () => reviewerStore(requireDb(ctx));

  /** Who acts: the name the call gave, else the reviewer set in settings, else "(not given)". */
  function actorOf(given: string | undefined): string {
    return given?.trim() || reviewers().get().name || UNNAMED_ACTOR;
  }

  /** Decisions, notes and sign-offs must name a person: the call's, or the one set in settings. */
  function requirePerson(given: string | undefined, field: string, what: 'decision' | 'note' | 'sign-off'): string {
    const name = given?.trim() || reviewers().get().name;
    if (!name) {
      throw new AppError(
        'validation',
        `A ${what} needs the reviewer’s name: set your name and role once in Settings (or \`iua reviewer --name "…" --role "…"\`), or name the reviewer with the ${what}.`,
        [{ path: field, message: 'the reviewer’s name is required' }],
      );
    }
    return name;
  }

  /** " (user Dana Whitfield (admin@…, 005…))" for the activity log: the name beside the Id. */
  function userInWords(snapshotId: string, userId: string | null): string {
    if (!userId) return '';
    return ` (user ${personText(userId, loaded(snapshotId).prepared.index.userById.get(userId))})`;
  }

  function log(orgAlias: string, entry: { actor?: string; action: string; system?: string; snapshotId?: string | null; detail: string }, at = now().toISOString()): void {
    repo().addActivity(orgAlias, {
      at,
      actor: actorOf(entry.actor),
      action: entry.action,
      system: entry.system ?? '',
      snapshotId: entry.snapshotId ?? null,
      detail: entry.detail,
    });
  }

  const signOffOf = (so: StoredSignOff): SignOff => ({ system: so.system, snapshotId: so.snapshotId, reviewer: so.reviewer, role: so.role, statement: so.statement, at: so.at });

  /**
   * Signed-off systems show the result as signed. Whatever evaluating now would give (the scope
   * may have changed since) is compared with it: by hash, result by result, and scope change by
   * scope change, so the view can say exactly how the two differ.
   */
  function freezeSignedSystems(orgAlias: string, snapshotId: string, current: Evaluation): { evaluation: Evaluation; reviews: ReviewSummary[] } {
    const r = repo();
    const states = r.reviewStates(orgAlias, snapshotId);
    const signed = new Map(r.signOffs(orgAlias, snapshotId).map((s) => [s.system, s]));
    const currentScope = new Map(scope(orgAlias).systems.map((s) => [s.name, s]));
    const currentVersion = r.scopeVersion(orgAlias);
    const systems: SystemResult[] = [];
    const reviews: ReviewSummary[] = [];
    const seen = new Set<string>();
    const frozen = (so: StoredSignOff, now: SystemResult | undefined): { result: SystemResult; state: SignedState } => {
      const nowHash = now ? systemResultHash(now) : '';
      if (!so.freeze) {
        return {
          result: now!,
          state: {
            scopeVersion: null,
            currentScopeVersion: currentVersion,
            evaluationHash: so.evaluationHash,
            currentHash: nowHash,
            matches: nowHash === so.evaluationHash,
            differences: [],
            scopeChanges: [],
            legacy: true,
          },
        };
      }
      const result = so.freeze.result as SystemResult;
      const signedScope = so.freeze.systemScope as SystemScope;
      const nowScope = currentScope.get(so.system);
      const differences = resultDifferences(result, now);
      return {
        result,
        state: {
          scopeVersion: so.freeze.scopeVersion,
          currentScopeVersion: currentVersion,
          evaluationHash: so.evaluationHash,
          currentHash: nowHash,
          matches: nowHash === so.evaluationHash,
          differences,
          scopeChanges: nowScope ? systemChanges(signedScope, nowScope) : [`${so.system}: system no longer declared`],
          legacy: false,
        },
      };
    };
    for (const s of current.systems) {
      seen.add(s.name);
      const so = signed.get(s.name);
      if (!so) {
        systems.push(s);
        reviews.push({ system: s.name, state: states.get(s.name) ?? 'not started', signOff: null, signed: null });
        continue;
      }
      const f = frozen(so, s);
      systems.push(f.result);
      reviews.push({ system: s.name, state: 'signed off', signOff: signOffOf(so), signed: f.state });
    }
    // A signed-off system since removed from the scope still shows what was signed.
    for (const so of signed.values()) {
      if (seen.has(so.system) || !so.freeze) continue;
      const f = frozen(so, undefined);
      systems.push(f.result);
      reviews.push({ system: so.system, state: 'signed off', signOff: signOffOf(so), signed: f.state });
    }
    return { evaluation: { ...current, systems }, reviews };
  }

  function earlierSignOffs(orgAlias: string, snapshotId: string): EarlierSignOff[] {
    const db = requireDb(ctx);
    return repo()
      .signOffs(orgAlias)
      .filter((s) => s.snapshotId !== snapshotId)
      .map((s) => ({ ...signOffOf(s), snapshotTakenAt: getSnapshotMeta(db, s.snapshotId)?.finishedAt ?? '' }))
      .sort((a, b) => (a.snapshotTakenAt < b.snapshotTakenAt ? 1 : a.snapshotTakenAt > b.snapshotTakenAt ? -1 : 0));
  }

  /** The latest earlier snapshot with decisions, if this snapshot has not taken its decisions over yet. */
  function carryForwardSource(orgAlias: string, snapshotId: string): { snapshotId: string; finishedAt: string } | null {
    const r = repo();
    const db = requireDb(ctx);
    const meta = getSnapshotMeta(db, snapshotId);
    const takenAt = meta?.finishedAt ?? '';
    // Never from another org's snapshot (an alias stored before the one-org rule may hold two: orgs/replace.ts).
    const source = r.decidedSnapshots(orgAlias).find((d) => d.snapshotId !== snapshotId && d.finishedAt <= takenAt && getSnapshotMeta(db, d.snapshotId)?.orgId === meta?.orgId);
    return source ?? null;
  }

  /** The engine's evaluation of the org's current scope, before the auditor's decisions. */
  function computedEvaluation(orgAlias: string, snapshotId: string): Evaluation {
    const l = loaded(snapshotId);
    const s = scope(orgAlias);
    // Viewing, then exporting, re-evaluated a 20,000-user org each time (seconds); decisions are layered on afterwards, without mutating it.
    const key = JSON.stringify(s);
    let computed = l.evaluations.get(key);
    if (!computed) {
      computed = evaluate({ snapshot: l.snapshot, scope: s, asOf: l.snapshot.meta.finishedAt, prepared: l.prepared });
      l.evaluations.set(key, computed);
      while (l.evaluations.size > EVALUATIONS_PER_SNAPSHOT) l.evaluations.delete(l.evaluations.keys().next().value as string);
    }
    return computed;
  }

  /**
   * Each system's usage results (US-01..US-03) appended to its own, so they are decided and
   * signed off like the rest. They read the usage history, which grows after a sign-off: a
   * signed-off system is re-evaluated over the window it was signed on (kept in its frozen
   * result), so newer evidence belongs to the next review instead of making the signed one
   * look different every day. A system signed before usage results were part of a sign-off
   * (no window in its frozen result) gets none, as it was signed.
   */
  function withUsageResults(orgAlias: string, snapshotId: string, computed: Evaluation): Evaluation {
    const db = requireDb(ctx);
    const l = loaded(snapshotId);
    const orgId = l.snapshot.meta.orgId;
    const signedWindow = new Map<string, UsageWindow | null>();
    for (const so of repo().signOffs(orgAlias, snapshotId)) signedWindow.set(so.system, (so.freeze?.result as SystemResult | undefined)?.usageWindow ?? null);
    const current = currentUsageWindow(db, orgId, l.snapshot.meta.finishedAt);
    const declared = new Map(scope(orgAlias).systems.map((s) => [s.name, s]));
    const wanted: { scope: SystemScope; window: UsageWindow }[] = [];
    for (const s of computed.systems) {
      const window = signedWindow.has(s.name) ? signedWindow.get(s.name) : current;
      const d = declared.get(s.name);
      if (window && d) wanted.push({ scope: d, window });
    }
    const usage = usageBySystem(db, orgId, l.prepared, wanted);
    return {
      ...computed,
      systems: computed.systems.map((s) => {
        const u = usage.get(s.name);
        return u ? { ...s, checks: [...s.checks, ...u.usage.checks], usageWindow: u.window } : s;
      }),
    };
  }

  function evaluation(orgAlias: string, snapshotId: string): Evaluation {
    return applyDecisions(withUsageResults(orgAlias, snapshotId, computedEvaluation(orgAlias, snapshotId)), decisions(orgAlias, snapshotId)).evaluation;
  }

  function currentState(orgAlias: string, snapshotId: string, system: string): ReviewState {
    const r = repo();
    if (r.signOffs(orgAlias, snapshotId).some((s) => s.system === system)) return 'signed off';
    return r.reviewStates(orgAlias, snapshotId).get(system) ?? 'not started';
  }

  function requireSystem(orgAlias: string, system: string): void {
    if (!scope(orgAlias).systems.some((s) => s.name === system)) {
      throw new AppError('not_found', `No system "${system}" is declared for org "${orgAlias}".`);
    }
  }

  return {
    resolveSnapshotId,
    loaded,
    scope,
    warnings,
    saveScope(orgAlias, s, author) {
      if (!getOrg(requireDb(ctx), orgAlias)) throw new AppError('not_found', `No org with alias "${orgAlias}".`);
      const r = repo();
      const changes = scopeChanges(r.getScope(orgAlias), s);
      const at = now().toISOString();
      const who = actorOf(author);
      requireDb(ctx).transaction(() => {
        const version = r.saveScope(orgAlias, s, at, who, changes);
        log(orgAlias, { actor: who, action: 'scope edit', detail: `version ${version}: ${changes.length ? changes.join('; ') : 'no changes'}` }, at);
      })();
      ctx.events.emit('data.changed', { orgAlias, what: 'scope' });
    },

    view(orgAlias, snapshotId) {
      const id = resolveSnapshotId(orgAlias, snapshotId);
      const l = loaded(id);
      const { evaluation: ev, reviews } = freezeSignedSystems(orgAlias, id, evaluation(orgAlias, id));
      const meta = l.snapshot.meta;
      const r = repo();
      const source = carryForwardSource(orgAlias, id);
      const offered = source && !r.activity(orgAlias).some((a) => a.action === 'carry forward' && a.snapshotId === id);
      return {
        orgAlias,
        org: { alias: orgAlias, id: meta.orgId, name: meta.orgName },
        snapshot: { id, takenAt: meta.finishedAt, contentHash: meta.contentHash, gaps: meta.gaps },
        evaluation: ev,
        reviews,
        notes: r.notes(orgAlias, id).map((n) => ({ system: n.system, checkId: n.checkId, userId: n.userId, text: n.text, author: n.author, at: n.at })),
        scopeWarnings: scopeWarnings(scope(orgAlias), l.prepared.index),
        scopeVersion: r.scopeVersion(orgAlias),
        earlierSignOffs: earlierSignOffs(orgAlias, id),
        carryForward: offered && source ? { fromSnapshotId: source.snapshotId, fromTakenAt: source.finishedAt, decisions: r.overrides(orgAlias, source.snapshotId).length } : null,
      };
    },

    scopeHistory(orgAlias) {
      if (!getOrg(requireDb(ctx), orgAlias)) throw new AppError('not_found', `No org with alias "${orgAlias}".`);
      return repo().scopeVersions(orgAlias);
    },

    signedScopes(orgAlias, snapshotId) {
      const out = new Map<string, SystemScope>();
      for (const so of repo().signOffs(orgAlias, snapshotId)) if (so.freeze?.systemScope) out.set(so.system, so.freeze.systemScope as SystemScope);
      return out;
    },

    settings(orgAlias, separateApprover, actor) {
      if (!getOrg(requireDb(ctx), orgAlias)) throw new AppError('not_found', `No org with alias "${orgAlias}".`);
      const r = repo();
      if (separateApprover !== undefined && separateApprover !== r.separateApprover(orgAlias)) {
        const at = now().toISOString();
        requireDb(ctx).transaction(() => {
          r.setSeparateApprover(orgAlias, separateApprover, at);
          log(orgAlias, { actor, action: 'setting', detail: `preparer/approver split ${separateApprover ? 'on' : 'off'}` }, at);
        })();
        ctx.events.emit('data.changed', { orgAlias, what: 'review' });
      }
      return r.separateApprover(orgAlias);
    },

    activity(orgAlias) {
      if (!getOrg(requireDb(ctx), orgAlias)) throw new AppError('not_found', `No org with alias "${orgAlias}".`);
      return repo().activity(orgAlias);
    },

    log(orgAlias, entry) {
      log(orgAlias, entry);
    },

    carryForward(orgAlias) {
      const id = resolveSnapshotId(orgAlias);
      const source = carryForwardSource(orgAlias, id);
      if (!source) throw new AppError('not_found', `No earlier snapshot of "${orgAlias}" has review decisions to carry forward.`);
      const at = now().toISOString();
      const previous = evaluation(orgAlias, source.snapshotId);
      const plan = planCarryForward(previous, evaluation(orgAlias, id), at);
      // Signed-off systems take no new decisions.
      const signedSystems = new Set(
        repo()
          .signOffs(orgAlias, id)
          .map((s) => s.system),
      );
      const carry = plan.carry.filter((d) => d.systemName === null || !signedSystems.has(d.systemName));
      const r = repo();
      requireDb(ctx).transaction(() => {
        for (const d of carry) {
          r.addOverride(orgAlias, id, {
            system: d.systemName ?? '',
            checkId: d.checkId,
            userId: d.userId ?? null,
            status: d.status,
            kind: d.kind ?? 'override',
            justification: d.justification,
            reviewer: d.reviewer,
            at,
            expiresAt: d.expiresAt ?? null,
            owner: d.owner ?? null,
            dueDate: d.dueDate ?? null,
            carriedFrom: d.carriedFrom ?? null,
          });
        }
        for (const system of new Set(carry.map((d) => d.systemName).filter((n): n is string => n !== null))) {
          const state = currentState(orgAlias, id, system);
          const next = stateAfterDecision(state);
          if (next !== state) r.setReviewState(orgAlias, id, system, next as Exclude<ReviewState, 'not started'>, at);
        }
        log(
          orgAlias,
          {
            action: 'carry forward',
            snapshotId: id,
            detail: `from snapshot ${source.snapshotId}: ${carry.length} decision(s) carried; ${plan.changed.length} changed and left open; ${plan.expired.length} exception(s) expired`,
          },
          at,
        );
      })();
      ctx.events.emit('data.changed', { orgAlias, what: 'review' });
      return { fromSnapshotId: source.snapshotId, carried: carry.length, changed: plan.changed, expired: plan.expired };
    },

    user(orgAlias, userId, snapshotId) {
      const id = resolveSnapshotId(orgAlias, snapshotId);
      const l = loaded(id);
      const ev = computedEvaluation(orgAlias, id);
      const user = ev.users.find((u) => u.id === userId);
      if (!user) throw new AppError('not_found', `No user ${userId} in snapshot ${id}.`);
      const recs = l.snapshot.records;
      l.prepared.engine.prefetch([userId], { allFields: true });
      const byTimeDesc = (field: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(b[field] ?? '').localeCompare(String(a[field] ?? ''));
      // The user page shows what IU-13 cites: the same matching, within the same window.
      const systems = scope(orgAlias).systems.filter((sys) => sys.users.some((u) => u.toLowerCase() === user.username.toLowerCase()));
      const window = changeWindow(ev.asOf, lookbackDaysOf(l.prepared.settings, systems));
      const userRecord = l.prepared.index.userById.get(userId);
      return {
        user,
        access: l.prepared.engine.effectiveAccess(userId),
        logins: (l.prepared.index.loginRowsByUser.get(userId) ?? []).filter((r) => r.UserId === userId).sort(byTimeDesc('LoginTime')),
        oauthTokens: (recs.OauthToken ?? []).filter((r) => r.UserId === userId).sort(byTimeDesc('LastUsedDate')),
        changes: userRecord ? setupChangesTouching(l.prepared.index, userRecord, window).map((c) => c.entry) : [],
      };
    },

    attest(input) {
      const id = resolveSnapshotId(input.orgAlias);
      const isOrgCheck = input.checkId.startsWith('ORG-');
      if (!isOrgCheck) requireSystem(input.orgAlias, input.system);
      const system = isOrgCheck ? '' : input.system;
      const state = isOrgCheck ? null : currentState(input.orgAlias, id, system);
      if (state === 'signed off') throw new AppError('conflict', `The review of "${system}" is signed off for snapshot ${id}; collect a new snapshot to start a new review.`);
      const r = repo();
      const at = now().toISOString();
      const kind = input.kind ?? 'override';
      const decision: Decision = {
        checkId: input.checkId,
        systemName: system || null,
        userId: input.userId,
        status: kind === 'override' ? (input.status ?? null) : null,
        kind,
        justification: input.justification.trim(),
        reviewer: requirePerson(input.reviewer, 'reviewer', 'decision'),
        at,
        expiresAt: kind === 'exception' ? (input.expiresAt ?? null) : null,
        owner: kind === 'remediation' ? (input.owner ?? null) : null,
        dueDate: kind === 'remediation' ? (input.dueDate ?? null) : null,
      };
      const problems = validateDecision(decision);
      if (problems.length) throw new AppError('validation', `The decision was not recorded: ${problems.join('; ')}.`);
      requireDb(ctx).transaction(() => {
        r.addOverride(input.orgAlias, id, {
          system,
          checkId: decision.checkId,
          userId: input.userId,
          status: decision.status,
          kind,
          justification: decision.justification,
          reviewer: decision.reviewer,
          at,
          expiresAt: decision.expiresAt ?? null,
          owner: decision.owner ?? null,
          dueDate: decision.dueDate ?? null,
          carriedFrom: null,
        });
        const what =
          kind === 'override'
            ? `override to ${decision.status}`
            : kind === 'exception'
              ? `accepted exception${decision.expiresAt ? ` until ${decision.expiresAt}` : ''}`
              : `remediation planned (owner ${decision.owner}, due ${decision.dueDate})`;
        log(
          input.orgAlias,
          {
            actor: decision.reviewer,
            action: 'decision',
            system,
            snapshotId: id,
            detail: `${input.checkId}${userInWords(id, input.userId)}: ${what}: ${decision.justification}`,
          },
          at,
        );
        if (state) {
          const next = stateAfterDecision(state);
          if (next !== state) r.setReviewState(input.orgAlias, id, system, next as Exclude<ReviewState, 'not started'>, at);
        }
      })();
      ctx.events.emit('data.changed', { orgAlias: input.orgAlias, what: 'review' });
    },

    note(input) {
      const id = resolveSnapshotId(input.orgAlias);
      const system = input.checkId.startsWith('ORG-') ? '' : input.system;
      if (system) requireSystem(input.orgAlias, system);
      const author = requirePerson(input.author, 'author', 'note');
      const at = now().toISOString();
      requireDb(ctx).transaction(() => {
        repo().addNote(input.orgAlias, id, { system, checkId: input.checkId, userId: input.userId, text: input.text, author, at });
        log(input.orgAlias, { actor: author, action: 'note', system, snapshotId: id, detail: `${input.checkId}${userInWords(id, input.userId)}: ${input.text}` }, at);
      })();
      ctx.events.emit('data.changed', { orgAlias: input.orgAlias, what: 'review' });
    },

    setState(orgAlias, system, state) {
      const id = resolveSnapshotId(orgAlias);
      requireSystem(orgAlias, system);
      const from = currentState(orgAlias, id, system);
      if (from === state) return state;
      const t = transitionReview(from, state);
      if (!t.ok) throw new AppError('conflict', `Review of "${system}": ${t.reason}.`);
      repo().setReviewState(orgAlias, id, system, state, now().toISOString());
      ctx.events.emit('data.changed', { orgAlias, what: 'review' });
      return state;
    },

    reviewer(change) {
      if (change && (change.name !== undefined || change.role !== undefined)) {
        const profile = reviewers().set(change);
        ctx.events.emit('data.changed', { orgAlias: null, what: 'reviewer' });
        return profile;
      }
      return reviewers().get();
    },

    signOff(signed) {
      const reviewer = requirePerson(signed.reviewer, 'reviewer', 'sign-off');
      const role = signed.role?.trim() || reviewers().get().role;
      if (!role) {
        throw new AppError('validation', 'A sign-off needs the reviewer’s role: set it once in Settings (or `iua reviewer --role "…"`), or give it with the sign-off.', [
          { path: 'role', message: 'the reviewer’s role is required' },
        ]);
      }
      const input = { ...signed, reviewer, role };
      const id = resolveSnapshotId(input.orgAlias);
      requireSystem(input.orgAlias, input.system);
      const ev = evaluation(input.orgAlias, id);
      let from = currentState(input.orgAlias, id, input.system);
      // Signing off from "not started" means the reviewer went straight to the conclusion:
      // record the review as started so the state machine stays the single rule.
      if (from === 'not started') from = 'in review';
      const systemResult = ev.systems.find((s) => s.name === input.system);
      const at = now().toISOString();
      const record: SignOff = {
        system: input.system,
        snapshotId: id,
        reviewer: input.reviewer,
        role: input.role,
        statement: systemResult ? signOffStatement(input.statement, systemResult) : input.statement,
        at,
      };
      const r = signOffRule(from, record, ev, input.system);
      if (!r.ok) throw new AppError('conflict', `Cannot sign off "${input.system}": ${r.reason}.`);
      // A sign-off says "reviewed": every fail, warning, manual or error result needs a decision
      // first (an accepted exception or planned remediation), so nothing open is signed silently.
      if (r.openItems.length > 0) {
        throw new AppError(
          'conflict',
          `Cannot sign off "${input.system}" yet: ${r.openItems.length} result(s) still need a decision (${r.openItems.slice(0, 5).join('; ')}${r.openItems.length > 5 ? '; …' : ''}). Accept each as an exception with a justification, or plan its remediation, first.`,
        );
      }
      const repository = repo();
      const systemDecisions = decisions(input.orgAlias, id).filter((d) => d.systemName === input.system);
      if (repository.separateApprover(input.orgAlias)) {
        const own = approverConflicts(input.reviewer, systemDecisions);
        if (own.length > 0) {
          throw new AppError(
            'conflict',
            `Cannot sign off "${input.system}" as ${input.reviewer}: this org separates preparer and approver, and ${input.reviewer} recorded decisions on it (${own.slice(0, 5).join('; ')}${own.length > 5 ? '; …' : ''}). Someone else must sign off.`,
          );
        }
      }
      const hash = systemResultHash(systemResult!);
      const declared = scope(input.orgAlias).systems.find((s) => s.name === input.system)!;
      const freeze = {
        scopeVersion: repository.scopeVersion(input.orgAlias),
        systemScope: declared,
        settings: loaded(id).prepared.settings,
        decisions: systemDecisions,
        result: systemResult!,
      };
      requireDb(ctx).transaction(() => {
        repository.setReviewState(input.orgAlias, id, input.system, 'signed off', record.at);
        repository.addSignOff(input.orgAlias, record, hash, freeze);
        log(
          input.orgAlias,
          {
            actor: input.reviewer,
            action: 'sign-off',
            system: input.system,
            snapshotId: id,
            detail: `${input.role}; scope version ${freeze.scopeVersion}; evaluation SHA-256 ${hash}`,
          },
          at,
        );
      })();
      ctx.events.emit('data.changed', { orgAlias: input.orgAlias, what: 'review' });
      return record;
    },

    forget(snapshotId) {
      if (snapshotId) cache.delete(snapshotId);
      else cache.clear();
    },
  };
}
