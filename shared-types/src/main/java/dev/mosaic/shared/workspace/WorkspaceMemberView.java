package dev.mosaic.shared.workspace;

import java.time.Instant;
import java.util.UUID;

/** One member of a workspace: who, and with which role since when. */
public record WorkspaceMemberView(UUID userId, String email, String name, WorkspaceRole role, Instant joinedAt) {
}
