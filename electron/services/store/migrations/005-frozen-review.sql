-- A review an auditor can defend (issue #19): decision kinds, scope versions, frozen sign-offs
-- and an append-only activity log.

-- Decisions: an `override` changes the status; an `exception` accepts the result as it is
-- (optionally until expires_at); a `remediation` plans a fix (owner, due_date). For the two
-- latter the status column holds '' (the status is left as the engine or an earlier override
-- gave it). carried_from is JSON {snapshotId, reviewer, at} when the decision was carried
-- forward from an earlier snapshot's review. Rows were append-only by convention; now by trigger.
ALTER TABLE override ADD COLUMN kind TEXT NOT NULL DEFAULT 'override' CHECK (kind IN ('override', 'exception', 'remediation'));
ALTER TABLE override ADD COLUMN expires_at TEXT;
ALTER TABLE override ADD COLUMN owner TEXT;
ALTER TABLE override ADD COLUMN due_date TEXT;
ALTER TABLE override ADD COLUMN carried_from TEXT;
CREATE TRIGGER override_append_only BEFORE UPDATE ON override
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- Every save of an org's declared scope is a new version: the whole document, who, when and
-- what changed (JSON array of sentences). org_scope keeps the current document.
CREATE TABLE scope_version (
  org_alias  TEXT NOT NULL,
  version    INTEGER NOT NULL,
  scope      TEXT NOT NULL,
  author     TEXT NOT NULL,
  at         TEXT NOT NULL,
  changes    TEXT NOT NULL,
  PRIMARY KEY (org_alias, version)
) STRICT;
CREATE TRIGGER scope_version_immutable BEFORE UPDATE ON scope_version
BEGIN SELECT RAISE(ABORT, 'scope versions are immutable'); END;
INSERT INTO scope_version (org_alias, version, scope, author, at, changes)
  SELECT org_alias, 1, scope, '(not recorded: saved before scope history)', updated_at, '["the scope as it was when scope history began"]' FROM org_scope;

-- What a sign-off froze, beside the sign-off row: the scope version and the system's declared
-- scope, the engine settings, every decision, and the system's result as signed (with the
-- decisions applied). signoff.evaluation_hash is the SHA-256 of `result`.
CREATE TABLE signoff_freeze (
  signoff_id     INTEGER PRIMARY KEY REFERENCES signoff (id) ON DELETE CASCADE,
  scope_version  INTEGER NOT NULL,
  system_scope   TEXT NOT NULL,
  settings       TEXT NOT NULL,
  decisions      TEXT NOT NULL,
  result         TEXT NOT NULL
) STRICT;
CREATE TRIGGER signoff_freeze_immutable BEFORE UPDATE ON signoff_freeze
BEGIN SELECT RAISE(ABORT, 'sign-offs are immutable'); END;

-- Who did what: decisions, notes, scope edits, sign-offs, carry-forwards, exports. Never updated.
CREATE TABLE activity (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  org_alias    TEXT NOT NULL,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  system       TEXT NOT NULL DEFAULT '',
  snapshot_id  TEXT,
  detail       TEXT NOT NULL
) STRICT;
CREATE INDEX activity_by_org ON activity (org_alias, id);
CREATE TRIGGER activity_append_only BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;

-- Review settings per org. separate_approver = 1: whoever signs off a system cannot be someone
-- who recorded a decision on it (preparer/approver split).
CREATE TABLE review_setting (
  org_alias          TEXT PRIMARY KEY,
  separate_approver  INTEGER NOT NULL DEFAULT 0 CHECK (separate_approver IN (0, 1)),
  updated_at         TEXT NOT NULL
) STRICT;
