package dev.mosaic.jobs.revocation;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Until this replica has read the revocation feed once it cannot tell a revoked token from a good one,
 * so a request that brings a token waits for it (503, Retry-After) rather than being let in. Readiness
 * says the same to load balancers ({@link RevocationReadiness}); this covers whoever calls anyway.
 */
public class RevocationsNotLoadedFilter {
    private final RevocationFeed feed;

    RevocationsNotLoadedFilter(RevocationFeed feed) {
        this.feed = feed;
    }

    @ServerRequestFilter
    public Response refuseTokensBeforeTheFirstRead(ContainerRequestContext request) {
        if (feed.loaded() || request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            return null;
        }
        return ProblemResponses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "This replica is starting and cannot check tokens yet. Repeat the request after Retry-After seconds."),
                Map.of("Retry-After", "2"));
    }
}
