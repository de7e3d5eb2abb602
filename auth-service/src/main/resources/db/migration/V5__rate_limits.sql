-- One counter per rate-limit key (sign-in attempts per client, address and account; mails per target email
-- and address; SSO starts per address). A hit is counted by one upsert that returns the count, so racing
-- requests are counted one after the other on the row's lock, never all against the same old count.
-- A window starts at the first hit after the previous one ended; rows whose window ended are purged.
CREATE TABLE rate_limits (
    key         text        PRIMARY KEY,
    hits        integer     NOT NULL,
    window_ends timestamptz NOT NULL
);
CREATE INDEX rate_limits_window_ends ON rate_limits (window_ends);

-- sign_in_failures is no longer read or written; it stays until no replica of the previous release runs
-- (rolling upgrades), and is dropped by a later migration.
COMMENT ON TABLE sign_in_failures IS 'unused since V5 (see rate_limits); dropped by a later migration';
