-- Collections stream their records here page by page instead of holding the org in memory.
-- Rows are staged under the id the snapshot will get, in small transactions (a long one held
-- open across network fetches would block every other writer). Nothing reads this table but
-- the collection that wrote it: the snapshot becomes visible only when one local transaction
-- copies its rows into snapshot_record, writes the snapshot row and moves the org's current
-- pointer. A cancelled or failed collection deletes its rows; rows left by a killed process
-- are swept when the back end starts and before the org's next collection.
-- A plain rowid table: appends are cheap whatever order Salesforce sends records in; the
-- Id order (and the check that no Id came twice) comes when the rows are copied.
CREATE TABLE snapshot_staging (
  snapshot_id  TEXT NOT NULL,
  org_alias    TEXT NOT NULL,
  sobject      TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  parent_id    TEXT,
  data         TEXT NOT NULL
) STRICT;
CREATE INDEX snapshot_staging_by_object ON snapshot_staging (snapshot_id, sobject);
