/**
 * SQL for auditor input (scope, overrides, notes, review states, sign-offs). Named prepared
 * statements; nothing here knows about the engine.
 */
import type Database from 'better-sqlite3';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { ActivityEntry, ReviewState, SignOff } from '../../../shared/contract/review';
import type { CarriedFrom, DecisionKind, Status } from '../../../shared/audit/types';

export interface OverrideRow {
  system: string;
  checkId: string;
  userId: string | null;
  /** Null for an exception or remediation plan (the status stays as it was). */
  status: Status | null;
  kind: DecisionKind;
  justification: string;
  reviewer: string;
  at: string;
  expiresAt: string | null;
  owner: string | null;
  dueDate: string | null;
  carriedFrom: CarriedFrom | null;
}

export interface ScopeVersionRow {
  version: number;
  author: string;
  at: string;
  changes: string[];
  scope: ScopeFile;
}

/** What a sign-off froze (absent for sign-offs made before migration 005). */
export interface FreezeRow {
  scopeVersion: number;
  systemScope: unknown;
  settings: unknown;
  decisions: unknown[];
  result: unknown;
}

export interface StoredSignOff extends SignOff {
  evaluationHash: string;
  freeze: FreezeRow | null;
}

/** One line of the activity log, as the contract's `review.activity` answers it. */
export type ActivityRow = ActivityEntry;

export interface NoteRow {
  system: string;
  checkId: string;
  userId: string | null;
  text: string;
  author: string;
  at: string;
}

export interface AuditRepository {
  getScope(orgAlias: string): ScopeFile | null;
  /** Saves the scope as its next version; returns that version number. */
  saveScope(orgAlias: string, scope: ScopeFile, at: string, author: string, changes: string[]): number;
  /** 0 when the org never had a scope. */
  scopeVersion(orgAlias: string): number;
  scopeVersions(orgAlias: string): ScopeVersionRow[];
  /** Every decision on a snapshot, oldest first (append-only: the engine applies the latest). */
  overrides(orgAlias: string, snapshotId: string): OverrideRow[];
  /** Snapshots of the org with at least one decision, newest snapshot first. */
  decidedSnapshots(orgAlias: string): { snapshotId: string; finishedAt: string }[];
  addOverride(orgAlias: string, snapshotId: string, row: OverrideRow): void;
  notes(orgAlias: string, snapshotId: string): NoteRow[];
  addNote(orgAlias: string, snapshotId: string, row: NoteRow): void;
  reviewStates(orgAlias: string, snapshotId: string): Map<string, ReviewState>;
  setReviewState(orgAlias: string, snapshotId: string, system: string, state: Exclude<ReviewState, 'not started'>, at: string): void;
  signOffs(orgAlias: string, snapshotId?: string): StoredSignOff[];
  addSignOff(orgAlias: string, signOff: SignOff, evaluationHash: string, freeze: FreezeRow): void;
  addActivity(orgAlias: string, row: Omit<ActivityRow, 'id'>): void;
  separateApprover(orgAlias: string): boolean;
  setSeparateApprover(orgAlias: string, on: boolean, at: string): void;
  activity(orgAlias: string): ActivityRow[];
  /** Snapshot ids that a sign-off refers to (they cannot be deleted without force). */
  signedSnapshotIds(orgAlias: string): Set<string>;
}

