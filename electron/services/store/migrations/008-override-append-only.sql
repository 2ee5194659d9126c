-- Overrides are append-only (the latest decision per result wins; earlier ones stay as the
-- record of what was decided). 005 refuses updates; this refuses deletes, except the cascade
-- from deleting the snapshot itself (which removes the snapshot row first).
CREATE TRIGGER override_kept_with_snapshot BEFORE DELETE ON override
WHEN EXISTS (SELECT 1 FROM snapshot WHERE id = OLD.snapshot_id)
BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
