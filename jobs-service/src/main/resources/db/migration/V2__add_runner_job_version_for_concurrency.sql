-- The optimistic-concurrency version, bumped by every write and served as the ETag.
-- Existing rows start at 0; ADD COLUMN with a constant default does not rewrite the table.
ALTER TABLE runner_jobs ADD COLUMN version integer NOT NULL DEFAULT 0;
