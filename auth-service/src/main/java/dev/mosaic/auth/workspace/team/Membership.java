package dev.mosaic.auth.workspace.team;

import dev.mosaic.auth.workspace.Workspace;
import dev.mosaic.auth.workspace.WorkspaceMember;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import dev.mosaic.shared.workspace.WorkspaceRole;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/**
 * The caller's membership of a workspace, read after its row was locked: the rules of who may do what to
 * whom are checked here, against what no concurrent writer can change until the transaction ends.
 */
public record Membership(Workspace workspace, WorkspaceMember caller) {

    /**
     * Locks the workspace's row ({@code SELECT … FOR UPDATE}) and reads the caller's membership: every write to a
     * workspace's members or invitations starts here, so two of them on one workspace run one after the other.
     * Not a member (or no such workspace): 404, alike, so nobody learns which workspaces exist.
     */
    public static Uni<Membership> lock(UUID workspaceId, UUID callerId) {
        return find(workspaceId, callerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The caller's membership of {@code workspace}, which the caller has locked or only reads; not a member: 404. */
    public static Uni<Membership> in(Workspace workspace, UUID callerId) {
        return WorkspaceMember.find(workspace.id, callerId).map(caller -> {
            if (caller == null) {
                throw notYours(workspace.id);
            }
            return new Membership(workspace, caller);
        });
    }

    /** The caller's membership without a lock: for reads. */
    public static Uni<Membership> read(UUID workspaceId, UUID callerId) {
        return find(workspaceId, callerId, LockModeType.NONE);
    }

    private static Uni<Membership> find(UUID workspaceId, UUID callerId, LockModeType lock) {
        return Workspace.<Workspace>findById(workspaceId, lock).chain(workspace -> workspace == null
                ? Uni.createFrom().failure(notYours(workspaceId)) : in(workspace, callerId));
    }

    static ProblemException notYours(UUID workspaceId) {
        return new ProblemException(ProblemType.NOT_FOUND, "You are not a member of a workspace " + workspaceId + ".");
    }

    /** Personal workspaces have one member, their owner, for ever. */
    public Membership requireTeam(String action) {
        if (workspace.personal) {
            throw new ProblemException(ProblemType.CONFLICT, "A personal workspace has one member, its owner, so it "
                    + "cannot be " + action + ". Create a team workspace with POST /api/auth/workspace/create.");
        }
        return this;
    }

    /** Owners and admins manage members and invitations; a member does not. */
    public Membership requireManager(String action) {
        if (!caller.role.manages()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the workspace's owners and admins may " + action
                    + "; you are a member.");
        }
        return this;
    }

    /** Making, unmaking or removing an owner is for owners only. */
    public Membership requireMayTouch(WorkspaceRole from, WorkspaceRole to) {
        if (!mayTouch(from, to)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only an owner may make, unmake or remove an owner.");
        }
        return this;
    }

    /** Whether the caller may bring someone in as {@code role}: {@link #requireManager} and {@link #requireMayTouch}. */
    public boolean mayGrant(WorkspaceRole role) {
        return caller.role.manages() && mayTouch(role, role);
    }

    private boolean mayTouch(WorkspaceRole from, WorkspaceRole to) {
        return from != WorkspaceRole.OWNER && to != WorkspaceRole.OWNER || caller.role == WorkspaceRole.OWNER;
    }

    /** Refuses to let {@code leaving} stop being an owner when they are the workspace's only one. */
    public Uni<Void> requireAnotherOwnerThan(WorkspaceMember leaving) {
        if (leaving.role != WorkspaceRole.OWNER) {
            return Uni.createFrom().voidItem();
        }
        return WorkspaceMember.owners(workspace.id).invoke(owners -> {
            if (owners <= 1) {
                throw new ProblemException(ProblemType.LAST_OWNER, "A workspace needs an owner, and "
                        + (leaving.userId.equals(caller.userId) ? "you are" : "this member is")
                        + " its only one: make another member owner first.");
            }
        }).replaceWithVoid();
    }

    public UUID workspaceId() {
        return workspace.id;
    }
}