export function auditRepository(db: Database.Database): AuditRepository {
  const q = {
    getScope: db.prepare<[string], { scope: string }>('SELECT scope FROM org_scope WHERE org_alias = ?'),
    saveScope: db.prepare(
      'INSERT INTO org_scope (org_alias, scope, updated_at) VALUES (?, ?, ?) ON CONFLICT (org_alias) DO UPDATE SET scope = excluded.scope, updated_at = excluded.updated_at',
    ),
    scopeVersion: db.prepare<[string], number>('SELECT COALESCE(MAX(version), 0) FROM scope_version WHERE org_alias = ?').pluck(),
    addScopeVersion: db.prepare('INSERT INTO scope_version (org_alias, version, scope, author, at, changes) VALUES (?, ?, ?, ?, ?, ?)'),
    scopeVersions: db.prepare<[string], { version: number; author: string; at: string; changes: string; scope: string }>(
      'SELECT version, author, at, changes, scope FROM scope_version WHERE org_alias = ? ORDER BY version DESC',
    ),
    overrides: db.prepare<
      [string, string],
      {
        system: string;
        check_id: string;
        user_id: string;
        status: string;
        kind: DecisionKind;
        justification: string;
        reviewer: string;
        at: string;
        expires_at: string | null;
        owner: string | null;
        due_date: string | null;
        carried_from: string | null;
      }
    >(
      `SELECT system, check_id, user_id, status, kind, justification, reviewer, at, expires_at, owner, due_date, carried_from FROM override
       WHERE org_alias = ? AND snapshot_id = ? ORDER BY id`,
    ),
    decidedSnapshots: db.prepare<[string], { snapshot_id: string; finished_at: string }>(
      `SELECT DISTINCT o.snapshot_id, s.finished_at FROM override o JOIN snapshot s ON s.id = o.snapshot_id WHERE o.org_alias = ? ORDER BY s.finished_at DESC, s.id DESC`,
    ),
    addOverride: db.prepare(
      'INSERT INTO override (org_alias, snapshot_id, system, check_id, user_id, status, justification, reviewer, at, kind, expires_at, owner, due_date, carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    notes: db.prepare<[string, string], { system: string; check_id: string; user_id: string; text: string; author: string; at: string }>(
      'SELECT system, check_id, user_id, text, author, at FROM note WHERE org_alias = ? AND snapshot_id = ? ORDER BY id',
    ),
    addNote: db.prepare('INSERT INTO note (org_alias, snapshot_id, system, check_id, user_id, text, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    reviewStates: db.prepare<[string, string], { system: string; state: ReviewState }>('SELECT system, state FROM review WHERE org_alias = ? AND snapshot_id = ?'),
    setReviewState: db.prepare(
      'INSERT INTO review (org_alias, snapshot_id, system, state, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_alias, snapshot_id, system) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    ),
    signOffs: db.prepare<
      [string],
      {
        system: string;
        snapshot_id: string;
        reviewer: string;
        role: string;
        statement: string;
        at: string;
        evaluation_hash: string;
        scope_version: number | null;
        system_scope: string | null;
        settings: string | null;
        decisions: string | null;
        result: string | null;
      }
    >(
      `SELECT s.system, s.snapshot_id, s.reviewer, s.role, s.statement, s.at, s.evaluation_hash, f.scope_version, f.system_scope, f.settings, f.decisions, f.result
       FROM signoff s LEFT JOIN signoff_freeze f ON f.signoff_id = s.id WHERE s.org_alias = ? ORDER BY s.at, s.id`,
    ),
    addSignOff: db.prepare('INSERT INTO signoff (org_alias, snapshot_id, system, reviewer, role, statement, at, evaluation_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    addFreeze: db.prepare('INSERT INTO signoff_freeze (signoff_id, scope_version, system_scope, settings, decisions, result) VALUES (?, ?, ?, ?, ?, ?)'),
    separateApprover: db.prepare<[string], number>('SELECT separate_approver FROM review_setting WHERE org_alias = ?').pluck(),
    setSeparateApprover: db.prepare(
      'INSERT INTO review_setting (org_alias, separate_approver, updated_at) VALUES (?, ?, ?) ON CONFLICT (org_alias) DO UPDATE SET separate_approver = excluded.separate_approver, updated_at = excluded.updated_at',
    ),
    addActivity: db.prepare('INSERT INTO activity (org_alias, at, actor, action, system, snapshot_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    activity: db.prepare<[string], { id: number; at: string; actor: string; action: string; system: string; snapshot_id: string | null; detail: string }>(
      'SELECT id, at, actor, action, system, snapshot_id, detail FROM activity WHERE org_alias = ? ORDER BY id',
    ),
  };
  const userOrNull = (u: string) => (u === '' ? null : u);

  return {
    getScope(orgAlias) {
      const row = q.getScope.get(orgAlias);
      return row ? (JSON.parse(row.scope) as ScopeFile) : null;
    },
    saveScope(orgAlias, scope, at, author, changes) {
      return db.transaction(() => {
        const version = (q.scopeVersion.get(orgAlias) ?? 0) + 1;
        const text = JSON.stringify(scope);
        q.saveScope.run(orgAlias, text, at);
        q.addScopeVersion.run(orgAlias, version, text, author, at, JSON.stringify(changes));
        return version;
      })();
    },
    scopeVersion(orgAlias) {
      return q.scopeVersion.get(orgAlias) ?? 0;
    },
    scopeVersions(orgAlias) {
      return q.scopeVersions
        .all(orgAlias)
        .map((r) => ({ version: r.version, author: r.author, at: r.at, changes: JSON.parse(r.changes) as string[], scope: JSON.parse(r.scope) as ScopeFile }));
    },
    overrides(orgAlias, snapshotId) {
      return q.overrides.all(orgAlias, snapshotId).map((r) => ({
        system: r.system,
        checkId: r.check_id,
        userId: userOrNull(r.user_id),
        status: r.status === '' ? null : (r.status as Status),
        kind: r.kind,
        justification: r.justification,
        reviewer: r.reviewer,
        at: r.at,
        expiresAt: r.expires_at,
        owner: r.owner,
        dueDate: r.due_date,
        carriedFrom: r.carried_from ? (JSON.parse(r.carried_from) as CarriedFrom) : null,
      }));
    },
    decidedSnapshots(orgAlias) {
      return q.decidedSnapshots.all(orgAlias).map((r) => ({ snapshotId: r.snapshot_id, finishedAt: r.finished_at }));
    },
    addOverride(orgAlias, snapshotId, r) {
      q.addOverride.run(
        orgAlias,
        snapshotId,
        r.system,
        r.checkId,
        r.userId ?? '',
        r.status ?? '',
        r.justification,
        r.reviewer,
        r.at,
        r.kind,
        r.expiresAt,
        r.owner,
        r.dueDate,
        r.carriedFrom ? JSON.stringify(r.carriedFrom) : null,
      );
    },
    notes(orgAlias, snapshotId) {
      return q.notes.all(orgAlias, snapshotId).map((r) => ({ system: r.system, checkId: r.check_id, userId: userOrNull(r.user_id), text: r.text, author: r.author, at: r.at }));
    },
    addNote(orgAlias, snapshotId, r) {
      q.addNote.run(orgAlias, snapshotId, r.system, r.checkId, r.userId ?? '', r.text, r.author, r.at);
    },
    reviewStates(orgAlias, snapshotId) {
      return new Map(q.reviewStates.all(orgAlias, snapshotId).map((r) => [r.system, r.state]));
    },
    setReviewState(orgAlias, snapshotId, system, state, at) {
      q.setReviewState.run(orgAlias, snapshotId, system, state, at);
    },
    signOffs(orgAlias, snapshotId) {
      return q.signOffs
        .all(orgAlias)
        .filter((r) => snapshotId === undefined || r.snapshot_id === snapshotId)
        .map((r) => ({
          system: r.system,
          snapshotId: r.snapshot_id,
          reviewer: r.reviewer,
          role: r.role,
          statement: r.statement,
          at: r.at,
          evaluationHash: r.evaluation_hash,
          freeze:
            r.result === null
              ? null
              : {
                  scopeVersion: r.scope_version ?? 0,
                  systemScope: JSON.parse(r.system_scope ?? 'null'),
                  settings: JSON.parse(r.settings ?? 'null'),
                  decisions: JSON.parse(r.decisions ?? '[]') as unknown[],
                  result: JSON.parse(r.result),
                },
        }));
    },
    addSignOff(orgAlias, s, evaluationHash, f) {
      db.transaction(() => {
        const id = q.addSignOff.run(orgAlias, s.snapshotId, s.system, s.reviewer, s.role, s.statement, s.at, evaluationHash).lastInsertRowid;
        q.addFreeze.run(id, f.scopeVersion, JSON.stringify(f.systemScope), JSON.stringify(f.settings), JSON.stringify(f.decisions), JSON.stringify(f.result));
      })();
    },
    separateApprover(orgAlias) {
      return q.separateApprover.get(orgAlias) === 1;
    },
    setSeparateApprover(orgAlias, on, at) {
      q.setSeparateApprover.run(orgAlias, on ? 1 : 0, at);
    },
    addActivity(orgAlias, a) {
      q.addActivity.run(orgAlias, a.at, a.actor, a.action, a.system, a.snapshotId, a.detail);
    },
    activity(orgAlias) {
      return q.activity.all(orgAlias).map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, system: r.system, snapshotId: r.snapshot_id, detail: r.detail }));
    },
    signedSnapshotIds(orgAlias) {
      return new Set(q.signOffs.all(orgAlias).map((r) => r.snapshot_id));
    },
  };
}
