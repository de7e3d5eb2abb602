package dev.mosaic.auth.workspace.team;

import dev.mosaic.auth.user.User;
import dev.mosaic.auth.workspace.Workspace;
import dev.mosaic.auth.workspace.WorkspaceMember;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import dev.mosaic.shared.workspace.UpdateMemberRoleRequest;
import dev.mosaic.shared.workspace.WorkspaceMemberView;
import dev.mosaic.shared.workspace.WorkspaceRole;
import dev.mosaic.shared.workspace.WorkspaceView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Team workspaces and their members. Every write locks the workspace first ({@link Membership#lock}), then reads
 * and checks what it needs: of two owners demoting each other at once, the second finds itself no longer owner.
 */
@ApplicationScoped
public class TeamWorkspaces {

    @WithTransaction
    public Uni<WorkspaceView> create(UUID creatorId, String name) {
        Workspace workspace = Workspace.team(name);
        return workspace.<Workspace>persist()
                .call(saved -> WorkspaceMember.of(saved, creatorId, WorkspaceRole.OWNER).persist())
                .map(saved -> saved.viewAs(WorkspaceRole.OWNER));
    }

    /** Owners and admins; a personal workspace's owner may rename it too (it stays personal). */
    @WithTransaction
    public Uni<WorkspaceView> rename(UUID callerId, UUID workspaceId, String name) {
        return Membership.lock(workspaceId, callerId).map(membership -> {
            membership.requireManager("rename it");
            membership.workspace().name = name.strip();
            return membership.workspace().viewAs(membership.caller().role);
        });
    }

    /** The caller's workspaces with their role in each: the personal one first, then by creation. */
    @WithSession
    public Uni<List<WorkspaceView>> listOf(UUID userId) {
        return WorkspaceMember.ofUser(userId).chain(memberships -> {
            Map<UUID, WorkspaceRole> roles = memberships.stream()
                    .collect(Collectors.toMap(member -> member.workspaceId, member -> member.role));
            return Workspace.<Workspace>list("id in ?1", roles.keySet()).map(workspaces -> workspaces.stream()
                    .sorted(Comparator.comparing((Workspace workspace) -> !workspace.personal)
                            .thenComparing(workspace -> workspace.createdAt).thenComparing(workspace -> workspace.id))
                    .map(workspace -> workspace.viewAs(roles.get(workspace.id))).toList());
        });
    }

    /** Every member, for every member to see. */
    @WithSession
    public Uni<List<WorkspaceMemberView>> members(UUID callerId, UUID workspaceId) {
        return Membership.read(workspaceId, callerId).chain(() -> WorkspaceMember.ofWorkspace(workspaceId))
                .chain(members -> User.<User>list("id in ?1", members.stream().map(member -> member.userId).toList())
                        .map(users -> {
                            Map<UUID, User> byId = users.stream().collect(Collectors.toMap(user -> user.id,
                                    Function.identity()));
                            return members.stream().map(member -> view(member, byId.get(member.userId))).toList();
                        }));
    }

    @WithTransaction
    public Uni<WorkspaceMemberView> changeRole(UUID callerId, UpdateMemberRoleRequest request) {
        return Membership.lock(request.workspaceId(), callerId).chain(membership -> {
            membership.requireTeam("given other roles").requireManager("change roles");
            return memberOf(membership, request.userId()).chain(target -> {
                membership.requireMayTouch(target.role, request.role());
                Uni<Void> ownerKept = request.role() == WorkspaceRole.OWNER ? Uni.createFrom().voidItem()
                        : membership.requireAnotherOwnerThan(target);
                return ownerKept.invoke(() -> target.role = request.role())
                        .chain(() -> User.<User>findById(target.userId)).map(user -> view(target, user));
            });
        });
    }

    /** Removing oneself is leaving. */
    @WithTransaction
    public Uni<Void> remove(UUID callerId, UUID workspaceId, UUID userId) {
        if (callerId.equals(userId)) {
            return leave(callerId, workspaceId);
        }
        return Membership.lock(workspaceId, callerId).chain(membership -> {
            membership.requireTeam("left").requireManager("remove members");
            return memberOf(membership, userId).chain(target -> {
                membership.requireMayTouch(target.role, target.role);
                return membership.requireAnotherOwnerThan(target).chain(() -> target.delete());
            });
        });
    }

    @WithTransaction
    public Uni<Void> leave(UUID callerId, UUID workspaceId) {
        return Membership.lock(workspaceId, callerId).chain(membership -> {
            membership.requireTeam("left");
            return membership.requireAnotherOwnerThan(membership.caller()).chain(() -> membership.caller().delete());
        });
    }

    private static Uni<WorkspaceMember> memberOf(Membership membership, UUID userId) {
        return WorkspaceMember.find(membership.workspaceId(), userId).map(member -> {
            if (member == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "User " + userId + " is not a member of this workspace.");
            }
            return member;
        });
    }

    private static WorkspaceMemberView view(WorkspaceMember member, User user) {
        return new WorkspaceMemberView(member.userId, user.email, user.name, member.role, member.createdAt);
    }
}
