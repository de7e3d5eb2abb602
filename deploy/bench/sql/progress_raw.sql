-- Scenario 1: the statements of one progress call, as jobs-service issues them: BEGIN, the one
-- guarded UPDATE that also extends the lease and inserts the PROGRESS event
-- (ProgressStatement.RAISE_PROGRESS), the read of the job that answers the call, COMMIT.
-- The service binds the new value and guards "progress_percent < new"; here the new value is the
-- stored one plus 1 (wrapping after 100, so a row never runs out of real writes), with a guard of
-- the same shape that always holds: every call is a real write, as in the HTTP scenarios. No step
-- is sent, as in the HTTP scenarios, so the step parameter is NULL.
-- The lease guard is the service's: run.sh seeds every job with the run's lease (:epoch, :holder,
-- :hash = the SHA-256 of its secret, which the service computes from the Mosaic-Lease header).
-- Jobs are the rows md5(:prefix || n)::uuid, n in 1..:rows, seeded by run.sh like the HTTP scenarios'.
\set n random(1, :rows)
BEGIN;
WITH raised AS (
    UPDATE runner_jobs
       SET progress_percent = progress_percent % 100 + 1,
           current_step = coalesce(cast(NULL AS text), current_step),
           updated_at = now(),
           version = version + 1,
           lease_expires_at = now() + lease_seconds * interval '1 second'
     WHERE id = md5(:prefix::text || :n::text)::uuid AND status = 'RUNNING'
       AND (progress_percent < 101
            OR (progress_percent = 101 AND cast(NULL AS text) IS NOT NULL
                AND current_step IS DISTINCT FROM cast(NULL AS text)))
       AND lease_epoch = :epoch AND lease_holder = :holder AND lease_secret_hash = :hash
       AND lease_expires_at > now()
 RETURNING id, status, progress_percent, updated_at
)
INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
SELECT id, 'PROGRESS', status, status, progress_percent,
       CASE WHEN cast(NULL AS text) IS NULL THEN NULL
            ELSE jsonb_build_object('step', cast(NULL AS text)) END,
       :holder, updated_at
  FROM raised;
select rje1_0.id,rje1_0.attempt,rje1_0.completed_at,rje1_0.created_at,rje1_0.created_by,rje1_0.current_step,rje1_0.error,rje1_0.lease_epoch,rje1_0.lease_expires_at,rje1_0.lease_holder,rje1_0.lease_seconds,rje1_0.lease_secret_hash,rje1_0.max_attempts,rje1_0.payload,rje1_0.priority,rje1_0.progress_percent,rje1_0.result,rje1_0.started_at,rje1_0.status,rje1_0.type,rje1_0.updated_at,rje1_0.version,rje1_0.workspace_id from runner_jobs rje1_0 where rje1_0.id=md5(:prefix::text || :n::text)::uuid;
COMMIT;
