-- The first successful answer to a mutating call that carried an Idempotency-Key, so that a
-- caller who repeats the call (say, after a network error) gets that answer again.
CREATE TABLE idempotency_keys (
    id               bigserial PRIMARY KEY,
    actor            text        NOT NULL,
    idempotency_key  text        NOT NULL,
    job_id           uuid        NOT NULL REFERENCES runner_jobs (id) ON DELETE CASCADE,
    request_hash     text        NOT NULL,
    response_status  integer     NOT NULL,
    response_body    jsonb       NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (actor, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
