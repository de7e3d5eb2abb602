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
        requireVisible(caller, id, job == null ? null : job.workspaceId);
        return job;
    }

    /** @param workspaceId the job's workspace, null when there is no such job */
    public static void requireVisible(AuthUser caller, UUID id, UUID workspaceId) {
        if (workspaceId == null || !canSee(caller, workspaceId)) {
            throw new JobNotFoundException(id);
        }
    }

    /** Acting in a workspace by name (creating, listing) needs membership; 403 leaks no job. */
    public static void requireMember(AuthUser caller, UUID workspaceId) {
        if (!caller.canAccessWorkspace(workspaceId)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "You are not a member of workspace " + workspaceId + ".");
        }
    }

    /** Listing every workspace's jobs at once, those of deleted workspaces too: admins only. */
    public static void requireAdmin(AuthUser caller) {
        if (!caller.hasRole(Roles.ADMIN)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only admins list the jobs of every workspace; name yours "
                    + "with ?workspace=<id>.");
        }
    }

    public static boolean canSee(AuthUser caller, UUID workspaceId) {
        return caller.hasRole(Roles.COORDINATOR) || caller.canAccessWorkspace(workspaceId);
    }
}
