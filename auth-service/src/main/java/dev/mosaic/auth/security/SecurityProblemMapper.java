package dev.mosaic.auth.security;

import dev.mosaic.shared.availability.DatabaseOutage;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refused authentication as problems. The mechanisms ({@code SessionAuthentication}, {@code AccessTokenAuthentication})
 * fail with the problem that says what to send as the cause, so each endpoint keeps its own advice; a missing role
 * is 403.
 */
public class SecurityProblemMapper {
    @ServerExceptionMapper
    public Response refused(AuthenticationFailedException failure) {
        if (failure.getCause() instanceof ProblemException problem) {
            return ProblemResponses.of(problem.problem(), problem.headers());
        }
        if (DatabaseOutage.isOutage(failure)) {
            return DatabaseOutage.answer(failure);
        }
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException exception) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, ResourceInfo resource) {
        RolesAllowed roles = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        String needed = roles == null ? "a role" : "the '" + String.join("' or '", List.of(roles.value())) + "' role";
        return ProblemResponses.of(Problem.of(ProblemType.FORBIDDEN,
                "This needs " + needed + ", which you do not hold."));
    }

    private static Response unauthorized() {
        ProblemException unauthorized = BearerAuthorization.unauthorized("Sign in first, then send your credentials.");
        return ProblemResponses.of(unauthorized.problem(), unauthorized.headers());
    }
}
