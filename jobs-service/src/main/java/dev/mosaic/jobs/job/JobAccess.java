package dev.mosaic.jobs.job;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;

/**
 * Who may touch which job. Coordinators execute jobs of every workspace; admins see every
 * workspace; users only their own. A job the caller may not see is reported as missing.
 */
public final class JobAccess {
    private JobAccess() {
    }

    public static RunnerJobEntity visibleOrNotFound(AuthUser caller, UUID id, RunnerJobEntity job) {
        if (job == null || !canSee(caller, job.workspaceId)) {
            throw new JobNotFoundException(id);
        }
        return job;
    }

    /** Acting in a workspace by name (creating, listing) needs membership; 403 leaks no job. */
    public static void requireMember(AuthUser caller, UUID workspaceId) {
        if (!caller.canAccessWorkspace(workspaceId)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "You are not a member of workspace " + workspaceId + ".");
        }
    }

    public static boolean canSee(AuthUser caller, UUID workspaceId) {
        return caller.hasRole(Roles.COORDINATOR) || caller.canAccessWorkspace(workspaceId);
    }
}
