-- Usage evidence (docs/usage.md): kept beside snapshots, appended by `iua usage pull`.
-- Keyed by the org's Id (not its alias) so a re-added alias keeps its history.

-- Event log files already read: the idempotency key of a pull (a file is read once, ever).
CREATE TABLE usage_log_file (
  org_id        TEXT NOT NULL,
  log_file_id   TEXT NOT NULL,
  event_type    TEXT NOT NULL,
  log_date      TEXT NOT NULL,
  interval      TEXT,
  sequence      INTEGER,
  length        INTEGER,
  row_count     INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  fetched_at    TEXT NOT NULL,
  PRIMARY KEY (org_id, log_file_id)
) STRICT;

-- API events per log file, grouped by who did what to which object (one row per group).
CREATE TABLE usage_api (
  org_id            TEXT NOT NULL,
  log_file_id       TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  entity            TEXT NOT NULL,
  http_method       TEXT NOT NULL,
  api_family        TEXT NOT NULL,
  connected_app_id  TEXT NOT NULL,
  client_name       TEXT NOT NULL,
  count             INTEGER NOT NULL,
  first_at          TEXT NOT NULL,
  last_at           TEXT NOT NULL,
  PRIMARY KEY (org_id, log_file_id, user_id, entity, http_method, api_family, connected_app_id, client_name),
  FOREIGN KEY (org_id, log_file_id) REFERENCES usage_log_file (org_id, log_file_id)
) STRICT;

-- Which objects a day's write aggregation covered ('ok'), skipped for budget or failed on.
CREATE TABLE usage_write_scan (
  org_id        TEXT NOT NULL,
  observed_on   TEXT NOT NULL,
  sobject       TEXT NOT NULL,
  window_start  TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'error')),
  message       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, observed_on, sobject)
) STRICT;

-- Records created / last modified by a user in the window, as counted that day.
CREATE TABLE usage_write (
  org_id        TEXT NOT NULL,
  observed_on   TEXT NOT NULL,
  sobject       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('created', 'modified')),
  count         INTEGER NOT NULL,
  last_at       TEXT,
  PRIMARY KEY (org_id, observed_on, sobject, user_id, kind)
) STRICT;

-- One row per pull run: what it did and what it could not see.
CREATE TABLE usage_pull (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  org_alias     TEXT NOT NULL,
  org_id        TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT NOT NULL,
  api_calls     INTEGER NOT NULL,
  files_added   INTEGER NOT NULL,
  rows_added    INTEGER NOT NULL,
  gaps          TEXT NOT NULL
) STRICT;
