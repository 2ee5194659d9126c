-- Migration 004 dropped the parent index when the audit engine loaded whole snapshots and
-- nothing read snapshot_record by parent_id. Since the engine reads large objects by key
-- (RecordLookup.byParent: a user's assignments and logins, a set's object permissions), each
-- such read without it walked every row of the object: about 85 ms per read of a 720,000-row
-- PermissionSetAssignment at 180,000 users, half a second of every evaluation, and growing
-- with the org. It costs about 1 s of a 2.6 M-record collection (the snapshot's copy from its
-- staging tables) and about a fifth more file size; docs/benchmarks.md has the figures.
CREATE INDEX IF NOT EXISTS snapshot_record_by_parent ON snapshot_record (snapshot_id, sobject, parent_id);
