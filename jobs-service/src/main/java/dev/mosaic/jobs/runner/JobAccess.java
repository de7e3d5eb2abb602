package dev.mosaic.jobs.runner;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
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

    public static boolean canSee(AuthUser caller, UUID workspaceId) {
        return caller.hasRole(Roles.COORDINATOR) || caller.canAccessWorkspace(workspaceId);
    }
}
