package dev.mosaic.auth.session;

import io.quarkus.security.identity.SecurityIdentity;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The caller of an endpoint that {@link SessionAuthentication} guards: their session, the token it came with
 * (to renew the cookie), whether this request extended it, and when it was opened (how recent the sign-in is).
 */
public record SignedInSession(UUID sessionId, UUID userId, Instant expiresAt, String token, boolean refreshed,
        Instant openedAt)
        implements Principal {

    public static SignedInSession of(SecurityIdentity identity) {
        return (SignedInSession) identity.getPrincipal();
    }

    /** Whether the person signed in (opened this session) within {@code recent} of now. */
    public boolean signedInWithin(Duration recent) {
        return openedAt.plus(recent).isAfter(Instant.now());
    }

    @Override
    public String getName() {
        return userId.toString();
    }

    /** Without the token: a principal may end up in a log line. */
    @Override
    public String toString() {
        return "SignedInSession[session=" + sessionId + ", user=" + userId + "]";
    }
}
