CREATE TABLE runner_jobs (
    id               uuid PRIMARY KEY,
    workspace_id     uuid        NOT NULL,
    created_by       text        NOT NULL,
    type             text        NOT NULL,
    priority         integer     NOT NULL CHECK (priority BETWEEN 0 AND 100),
    status           text        NOT NULL CHECK (status IN ('PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    progress_percent integer     NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    current_step     text,
    payload          jsonb,
    result           jsonb,
    error            text,
    attempt          integer     NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    completed_at     timestamptz
);

-- A workspace's jobs, newest first (keyset pagination on created_at, id).
CREATE INDEX runner_jobs_workspace_newest ON runner_jobs (workspace_id, created_at DESC, id DESC);
-- The next QUEUED jobs by priority, for coordinators.
CREATE INDEX runner_jobs_queued_by_priority ON runner_jobs (priority DESC, created_at) WHERE status = 'QUEUED';

CREATE TABLE job_events (
    id               bigserial PRIMARY KEY,
    job_id           uuid        NOT NULL REFERENCES runner_jobs (id) ON DELETE CASCADE,
    type             text        NOT NULL CHECK (type IN ('CREATED', 'STATUS_CHANGED', 'PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED', 'RETRIED')),
    from_status      text,
    to_status        text,
    progress_percent integer,
    data             jsonb,
    actor            text        NOT NULL,
    occurred_at      timestamptz NOT NULL
);

CREATE INDEX job_events_timeline ON job_events (job_id, id);
