package dev.mosaic.shared.workspace;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/auth/workspace/update-member-role}. */
public record UpdateMemberRoleRequest(@NotNull(message = "is required") UUID workspaceId,
        @NotNull(message = "is required") UUID userId,
        @NotNull(message = "is required") WorkspaceRole role) {
}
