package dev.mosaic.shared.workspace;

import java.time.Instant;
import java.util.UUID;

/** A workspace as one of its members sees it, with that member's role. */
public record WorkspaceView(UUID id, String name, boolean personal, WorkspaceRole role, Instant createdAt) {
}
