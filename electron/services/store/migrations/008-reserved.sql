-- Placeholder: number 008 belongs to the "safety" branch (#20). It keeps 011 applicable on
-- this branch alone; delete this file when safety's 008 is merged (or if it needs none).
SELECT 1;
