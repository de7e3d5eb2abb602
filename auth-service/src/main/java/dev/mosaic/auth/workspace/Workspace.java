package dev.mosaic.auth.workspace;

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
    @Column(name = "owner_id")
    public UUID ownerId;
    @Column(name = "created_at")
    public Instant createdAt;

    static Workspace personalOf(UUID ownerId, String ownerName) {
        Workspace workspace = new Workspace();
        workspace.id = UUID.randomUUID();
        workspace.name = ownerName + "'s workspace";
        workspace.personal = true;
        workspace.ownerId = ownerId;
        workspace.createdAt = Instant.now();
        return workspace;
    }
}
