-- An admin's listing of every workspace's jobs (GET /api/runner-jobs?allWorkspaces=true) pages newest first across
-- workspaces: without this index each page would sort the whole table. No update changes these columns, so
-- progress updates stay HOT. The build blocks writes to runner_jobs while it runs (seconds for a few million rows);
-- for a far larger table, create the same index by hand first with CREATE INDEX CONCURRENTLY, and this migration
-- finds it there.
CREATE INDEX IF NOT EXISTS runner_jobs_newest ON runner_jobs (created_at DESC, id DESC);
