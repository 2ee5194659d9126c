-- Snapshots: one immutable, hashed copy of what an audit needs from one org.
-- A snapshot is written in one transaction together with org.current_snapshot_id, after all
-- network work is done, so no reader ever sees a half-written one. Rows are never updated
-- (triggers refuse it); whole snapshots may be deleted by the user.
CREATE TABLE snapshot (
  id                 TEXT PRIMARY KEY,
  org_alias          TEXT NOT NULL,
  org_id             TEXT NOT NULL,
  org_name           TEXT NOT NULL,
  instance_url       TEXT NOT NULL,
  api_version        TEXT NOT NULL,
  auditing_username  TEXT NOT NULL,
  app_version        TEXT NOT NULL,
  started_at         TEXT NOT NULL,
  finished_at        TEXT NOT NULL,
  api_calls          INTEGER NOT NULL,
  permission_scope   TEXT NOT NULL CHECK (permission_scope IN ('integration', 'full')),
  lookback_days      INTEGER NOT NULL,
  content_hash       TEXT NOT NULL,
  record_count       INTEGER NOT NULL
) STRICT;
CREATE INDEX snapshot_by_org ON snapshot (org_alias, finished_at);

-- Per-object statistics recorded for the evidence (count must equal total_size).
CREATE TABLE snapshot_object (
  snapshot_id  TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  sobject      TEXT NOT NULL,
  count        INTEGER NOT NULL,
  total_size   INTEGER NOT NULL,
  soql         TEXT NOT NULL,
  api          TEXT NOT NULL CHECK (api IN ('rest', 'bulk', 'tooling')),
  api_calls    INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, sobject)
) STRICT, WITHOUT ROWID;

-- Objects that could not be read: the checks they feed must become 'error', never 'pass'.
CREATE TABLE snapshot_gap (
  snapshot_id  TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  sobject      TEXT NOT NULL,
  error_code   TEXT NOT NULL,
  message      TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, sobject)
) STRICT, WITHOUT ROWID;

-- One row per Salesforce record. parent_id is the object's lookup the audit joins on
-- (PermissionSetAssignment.AssigneeId, ObjectPermissions.ParentId, ...; see OBJECT_SPECS.parentField).
CREATE TABLE snapshot_record (
  snapshot_id  TEXT NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  sobject      TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  parent_id    TEXT,
  data         TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, sobject, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX snapshot_record_by_parent ON snapshot_record (snapshot_id, sobject, parent_id);

CREATE TRIGGER snapshot_immutable BEFORE UPDATE ON snapshot
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
CREATE TRIGGER snapshot_object_immutable BEFORE UPDATE ON snapshot_object
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
CREATE TRIGGER snapshot_gap_immutable BEFORE UPDATE ON snapshot_gap
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;
CREATE TRIGGER snapshot_record_immutable BEFORE UPDATE ON snapshot_record
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;

-- One collection per org across processes: a row names the holder; a row whose pid is no
-- longer alive (a killed CLI) is taken over.
CREATE TABLE collection_lock (
  org_alias   TEXT PRIMARY KEY,
  pid         INTEGER NOT NULL,
  hostname    TEXT NOT NULL,
  token       TEXT NOT NULL,
  started_at  TEXT NOT NULL
) STRICT;

-- Per-org settings for the web-server flow and collection budget.
ALTER TABLE org ADD COLUMN redirect_port INTEGER;
ALTER TABLE org ADD COLUMN secret_store TEXT;
