-- Rotating a machine client's secret: the previous secret (its SHA-256 only, like the current one)
-- keeps working until previous_secret_expires_at, so a running client can switch without downtime.
ALTER TABLE service_clients
    ADD COLUMN previous_secret_hash       bytea,
    ADD COLUMN previous_secret_expires_at timestamptz,
    ADD CONSTRAINT service_clients_previous_secret_whole
        CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL));
