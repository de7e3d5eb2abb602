package dev.mosaic.jobs.caller;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling. The one seam between HTTP and the services' rules: resources ask it for the
 * {@link AuthUser} and pass that on, so the services never read identity from globals.
 *
 * <p>Until jobs-service verifies auth-service's tokens (issue 6), the caller is declared by the
 * {@code X-Mosaic-Actor} and {@code X-Mosaic-Workspace} headers; the roles follow from the
 * endpoint used. This is a development seam, not security.
 */
@ApplicationScoped
public class CallerResolver {
    static final String ACTOR_HEADER = "X-Mosaic-Actor";
    static final String WORKSPACE_HEADER = "X-Mosaic-Workspace";

    public AuthUser user(HttpHeaders headers) {
        String workspace = headers.getHeaderString(WORKSPACE_HEADER);
        if (workspace == null) {
            throw new ProblemException(Problem.of(ProblemType.UNAUTHORIZED,
                    "Say which workspace you act in with the " + WORKSPACE_HEADER + " header."));
        }
        UUID workspaceId;
        try {
            workspaceId = UUID.fromString(workspace.trim());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    WORKSPACE_HEADER + " must be a workspace id (a UUID)."));
        }
        return new AuthUser(actor(headers, "user"), AuthUser.Kind.USER, null, null, Set.of(Roles.USER),
                Set.of(workspaceId));
    }

    public AuthUser coordinator(HttpHeaders headers) {
        return new AuthUser(actor(headers, "coordinator"), AuthUser.Kind.SERVICE, null, null,
                Set.of(Roles.COORDINATOR), Set.of());
    }

    private static String actor(HttpHeaders headers, String fallback) {
        String actor = headers.getHeaderString(ACTOR_HEADER);
        return actor == null || actor.isBlank() ? fallback : actor.trim();
    }
}
