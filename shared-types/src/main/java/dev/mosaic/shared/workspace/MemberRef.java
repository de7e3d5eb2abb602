package dev.mosaic.shared.workspace;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/auth/workspace/remove-member}: one member of one workspace. */
public record MemberRef(@NotNull(message = "is required") UUID workspaceId,
        @NotNull(message = "is required") UUID userId) {
}
