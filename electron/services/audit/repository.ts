/**
 * SQL for auditor input (scope, overrides, notes, review states, sign-offs). Named prepared
 * statements; nothing here knows about the engine.
 */
import type Database from 'better-sqlite3';
import type { ScopeFile } from '../../../shared/audit/scope';
import type { ReviewState, SignOff } from '../../../shared/contract/audit';
import type { Status } from '../../../shared/audit/types';

export interface OverrideRow {
  system: string;
  checkId: string;
  userId: string | null;
  status: Status;
  justification: string;
  reviewer: string;
  at: string;
}

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
  saveScope(orgAlias: string, scope: ScopeFile, at: string): void;
  /** Latest override per result (history stays in the table). */
  overrides(orgAlias: string, snapshotId: string): OverrideRow[];
  addOverride(orgAlias: string, snapshotId: string, row: OverrideRow): void;
  notes(orgAlias: string, snapshotId: string): NoteRow[];
  addNote(orgAlias: string, snapshotId: string, row: NoteRow): void;
  reviewStates(orgAlias: string, snapshotId: string): Map<string, ReviewState>;
  setReviewState(orgAlias: string, snapshotId: string, system: string, state: Exclude<ReviewState, 'not started'>, at: string): void;
  signOffs(orgAlias: string, snapshotId?: string): (SignOff & { evaluationHash: string })[];
  addSignOff(orgAlias: string, signOff: SignOff, evaluationHash: string): void;
  /** Snapshot ids that a sign-off refers to (they cannot be deleted without force). */
  signedSnapshotIds(orgAlias: string): Set<string>;
}

export function auditRepository(db: Database.Database): AuditRepository {
  const q = {
    getScope: db.prepare<[string], { scope: string }>('SELECT scope FROM org_scope WHERE org_alias = ?'),
    saveScope: db.prepare('INSERT INTO org_scope (org_alias, scope, updated_at) VALUES (?, ?, ?) ON CONFLICT (org_alias) DO UPDATE SET scope = excluded.scope, updated_at = excluded.updated_at'),
    overrides: db.prepare<[string, string], { system: string; check_id: string; user_id: string; status: Status; justification: string; reviewer: string; at: string }>(
      `SELECT o.system, o.check_id, o.user_id, o.status, o.justification, o.reviewer, o.at FROM override o
       WHERE o.org_alias = ? AND o.snapshot_id = ?
         AND o.id = (SELECT MAX(id) FROM override x WHERE x.org_alias = o.org_alias AND x.snapshot_id = o.snapshot_id AND x.system = o.system AND x.check_id = o.check_id AND x.user_id = o.user_id)
       ORDER BY o.system, o.check_id, o.user_id`,
    ),
    addOverride: db.prepare('INSERT INTO override (org_alias, snapshot_id, system, check_id, user_id, status, justification, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    notes: db.prepare<[string, string], { system: string; check_id: string; user_id: string; text: string; author: string; at: string }>(
      'SELECT system, check_id, user_id, text, author, at FROM note WHERE org_alias = ? AND snapshot_id = ? ORDER BY id',
    ),
    addNote: db.prepare('INSERT INTO note (org_alias, snapshot_id, system, check_id, user_id, text, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    reviewStates: db.prepare<[string, string], { system: string; state: ReviewState }>('SELECT system, state FROM review WHERE org_alias = ? AND snapshot_id = ?'),
    setReviewState: db.prepare(
      'INSERT INTO review (org_alias, snapshot_id, system, state, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_alias, snapshot_id, system) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    ),
    signOffs: db.prepare<[string], { system: string; snapshot_id: string; reviewer: string; role: string; statement: string; at: string; evaluation_hash: string }>(
      'SELECT system, snapshot_id, reviewer, role, statement, at, evaluation_hash FROM signoff WHERE org_alias = ? ORDER BY at, id',
    ),
    addSignOff: db.prepare('INSERT INTO signoff (org_alias, snapshot_id, system, reviewer, role, statement, at, evaluation_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const userOrNull = (u: string) => (u === '' ? null : u);

  return {
    getScope(orgAlias) {
      const row = q.getScope.get(orgAlias);
      return row ? (JSON.parse(row.scope) as ScopeFile) : null;
    },
    saveScope(orgAlias, scope, at) {
      q.saveScope.run(orgAlias, JSON.stringify(scope), at);
    },
    overrides(orgAlias, snapshotId) {
      return q.overrides.all(orgAlias, snapshotId).map((r) => ({ system: r.system, checkId: r.check_id, userId: userOrNull(r.user_id), status: r.status, justification: r.justification, reviewer: r.reviewer, at: r.at }));
    },
    addOverride(orgAlias, snapshotId, r) {
      q.addOverride.run(orgAlias, snapshotId, r.system, r.checkId, r.userId ?? '', r.status, r.justification, r.reviewer, r.at);
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
        .map((r) => ({ system: r.system, snapshotId: r.snapshot_id, reviewer: r.reviewer, role: r.role, statement: r.statement, at: r.at, evaluationHash: r.evaluation_hash }));
    },
    addSignOff(orgAlias, s, evaluationHash) {
      q.addSignOff.run(orgAlias, s.snapshotId, s.system, s.reviewer, s.role, s.statement, s.at, evaluationHash);
    },
    signedSnapshotIds(orgAlias) {
      return new Set(q.signOffs.all(orgAlias).map((r) => r.snapshot_id));
    },
  };
}
