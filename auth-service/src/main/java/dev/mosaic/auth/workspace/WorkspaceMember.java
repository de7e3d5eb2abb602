package dev.mosaic.auth.workspace;

import dev.mosaic.shared.workspace.WorkspaceRole;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "workspace_members")
public class WorkspaceMember extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "workspace_id")
    public UUID workspaceId;
    @Column(name = "user_id")
    public UUID userId;
    @Convert(converter = WorkspaceRoleColumn.class)
    public WorkspaceRole role;
    @Column(name = "created_at")
    public Instant createdAt;

    public static WorkspaceMember of(Workspace workspace, UUID userId, WorkspaceRole role) {
        WorkspaceMember member = new WorkspaceMember();
        member.id = UUID.randomUUID();
        member.workspaceId = workspace.id;
        member.userId = userId;
        member.role = role;
        member.createdAt = Instant.now();
        return member;
    }

    public static Uni<List<WorkspaceMember>> ofUser(UUID userId) {
        return list("userId", userId);
    }

    public static Uni<List<WorkspaceMember>> ofWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by createdAt, id", workspaceId);
    }

    public static Uni<WorkspaceMember> find(UUID workspaceId, UUID userId) {
        return find("workspaceId = ?1 and userId = ?2", workspaceId, userId).firstResult();
    }

    public static Uni<Long> owners(UUID workspaceId) {
        return count("workspaceId = ?1 and role = ?2", workspaceId, WorkspaceRole.OWNER);
    }
}
