package dev.mosaic.shared.workspace;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/auth/workspace/leave}: the workspace the caller leaves. */
public record WorkspaceRef(@NotNull(message = "is required") UUID workspaceId) {
}
