package dev.mosaic.shared.auth;

import java.time.Instant;
import java.util.UUID;

/** One signed-in device of a user; {@code current} marks the session that asked. */
public record SessionView(UUID id, Instant createdAt, Instant expiresAt, String ipAddress, String userAgent,
        boolean current) {
}
