package dev.mosaic.jobs.caller;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.List;
import java.util.UUID;

/**
 * The workspace a user means: the one named by the {@code workspace} query parameter, or the
 * token's only workspace when it has just one. Whether the caller may act there is the services' rule.
 */
public final class WorkspaceChoice {
    private WorkspaceChoice() {
    }

    public static UUID of(AuthUser caller, UUID requested) {
        if (requested != null) {
            return requested;
        }
        if (caller.workspaceIds().size() == 1) {
            return caller.workspaceIds().iterator().next();
        }
        throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                "You belong to " + caller.workspaceIds().size() + " workspaces; name one with ?workspace=<id>.",
                List.of(new Problem.FieldError("workspace", "is required when the token names several workspaces"))));
    }
}
