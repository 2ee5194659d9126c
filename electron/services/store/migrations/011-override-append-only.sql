-- Overrides are append-only (the latest decision per result wins; earlier ones stay as the
-- record of what was decided). Nothing may change one; a row goes only with its snapshot
-- (ON DELETE CASCADE from snapshot, which deletes the snapshot row first).
CREATE TRIGGER override_append_only BEFORE UPDATE ON override
BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
CREATE TRIGGER override_kept_with_snapshot BEFORE DELETE ON override
WHEN EXISTS (SELECT 1 FROM snapshot WHERE id = OLD.snapshot_id)
BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
