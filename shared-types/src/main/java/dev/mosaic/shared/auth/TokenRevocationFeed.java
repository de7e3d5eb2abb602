package dev.mosaic.shared.auth;

import java.util.List;

/**
 * A page of auth-service's revocation feed ({@code GET /api/auth/revocations?since=<cursor>}), oldest
 * first. Ask again with {@code since=cursor} for what came after; {@code more} says that the next page
 * is ready at once. The cursor is opaque to readers.
 */
public record TokenRevocationFeed(String cursor, List<TokenRevocation> revocations, boolean more) {
}
