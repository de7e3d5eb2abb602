-- Coordinators hold the jobs they work on under a lease (see the jobs-service README):
-- lease_epoch counts the claims of a job and is never reset, so every claim's token is newer than
-- the last (fencing); only the SHA-256 of the token's secret is stored.
ALTER TABLE runner_jobs
    ADD COLUMN max_attempts      integer     NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 100),
    ADD COLUMN lease_epoch       bigint      NOT NULL DEFAULT 0,
    ADD COLUMN lease_holder      text,
    ADD COLUMN lease_secret_hash bytea,
    ADD COLUMN lease_seconds     integer     CHECK (lease_seconds > 0),
    ADD COLUMN lease_expires_at  timestamptz;

ALTER TABLE job_events DROP CONSTRAINT job_events_type_check;
ALTER TABLE job_events ADD CONSTRAINT job_events_type_check CHECK (type IN
    ('CREATED', 'STATUS_CHANGED', 'PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED', 'RETRIED', 'CLAIMED', 'LEASE_EXPIRED'));

-- Claims take PENDING jobs by priority, then age; nothing reads QUEUED jobs that way any more.
DROP INDEX runner_jobs_queued_by_priority;
CREATE INDEX runner_jobs_claimable ON runner_jobs (priority DESC, created_at, id) WHERE status = 'PENDING';
-- The sweep finds expired leases without reading the jobs nobody holds.
CREATE INDEX runner_jobs_lease_expiry ON runner_jobs (lease_expires_at) WHERE status IN ('QUEUED', 'RUNNING');

-- Jobs queued or running before leases existed have no holder that could ever write to them:
-- their leases count as expired, so the first sweep hands them out again (attempt + 1).
UPDATE runner_jobs SET lease_seconds = 60, lease_expires_at = now() WHERE status IN ('QUEUED', 'RUNNING');

-- Long polls wait for this: every replica LISTENs and wakes its waiting claims of the job's type.
CREATE FUNCTION notify_job_claimable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mosaic_job_claimable', NEW.type);
    RETURN NULL;
END
$$;

CREATE TRIGGER runner_jobs_claimable
    AFTER INSERT OR UPDATE OF status ON runner_jobs
    FOR EACH ROW WHEN (NEW.status = 'PENDING')
    EXECUTE FUNCTION notify_job_claimable();
