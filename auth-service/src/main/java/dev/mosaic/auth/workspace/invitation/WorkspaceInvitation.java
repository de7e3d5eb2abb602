package dev.mosaic.auth.workspace.invitation;

import dev.mosaic.auth.workspace.WorkspaceRoleColumn;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.workspace.InvitationStatus;
import dev.mosaic.shared.workspace.InvitationView;
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

/** An invitation to a workspace; only the SHA-256 of its token is stored, the token is only in the mail. */
@Entity
@Table(name = "workspace_invitations")
public class WorkspaceInvitation extends PanacheEntityBase {
    static final String PENDING = "pending";
    static final String ACCEPTED = "accepted";
    static final String REVOKED = "revoked";

    @Id
    public UUID id;
    @Column(name = "workspace_id")
    public UUID workspaceId;
    /** Normalised, as users' emails are. */
    public String email;
    @Convert(converter = WorkspaceRoleColumn.class)
    public WorkspaceRole role;
    @Column(name = "token_hash")
    public byte[] tokenHash;
    @Column(name = "invited_by")
    public UUID invitedBy;
    /** {@link #PENDING}, {@link #ACCEPTED} or {@link #REVOKED}; an expired one stays pending. */
    public String status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "accepted_by")
    public UUID acceptedBy;

    static WorkspaceInvitation of(UUID workspaceId, String email, WorkspaceRole role, String token, UUID invitedBy,
            Instant expiresAt) {
        WorkspaceInvitation invitation = new WorkspaceInvitation();
        invitation.id = UUID.randomUUID();
        invitation.workspaceId = workspaceId;
        invitation.email = email;
        invitation.role = role;
        invitation.tokenHash = Sha256.of(token);
        invitation.invitedBy = invitedBy;
        invitation.status = PENDING;
        invitation.expiresAt = expiresAt;
        invitation.createdAt = Instant.now();
        return invitation;
    }

    static Uni<WorkspaceInvitation> ofToken(String token) {
        return find("tokenHash", (Object) Sha256.of(token)).firstResult();
    }

    static Uni<List<WorkspaceInvitation>> ofWorkspace(UUID workspaceId) {
        return list("workspaceId = ?1 order by createdAt desc, id", workspaceId);
    }

    /** A newer invitation of the same address replaces the pending one. */
    static Uni<Integer> revokePending(UUID workspaceId, String email) {
        return update("status = ?1, decidedAt = ?2 where workspaceId = ?3 and email = ?4 and status = ?5",
                REVOKED, Instant.now(), workspaceId, email, PENDING);
    }

    void decide(String outcome) {
        status = outcome;
        decidedAt = Instant.now();
    }

    InvitationStatus status(Instant now) {
        return switch (status) {
            case ACCEPTED -> InvitationStatus.ACCEPTED;
            case REVOKED -> InvitationStatus.REVOKED;
            default -> expiresAt.isAfter(now) ? InvitationStatus.PENDING : InvitationStatus.EXPIRED;
        };
    }

    InvitationView view() {
        return new InvitationView(id, workspaceId, email, role, status(Instant.now()), invitedBy, createdAt, expiresAt);
    }
}
