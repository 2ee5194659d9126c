-- Core tables: settings and the orgs an auditor has registered.
-- Secrets never live here: credentials go through the SecretStore, keyed by org alias.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE org (
  alias              TEXT PRIMARY KEY,
  org_id             TEXT,
  org_name           TEXT,
  instance_url       TEXT,
  login_url          TEXT,
  api_version        TEXT NOT NULL DEFAULT '62.0',
  auth_method        TEXT NOT NULL,
  username           TEXT,
  client_id          TEXT,
  -- 'ok' | 'reauth_needed' | 'offline' (imported from a file, no connection)
  status             TEXT NOT NULL DEFAULT 'ok',
  status_message     TEXT,
  current_snapshot_id TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;
