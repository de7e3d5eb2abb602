package dev.mosaic.jobs.caller;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** No token, a token we cannot trust (401), or the wrong role for this endpoint (403), as problems. */
public class SecurityProblemMapper {
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException exception) {
        return ProblemResponses.of(Problem.of(ProblemType.UNAUTHORIZED,
                "Send an access token from auth-service as 'Authorization: Bearer <token>'."), CHALLENGE);
    }

    @ServerExceptionMapper
    public Response untrusted(AuthenticationFailedException exception) {
        return ProblemResponses.of(Problem.of(ProblemType.UNAUTHORIZED,
                "The access token is not valid here: expired, not signed by auth-service, or not meant for Mosaic. "
                        + "Get a fresh one."), CHALLENGE);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return ProblemResponses.of(Problem.of(ProblemType.FORBIDDEN,
                "Your token does not carry the role this endpoint needs."));
    }
}
