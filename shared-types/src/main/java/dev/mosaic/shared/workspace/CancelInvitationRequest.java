package dev.mosaic.shared.workspace;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/auth/workspace/cancel-invitation}: revokes a pending invitation. */
public record CancelInvitationRequest(@NotNull(message = "is required") UUID invitationId) {
}
