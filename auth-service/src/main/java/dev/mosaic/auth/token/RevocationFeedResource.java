package dev.mosaic.auth.token;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The revocation feed that verifiers poll. Public like the JWKS, because it is harmless: it names only
 * session ids (random, never a credential, not tied to a person here) and ids of deleted machine
 * clients, for at most a token lifetime, and nothing in it lets anyone sign in, revoke or learn who.
 */
@Path("/api/auth/revocations")
@Tag(name = AuthServiceApi.TOKENS)
@Cancellable(false)
public class RevocationFeedResource {
    private final TokenRevocations revocations;

    RevocationFeedResource(TokenRevocations revocations) {
        this.revocations = revocations;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoked sessions and machine clients, for verifiers",
            description = "Oldest first, at most 500 a page; verifiers refuse the access tokens of what it names.")
    public Uni<RestResponse<TokenRevocationFeed>> feed(
            @Parameter(description = "`cursor` of an earlier answer; absent: from the start") @QueryParam("since")
            String since) {
        return revocations.feed(cursor(since)).map(feed -> RestResponse.ResponseBuilder.ok(feed)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private static long cursor(String since) {
        if (since == null || since.isEmpty()) {
            return 0;
        }
        try {
            long cursor = Long.parseLong(since);
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException notACursor) {
            // answered below
        }
        throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                "'since' must be a cursor from an earlier answer of this feed, or absent for all of it.",
                List.of(new Problem.FieldError("since", "is not a cursor of this feed"))));
    }
}
