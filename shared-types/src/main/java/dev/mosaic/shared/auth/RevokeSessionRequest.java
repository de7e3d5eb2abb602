package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/auth/revoke-session}: the id of one of the caller's own sessions. */
public record RevokeSessionRequest(@NotNull(message = "is required") UUID sessionId) {
}
