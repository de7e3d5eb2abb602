package dev.mosaic.auth.workspace;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class Workspaces {

    /** Within the caller's transaction: a user never exists without a workspace. */
    public Uni<Workspace> createPersonal(UUID ownerId, String ownerName) {
        Workspace workspace = Workspace.personalOf(ownerId, ownerName);
        return workspace.<Workspace>persist()
                .call(saved -> WorkspaceMember.of(saved, ownerId, WorkspaceMember.OWNER).persist());
    }

    public Uni<Set<UUID>> idsOf(UUID userId) {
        return WorkspaceMember.ofUser(userId)
                .map(members -> members.stream().map(member -> member.workspaceId).collect(Collectors.toSet()));
    }
}
