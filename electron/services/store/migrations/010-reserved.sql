-- Placeholder: number 010 belongs to the "realorg" branch (#15). It keeps 011 applicable on
-- this branch alone; delete this file when realorg's 010 is merged (or if it needs none).
SELECT 1;
