-- Placeholder: number 007 belongs to the "memory" branch (#21). It keeps 011 applicable on
-- this branch alone; delete this file when memory's 007 is merged (or if it needs none).
SELECT 1;
