-- Scenario 1: the statements of one progress call, as jobs-service issues them: BEGIN, the one
-- guarded UPDATE that also inserts the PROGRESS event (RunnerJobEntity.RAISE_PROGRESS), the read
-- of the job that answers the call, COMMIT.
-- The service binds the new value and guards "progress_percent < new"; here the new value is the
-- stored one plus 1 (wrapping after 100, so a row never runs out of real writes), with a guard of
-- the same shape that always holds: every call is a real write, as in the HTTP scenarios.
-- Jobs are the rows md5(:prefix || n)::uuid, n in 1..:rows, seeded by run.sh like the HTTP scenarios'.
\set n random(1, :rows)
BEGIN;
WITH raised AS (
    UPDATE runner_jobs
       SET progress_percent = progress_percent % 100 + 1,
           current_step = coalesce(cast(NULL AS text), current_step),
           updated_at = now(),
           version = version + 1
     WHERE id = md5(:prefix::text || :n::text)::uuid AND status = 'RUNNING' AND progress_percent < 101
 RETURNING id, status, progress_percent, updated_at
)
INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
SELECT id, 'PROGRESS', status, status, progress_percent, NULL, 'coordinator', updated_at
  FROM raised;
select rje1_0.id,rje1_0.attempt,rje1_0.completed_at,rje1_0.created_at,rje1_0.created_by,rje1_0.current_step,rje1_0.error,rje1_0.payload,rje1_0.priority,rje1_0.progress_percent,rje1_0.result,rje1_0.started_at,rje1_0.status,rje1_0.type,rje1_0.updated_at,rje1_0.version,rje1_0.workspace_id from runner_jobs rje1_0 where rje1_0.id=md5(:prefix::text || :n::text)::uuid;
COMMIT;
