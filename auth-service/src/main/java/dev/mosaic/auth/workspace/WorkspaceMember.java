package dev.mosaic.auth.workspace;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "workspace_members")
public class WorkspaceMember extends PanacheEntityBase {
    static final String OWNER = "owner";

    @Id
    public UUID id;
    @Column(name = "workspace_id")
    public UUID workspaceId;
    @Column(name = "user_id")
    public UUID userId;
    public String role;
    @Column(name = "created_at")
    public Instant createdAt;

    static WorkspaceMember of(Workspace workspace, UUID userId, String role) {
        WorkspaceMember member = new WorkspaceMember();
        member.id = UUID.randomUUID();
        member.workspaceId = workspace.id;
        member.userId = userId;
        member.role = role;
        member.createdAt = Instant.now();
        return member;
    }

    static Uni<List<WorkspaceMember>> ofUser(UUID userId) {
        return list("userId", userId);
    }
}
