-- Emails are stored trimmed and lower-cased; the index on lower(email) keeps them unique even if
-- a writer forgets to normalise.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text        NOT NULL,
    name           text        NOT NULL,
    email_verified boolean     NOT NULL DEFAULT false,
    image          text,
    roles          text[]      NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

-- provider_id 'credential' holds the argon2id hash; other providers (OIDC) hold their tokens.
CREATE TABLE accounts (
    id                       uuid PRIMARY KEY,
    user_id                  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider_id              text        NOT NULL,
    account_id               text        NOT NULL,
    password_hash            text,
    access_token             text,
    refresh_token            text,
    id_token                 text,
    access_token_expires_at  timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    UNIQUE (provider_id, account_id)
);
CREATE INDEX accounts_user ON accounts (user_id);

-- Only the SHA-256 of a session token is kept: a leaked table does not sign anyone in.
CREATE TABLE sessions (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    ip_address text,
    user_agent text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Mailed one-time tokens (email verification, password reset), kept as SHA-256 only.
CREATE TABLE verifications (
    id         uuid PRIMARY KEY,
    purpose    text        NOT NULL,
    identifier text        NOT NULL,
    value_hash bytea       NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX verifications_identifier ON verifications (purpose, identifier);

-- Signing keys. retired_at IS NULL marks the one key that signs; the partial unique index makes
-- "two replicas created a key at once" impossible. Retired keys stay published until expires_at.
CREATE TABLE jwks (
    id                    text PRIMARY KEY,
    algorithm             text        NOT NULL,
    public_key            bytea       NOT NULL,
    private_key_encrypted bytea       NOT NULL,
    created_at            timestamptz NOT NULL,
    retired_at            timestamptz,
    expires_at            timestamptz
);
CREATE UNIQUE INDEX jwks_one_signing_key ON jwks ((true)) WHERE retired_at IS NULL;

CREATE TABLE service_clients (
    client_id   text PRIMARY KEY,
    secret_hash bytea       NOT NULL,
    name        text        NOT NULL,
    roles       text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE workspaces (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    personal   boolean     NOT NULL,
    owner_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX workspaces_one_personal_per_owner ON workspaces (owner_id) WHERE personal;

CREATE TABLE workspace_members (
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (workspace_id, user_id)
);
CREATE INDEX workspace_members_user ON workspace_members (user_id);

-- Failed sign-ins, shared by all replicas: the throttle counts them per email and per address.
CREATE TABLE sign_in_failures (
    id        bigserial PRIMARY KEY,
    subject   text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, failed_at);
