package dev.mosaic.shared.workspace;

import java.time.Instant;
import java.util.UUID;

/** An invitation as the workspace's owners and admins list it; never its token, which only the mail carries. */
public record InvitationView(UUID id, UUID workspaceId, String email, WorkspaceRole role, InvitationStatus status,
        UUID invitedBy, Instant createdAt, Instant expiresAt) {
}
