-- Placeholder: number 009 belongs to the "audit" branch (#16). It keeps 011 applicable on
-- this branch alone; delete this file when audit's 009 is merged (or if it needs none).
SELECT 1;
