package dev.mosaic.shared.auth;

import java.time.Instant;

/**
 * Access tokens that must no longer be accepted although their {@code exp} has not passed: those of
 * an ended session ({@value #SESSION}: every token whose {@code sid} is {@code id}), or those of a
 * deleted machine client ({@value #CLIENT}: every token whose {@code sub} is {@code id} issued at or
 * before {@code revokedAt}; a client created again later under the same id gets tokens that count).
 * A verifier may forget the entry after {@code keepUntil}: no token it matches is still unexpired then.
 *
 * @param kind {@value #SESSION} or {@value #CLIENT}; a verifier ignores kinds it does not know (added later)
 */
public record TokenRevocation(String kind, String id, Instant revokedAt, Instant keepUntil) {
    public static final String SESSION = "session";
    public static final String CLIENT = "client";
}
