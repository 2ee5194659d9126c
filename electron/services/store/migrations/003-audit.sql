-- Auditor input, kept beside the snapshots and never inside them.
-- Declared scope: one human-editable document per org (shared/audit/scope.ts ScopeFile).
CREATE TABLE org_scope (
  org_alias   TEXT PRIMARY KEY,
  scope       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Overrides are append-only: the latest row for a result wins, earlier ones stay as history.
-- They belong to the snapshot they were made on: a new snapshot starts a new review.
CREATE TABLE override (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  org_alias      TEXT NOT NULL,
  snapshot_id    TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  system         TEXT NOT NULL,
  check_id       TEXT NOT NULL,
  user_id        TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL,
  justification  TEXT NOT NULL,
  reviewer       TEXT NOT NULL,
  at             TEXT NOT NULL
) STRICT;
CREATE INDEX override_by_result ON override (org_alias, snapshot_id, system, check_id, user_id);

CREATE TABLE note (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  org_alias    TEXT NOT NULL,
  snapshot_id  TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  system       TEXT NOT NULL,
  check_id     TEXT NOT NULL,
  user_id      TEXT NOT NULL DEFAULT '',
  text         TEXT NOT NULL,
  author       TEXT NOT NULL,
  at           TEXT NOT NULL
) STRICT;
CREATE INDEX note_by_result ON note (org_alias, snapshot_id, system);

-- Review progress per system and snapshot ('not started' is the absence of a row).
CREATE TABLE review (
  org_alias    TEXT NOT NULL,
  snapshot_id  TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  system       TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('in review', 'reviewed', 'signed off')),
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (org_alias, snapshot_id, system)
) STRICT, WITHOUT ROWID;

-- A sign-off freezes the evaluation of one system against one snapshot. The snapshot cannot
-- be deleted while a sign-off refers to it (no cascade: the foreign key refuses).
CREATE TABLE signoff (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  org_alias        TEXT NOT NULL,
  snapshot_id      TEXT NOT NULL REFERENCES snapshot (id),
  system           TEXT NOT NULL,
  reviewer         TEXT NOT NULL,
  role             TEXT NOT NULL,
  statement        TEXT NOT NULL,
  at               TEXT NOT NULL,
  -- SHA-256 of the system's evaluation JSON at sign-off, so a later re-evaluation can be compared.
  evaluation_hash  TEXT NOT NULL,
  UNIQUE (org_alias, snapshot_id, system)
) STRICT;
CREATE TRIGGER signoff_immutable BEFORE UPDATE ON signoff
BEGIN SELECT RAISE(ABORT, 'sign-offs are immutable'); END;
