package dev.mosaic.auth.workspace;

import dev.mosaic.shared.workspace.WorkspaceRole;
import dev.mosaic.shared.workspace.WorkspaceView;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "workspaces")
public class Workspace extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public boolean personal;
    /** Whose personal workspace this is; null for a team workspace, which belongs to its members. */
    @Column(name = "owner_id")
    public UUID ownerId;
    @Column(name = "created_at")
    public Instant createdAt;

    static Workspace personalOf(UUID ownerId, String ownerName) {
        Workspace workspace = named(ownerName + "'s workspace");
        workspace.personal = true;
        workspace.ownerId = ownerId;
        return workspace;
    }

    public static Workspace team(String name) {
        return named(name.strip());
    }

    private static Workspace named(String name) {
        Workspace workspace = new Workspace();
        workspace.id = UUID.randomUUID();
        workspace.name = name;
        workspace.createdAt = Instant.now();
        return workspace;
    }

    public WorkspaceView viewAs(WorkspaceRole role) {
        return new WorkspaceView(id, name, personal, role, createdAt);
    }
}
