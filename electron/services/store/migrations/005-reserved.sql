-- Placeholder: number 005 belongs to the "review" branch (#19). It keeps 006 applicable on
-- this branch alone; delete this file when review's 005 is merged.
SELECT 1;
