package dev.mosaic.jobs.caller;

import dev.mosaic.jobs.revocation.RevocationCheck;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** No token, a token we cannot trust (401), or the wrong role for this endpoint (403), as problems. */
public class SecurityProblemMapper {
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException exception) {
        return challenge("Send an access token from auth-service as 'Authorization: Bearer <token>'.");
    }

    @ServerExceptionMapper
    public Response untrusted(AuthenticationFailedException exception) {
        if (exception.getCause() instanceof RevocationCheck.Revoked) {
            return challenge("The access token was revoked: its session ended (sign-out, revocation or password "
                    + "reset) or its machine client was deleted. Sign in again.");
        }
        return challenge("The access token is not valid here: expired, not signed by auth-service, or not meant "
                + "for Mosaic. Get a fresh one.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return ProblemResponses.of(Problem.of(ProblemType.FORBIDDEN,
                "Your token does not carry the role this endpoint needs."));
    }

    private static Response challenge(String detail) {
        ProblemException unauthorized = BearerAuthorization.unauthorized(detail);
        return ProblemResponses.of(unauthorized.problem(), unauthorized.headers());
    }
}
