-- An alias names one org. `orgs add ALIAS --replace` with another org's credentials points the
-- alias at the new org and first moves everything the old org has under ALIAS (its registration,
-- snapshots, decisions, notes, reviews, sign-offs, scope versions, activity, usage pulls) to a
-- new alias, in one transaction (electron/services/orgs/replace.ts). Nothing is deleted and no
-- two orgs ever share an alias, so `diff` and evidence never compare two orgs.
--
-- Each move is recorded here, kept for good. While its transaction runs, the row says
-- moving = 1, and that is the only time the immutable tables below accept an update: one that
-- changes org_alias from the move's old alias to its new one, and nothing else (the move's
-- code sets org_alias only). The flag is cleared before the transaction commits.
CREATE TABLE alias_move (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  from_alias     TEXT NOT NULL,
  to_alias       TEXT NOT NULL,
  org_id         TEXT NOT NULL,
  org_name       TEXT NOT NULL,
  new_org_id     TEXT NOT NULL,
  new_org_name   TEXT NOT NULL,
  snapshots      INTEGER NOT NULL,
  at             TEXT NOT NULL,
  moving         INTEGER NOT NULL DEFAULT 1 CHECK (moving IN (0, 1))
) STRICT;
CREATE TRIGGER alias_move_kept BEFORE UPDATE ON alias_move
WHEN NOT (OLD.moving = 1 AND NEW.moving = 0 AND NEW.id = OLD.id AND NEW.from_alias = OLD.from_alias AND NEW.to_alias = OLD.to_alias
  AND NEW.org_id = OLD.org_id AND NEW.new_org_id = OLD.new_org_id AND NEW.snapshots = OLD.snapshots AND NEW.at = OLD.at)
BEGIN SELECT RAISE(ABORT, 'alias moves are kept as they happened'); END;
CREATE TRIGGER alias_move_not_deleted BEFORE DELETE ON alias_move
BEGIN SELECT RAISE(ABORT, 'alias moves are kept as they happened'); END;

DROP TRIGGER snapshot_immutable;
CREATE TRIGGER snapshot_immutable BEFORE UPDATE ON snapshot
WHEN NOT (NEW.org_alias IS NOT OLD.org_alias AND EXISTS (SELECT 1 FROM alias_move WHERE moving = 1 AND from_alias = OLD.org_alias AND to_alias = NEW.org_alias))
BEGIN SELECT RAISE(ABORT, 'snapshots are immutable'); END;

DROP TRIGGER override_append_only;
CREATE TRIGGER override_append_only BEFORE UPDATE ON override
WHEN NOT (NEW.org_alias IS NOT OLD.org_alias AND EXISTS (SELECT 1 FROM alias_move WHERE moving = 1 AND from_alias = OLD.org_alias AND to_alias = NEW.org_alias))
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

DROP TRIGGER signoff_immutable;
CREATE TRIGGER signoff_immutable BEFORE UPDATE ON signoff
WHEN NOT (NEW.org_alias IS NOT OLD.org_alias AND EXISTS (SELECT 1 FROM alias_move WHERE moving = 1 AND from_alias = OLD.org_alias AND to_alias = NEW.org_alias))
BEGIN SELECT RAISE(ABORT, 'sign-offs are immutable'); END;

DROP TRIGGER scope_version_immutable;
CREATE TRIGGER scope_version_immutable BEFORE UPDATE ON scope_version
WHEN NOT (NEW.org_alias IS NOT OLD.org_alias AND EXISTS (SELECT 1 FROM alias_move WHERE moving = 1 AND from_alias = OLD.org_alias AND to_alias = NEW.org_alias))
BEGIN SELECT RAISE(ABORT, 'scope versions are immutable'); END;

DROP TRIGGER activity_append_only;
CREATE TRIGGER activity_append_only BEFORE UPDATE ON activity
WHEN NOT (NEW.org_alias IS NOT OLD.org_alias AND EXISTS (SELECT 1 FROM alias_move WHERE moving = 1 AND from_alias = OLD.org_alias AND to_alias = NEW.org_alias))
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
