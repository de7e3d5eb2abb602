package dev.mosaic.auth.workspace;

import dev.mosaic.shared.workspace.WorkspaceRole;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class Workspaces {

    /** In the transaction that creates the user: a user never exists without a workspace. */
    @WithTransaction
    public Uni<Workspace> createPersonal(UUID ownerId, String ownerName) {
        Workspace workspace = Workspace.personalOf(ownerId, ownerName);
        return workspace.<Workspace>persist()
                .call(saved -> WorkspaceMember.of(saved, ownerId, WorkspaceRole.OWNER).persist());
    }

    @WithSession
    public Uni<Set<UUID>> idsOf(UUID userId) {
        return WorkspaceMember.ofUser(userId)
                .map(members -> members.stream().map(member -> member.workspaceId).collect(Collectors.toSet()));
    }
}
