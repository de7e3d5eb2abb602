-- Team workspaces: members hold one of three roles, and invitations by email. Every write to a workspace's
-- members or invitations first locks its workspaces row (SELECT ... FOR UPDATE), so rules that count members,
-- such as "at least one owner", are checked and kept by one writer at a time.
-- owner_id now says whose personal workspace a row is, and nothing else: a team workspace belongs to its
-- members (its owners among them), so deleting the user who created it must not delete it with them.
ALTER TABLE workspaces ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE workspaces ADD CONSTRAINT workspaces_personal_has_owner CHECK (personal = (owner_id IS NOT NULL));

ALTER TABLE workspace_members
    ADD CONSTRAINT workspace_members_role CHECK (role IN ('owner', 'admin', 'member'));

-- Only the SHA-256 of an invitation's token is kept: the token itself is only in the mail. A row stays after
-- it is accepted or revoked, so the workspace's owners and admins see what became of it.
CREATE TABLE workspace_invitations (
    id           uuid PRIMARY KEY,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    token_hash   bytea       NOT NULL UNIQUE,
    invited_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    decided_at   timestamptz,
    accepted_by  uuid        REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX workspace_invitations_workspace ON workspace_invitations (workspace_id, created_at);
-- A new invitation of the same address to the same workspace revokes the one before: one pending at a time.
CREATE UNIQUE INDEX workspace_invitations_one_pending ON workspace_invitations (workspace_id, email)
    WHERE status = 'pending';
