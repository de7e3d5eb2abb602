-- Revocations of access tokens before their exp, read by jobs-service (GET /api/auth/revocations?since=).
-- seq is the feed's cursor; inserts take a transaction-scoped advisory lock first, so rows commit in seq
-- order and a reader that has seen seq n never later finds a smaller one. A row is needed only until
-- the last token it can match has expired (keep_until), then purged.
CREATE TABLE token_revocations (
    seq        bigserial PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('session', 'client')),
    subject    text        NOT NULL,
    revoked_at timestamptz NOT NULL,
    keep_until timestamptz NOT NULL
);
CREATE INDEX token_revocations_keep_until ON token_revocations (keep_until);

-- Whether the provider vouched for the email (email_verified) when this identity was linked. From V6 on
-- an unvouched email neither creates nor links, so new rows are all true. Identities linked before, when
-- a first SSO sign-in with an unvouched email made a new user, are recognised by that user's address
-- still being unverified: such a row is removed when the address's owner proves it (password reset or
-- email verification), so it cannot share the account with whoever really owns the mailbox.
ALTER TABLE accounts ADD COLUMN email_vouched boolean NOT NULL DEFAULT true;
UPDATE accounts a
SET email_vouched = false
FROM users u
WHERE a.user_id = u.id AND a.provider_id <> 'credential' AND NOT u.email_verified;
