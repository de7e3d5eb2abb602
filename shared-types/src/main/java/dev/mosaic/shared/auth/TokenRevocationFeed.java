package dev.mosaic.shared.auth;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of auth-service's revocation feed ({@code GET /api/auth/revocations?since=<cursor>}), oldest
 * first. Ask again with {@code since=cursor} for what came after; {@code more} says that the next page
 * is ready at once. The cursor is opaque to readers.
 */
public record TokenRevocationFeed(
        @Schema(description = "Opaque; send as `since` for what came after") String cursor,
        List<TokenRevocation> revocations,
        @Schema(description = "The next page is ready at once") boolean more) {
}
