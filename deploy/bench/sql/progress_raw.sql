-- Scenario 1: one progress call without Idempotency-Key, as jobs-service issues it
-- (job.ProgressStatement.ON_POOL, prepared once per connection): ONE statement in autocommit that
-- raises the job under the status, value and lease guards, extends the lease once half of it is used,
-- inserts the PROGRESS event and returns the job. No BEGIN, no SELECT, no COMMIT.
-- The service binds the new value and guards "progress_percent < new"; here the new value is the
-- stored one plus 1 (wrapping after 100, so a row never runs out of real writes), with a guard of the
-- same shape that always holds: every call is a real write, as in the HTTP scenarios. No step is
-- sent, as in the HTTP scenarios, so the step parameter is NULL; the service binds its clock as
-- updated_at, here now().
-- The lease guard is the service's: run.sh seeds every job with the run's lease (:epoch, :holder,
-- :hash = the SHA-256 of its secret, which the service computes from the Mosaic-Lease header).
-- Jobs are the rows md5(:prefix || n)::uuid, n in 1..:rows, seeded by run.sh like the HTTP scenarios'.
\set n random(1, :rows)
WITH raised AS (
    UPDATE runner_jobs
       SET progress_percent = progress_percent % 100 + 1,
           current_step = coalesce(cast(NULL AS text), current_step),
           updated_at = now(),
           version = version + 1,
           lease_expires_at = CASE
               WHEN lease_expires_at < now() + lease_seconds * interval '0.5 second'
               THEN now() + lease_seconds * interval '1 second'
               ELSE lease_expires_at END
     WHERE id = md5(:prefix::text || :n::text)::uuid AND status = 'RUNNING'
       AND (progress_percent < 101
            OR (progress_percent = 101 AND cast(NULL AS text) IS NOT NULL
                AND current_step IS DISTINCT FROM cast(NULL AS text)))
       AND lease_epoch = :epoch AND lease_holder = :holder AND lease_secret_hash = :hash
       AND lease_expires_at > now()
    RETURNING *
), event AS (
    INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
    SELECT id, 'PROGRESS', status, status, progress_percent,
           CASE WHEN cast(NULL AS text) IS NULL THEN NULL
                ELSE jsonb_build_object('step', cast(NULL AS text)) END,
           :holder, updated_at
      FROM raised
)
SELECT * FROM raised;
