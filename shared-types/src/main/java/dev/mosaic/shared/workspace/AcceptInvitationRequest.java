package dev.mosaic.shared.workspace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/workspace/accept-invitation}: the token of the mailed link. */
public record AcceptInvitationRequest(
        @NotBlank(message = "is required; use the link from the mail") @Size(max = 100) String token) {
}
