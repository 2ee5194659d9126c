/**
 * The review back end: loads a snapshot, evaluates it against the org's declared scope (as
 * of the moment the snapshot finished, so the same snapshot and scope give the same result
 * years later), and layers the auditor's decisions on top. Snapshots are immutable, so a
 * loaded snapshot and its index are cached by id.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/contract';
import type { AuditView, ReviewState, ReviewSummary, SignOff, UserDetail } from '../../../shared/contract/audit';
import type { SnapshotData } from '../../../shared/model';
import { evaluate, prepareAudit, type PreparedAudit } from '../../../shared/audit/evaluate';
import { applyDecisions, signOff as signOffRule, transitionReview, stateAfterDecision, type Decision } from '../../../shared/audit/decisions';
import { scopeWarnings } from '../../../shared/audit/scope-warnings';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { Evaluation, Status } from '../../../shared/audit/types';
import { requireDb, type ServiceContext } from '../context';
import { getOrg } from '../orgs/repository';
import { getSnapshotMeta, loadSnapshot } from '../snapshots/repository';
import { auditRepository } from './repository';

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
  saveScope(orgAlias: string, scope: ScopeFile): void;
  warnings(orgAlias: string, scope: ScopeFile): ReturnType<typeof scopeWarnings>;
  view(orgAlias: string, snapshotId?: string): AuditView;
  user(orgAlias: string, userId: string, snapshotId?: string): UserDetail;
  attest(input: { orgAlias: string; system: string; checkId: string; userId: string | null; status: Status; justification: string; reviewer: string }): void;
  note(input: { orgAlias: string; system: string; checkId: string; userId: string | null; text: string; author: string }): void;
  setState(orgAlias: string, system: string, state: Exclude<ReviewState, 'not started' | 'signed off'>): ReviewState;
  signOff(input: { orgAlias: string; system: string; reviewer: string; role: string; statement: string }): SignOff;
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
    return id ? scopeWarnings(s, loaded(id).snapshot) : [];
  }

  function decisions(orgAlias: string, snapshotId: string): Decision[] {
    return repo()
      .overrides(orgAlias, snapshotId)
      .map((o) => ({ checkId: o.checkId, systemName: o.system === '' ? null : o.system, userId: o.userId, status: o.status, justification: o.justification, reviewer: o.reviewer, at: o.at }));
  }

  function reviewsOf(orgAlias: string, snapshotId: string, evaluation: Evaluation): ReviewSummary[] {
    const r = repo();
    const states = r.reviewStates(orgAlias, snapshotId);
    const signed = new Map(r.signOffs(orgAlias, snapshotId).map((s) => [s.system, s]));
    return evaluation.systems.map((s) => {
      const so = signed.get(s.name);
      if (so) {
        const { evaluationHash: _h, ...signOff } = so;
        return { system: s.name, state: 'signed off' as const, signOff };
      }
      return { system: s.name, state: states.get(s.name) ?? 'not started', signOff: null };
    });
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

  function evaluation(orgAlias: string, snapshotId: string): Evaluation {
    return applyDecisions(computedEvaluation(orgAlias, snapshotId), decisions(orgAlias, snapshotId)).evaluation;
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
    saveScope(orgAlias, s) {
      if (!getOrg(requireDb(ctx), orgAlias)) throw new AppError('not_found', `No org with alias "${orgAlias}".`);
      repo().saveScope(orgAlias, s, now().toISOString());
      ctx.events.emit('data.changed', { orgAlias, what: 'scope' });
    },

    view(orgAlias, snapshotId) {
      const id = resolveSnapshotId(orgAlias, snapshotId);
      const l = loaded(id);
      const ev = evaluation(orgAlias, id);
      const meta = l.snapshot.meta;
      return {
        orgAlias,
        org: { alias: orgAlias, id: meta.orgId, name: meta.orgName },
        snapshot: { id, takenAt: meta.finishedAt, contentHash: meta.contentHash, gaps: meta.gaps },
        evaluation: ev,
        reviews: reviewsOf(orgAlias, id, ev),
        notes: repo().notes(orgAlias, id).map((n) => ({ system: n.system, checkId: n.checkId, userId: n.userId, text: n.text, author: n.author, at: n.at })),
        scopeWarnings: scopeWarnings(scope(orgAlias), l.snapshot),
      };
    },

    user(orgAlias, userId, snapshotId) {
      const id = resolveSnapshotId(orgAlias, snapshotId);
      const l = loaded(id);
      const ev = computedEvaluation(orgAlias, id);
      const user = ev.users.find((u) => u.id === userId);
      if (!user) throw new AppError('not_found', `No user ${userId} in snapshot ${id}.`);
      const recs = l.snapshot.records;
      const byTimeDesc = (field: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(b[field] ?? '').localeCompare(String(a[field] ?? ''));
      const lower = user.username.toLowerCase();
      return {
        user,
        access: l.prepared.engine.effectiveAccess(userId),
        logins: (recs.LoginHistory ?? []).filter((r) => r.UserId === userId).sort(byTimeDesc('LoginTime')),
        oauthTokens: (recs.OauthToken ?? []).filter((r) => r.UserId === userId).sort(byTimeDesc('LastUsedDate')),
        changes: (recs.SetupAuditTrail ?? [])
          .filter((r) => r.CreatedById === userId || String(r.Display ?? '').toLowerCase().includes(lower) || String(r.DelegateUser ?? '').toLowerCase() === lower)
          .sort(byTimeDesc('CreatedDate')),
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
      requireDb(ctx).transaction(() => {
        r.addOverride(input.orgAlias, id, { system, checkId: input.checkId, userId: input.userId, status: input.status, justification: input.justification, reviewer: input.reviewer, at });
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
      repo().addNote(input.orgAlias, id, { system, checkId: input.checkId, userId: input.userId, text: input.text, author: input.author, at: now().toISOString() });
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

    signOff(input) {
      const id = resolveSnapshotId(input.orgAlias);
      requireSystem(input.orgAlias, input.system);
      const ev = evaluation(input.orgAlias, id);
      let from = currentState(input.orgAlias, id, input.system);
      // Signing off from "not started" means the reviewer went straight to the conclusion:
      // record the review as started so the state machine stays the single rule.
      if (from === 'not started') from = 'in review';
      const record: SignOff = { system: input.system, snapshotId: id, reviewer: input.reviewer, role: input.role, statement: input.statement, at: now().toISOString() };
      const r = signOffRule(from, record, ev, input.system);
      if (!r.ok) throw new AppError('conflict', `Cannot sign off "${input.system}": ${r.reason}.`);
      // A sign-off says "reviewed": results still awaiting the auditor (manual) or missing data
      // (error) must be decided first, by an override with a justification.
      if (r.openItems.length > 0) {
        throw new AppError('conflict', `Cannot sign off "${input.system}" yet: ${r.openItems.length} result(s) still need a decision (${r.openItems.slice(0, 5).join('; ')}${r.openItems.length > 5 ? '; …' : ''}). Attest each with a justification first.`);
      }
      const systemResult = ev.systems.find((s) => s.name === input.system)!;
      const hash = crypto.createHash('sha256').update(JSON.stringify(systemResult)).digest('hex');
      const repository = repo();
      requireDb(ctx).transaction(() => {
        repository.setReviewState(input.orgAlias, id, input.system, 'signed off', record.at);
        repository.addSignOff(input.orgAlias, record, hash);
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
