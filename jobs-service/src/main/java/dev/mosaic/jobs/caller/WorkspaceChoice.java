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

    /**
     * For a listing: the same, or null for every workspace when {@code everyWorkspace} is asked for (whether the
     * caller may, only admins, is the services' rule); asking for both is a 400.
     */
    public static UUID orEvery(AuthUser caller, UUID requested, boolean everyWorkspace) {
        notBoth(requested, everyWorkspace);
        return everyWorkspace ? null : of(caller, requested);
    }

    /** 400 when a workspace is named and every workspace asked for at once. */
    public static void notBoth(UUID requested, boolean everyWorkspace) {
        if (everyWorkspace && requested != null) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                    "Name one workspace with ?workspace=<id>, or ask for every workspace with ?allWorkspaces=true; not both.",
                    List.of(new Problem.FieldError("allWorkspaces", "cannot be combined with workspace"))));
        }
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
