-- The audit engine reads whole snapshots and indexes them in memory; nothing queries
-- snapshot_record by parent_id in production, yet every collection and import paid for the
-- index (about 1.5 s of a 280,000-record collection). parent_id stays as a column:
-- recordsByParent still answers, by scanning one object's rows.
DROP INDEX IF EXISTS snapshot_record_by_parent;
