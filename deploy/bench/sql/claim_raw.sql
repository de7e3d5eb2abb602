-- Scenario 6: one claim as jobs-service issues it (JobQueue.claim): in one transaction, first the
-- lease expiry (JobQueue.EXPIRE, limited to :max jobs, as the claim limits it), then the claim
-- (JobQueue.CLAIM) of up to :max PENDING jobs of the types :types for :holder, under a lease of
-- :lease_seconds (the service's default). The service binds its clock for updated_at and the events;
-- here that is now(). run.sh seeds the queue afresh before every point and counts the jobs claimed.
BEGIN;
WITH expired AS (
    SELECT id, status, attempt, lease_holder
      FROM runner_jobs
     WHERE status IN ('QUEUED', 'RUNNING') AND lease_expires_at <= now()
     ORDER BY lease_expires_at
     LIMIT :max
       FOR UPDATE SKIP LOCKED
), taken_back AS (
    UPDATE runner_jobs j
       SET status = CASE WHEN j.attempt < j.max_attempts THEN 'PENDING' ELSE 'FAILED' END,
           attempt = CASE WHEN j.attempt < j.max_attempts THEN j.attempt + 1 ELSE j.attempt END,
           progress_percent = CASE WHEN j.attempt < j.max_attempts THEN 0 ELSE j.progress_percent END,
           current_step = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE j.current_step END,
           started_at = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE j.started_at END,
           completed_at = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE now() END,
           error = CASE WHEN j.attempt < j.max_attempts THEN NULL
                   ELSE 'Lease expired on attempt ' || j.attempt || ' of ' || j.max_attempts
                        || ': no coordinator finished the job in time.' END,
           lease_holder = NULL,
           lease_secret_hash = NULL,
           lease_seconds = NULL,
           lease_expires_at = NULL,
           updated_at = now(),
           version = j.version + 1
      FROM expired
     WHERE j.id = expired.id
 RETURNING j.id, j.status, j.progress_percent, j.max_attempts,
           expired.status AS from_status, expired.attempt AS expired_attempt, expired.lease_holder
)
INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
SELECT id, 'LEASE_EXPIRED', from_status, status, progress_percent,
       jsonb_build_object('holder', lease_holder, 'attempt', expired_attempt, 'maxAttempts', max_attempts),
       'jobs-service', now()
  FROM taken_back;
WITH next AS (
    SELECT id, cast(gen_random_uuid() AS text) AS lease_secret
      FROM runner_jobs
     WHERE status = 'PENDING' AND (:types::text[] IS NULL OR type = ANY(:types::text[]))
     ORDER BY priority DESC, created_at, id
     LIMIT :max
       FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE runner_jobs j
       SET status = 'QUEUED',
           lease_epoch = j.lease_epoch + 1,
           lease_holder = :holder::text,
           lease_secret_hash = sha256(convert_to(next.lease_secret, 'UTF8')),
           lease_seconds = :lease_seconds::integer,
           lease_expires_at = now() + :lease_seconds::integer * interval '1 second',
           updated_at = now(),
           version = j.version + 1
      FROM next
     WHERE j.id = next.id
 RETURNING j.*, next.lease_secret
), events AS (
    INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
    SELECT id, 'CLAIMED', 'PENDING', 'QUEUED', progress_percent,
           jsonb_build_object('attempt', attempt, 'leaseExpiresAt', lease_expires_at), :holder::text, now()
      FROM claimed
), remembered AS (
    -- The bench's claims carry no Idempotency-Key (NULL here, as the service binds it): nothing is remembered.
    INSERT INTO idempotency_keys (actor, idempotency_key, request_hash, claimed_job_ids, claimed_lease_epochs,
                                  created_at)
    SELECT :holder::text, NULL::text, NULL::text, array_agg(id ORDER BY id), array_agg(lease_epoch ORDER BY id),
           now()
      FROM claimed
     WHERE NULL::text IS NOT NULL
    HAVING count(*) > 0
)
SELECT * FROM claimed ORDER BY priority DESC, created_at, id;
COMMIT;
