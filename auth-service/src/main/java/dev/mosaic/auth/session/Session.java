package dev.mosaic.auth.session;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.shared.auth.SessionView;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A signed-in device. Only the SHA-256 of its token is stored. */
@Entity
@Table(name = "sessions")
public class Session extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "token_hash")
    public byte[] tokenHash;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "ip_address")
    public String ipAddress;
    @Column(name = "user_agent")
    public String userAgent;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static Session open(UUID userId, String token, ClientInfo client, Duration lifetime) {
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.tokenHash = OpaqueTokens.sha256(token);
        session.ipAddress = client.address();
        session.userAgent = client.userAgent();
        session.createdAt = Instant.now();
        session.updatedAt = session.createdAt;
        session.expiresAt = session.createdAt.plus(lifetime);
        return session;
    }

    static Uni<Session> findActiveByToken(String token, Instant now) {
        return find("tokenHash = ?1 and expiresAt > ?2", OpaqueTokens.sha256(token), now).firstResult();
    }

    static Uni<List<Session>> listActive(UUID userId, Instant now) {
        return list("userId = ?1 and expiresAt > ?2 order by createdAt desc", userId, now);
    }

    static Uni<Long> deleteOfUser(UUID id, UUID userId) {
        return delete("id = ?1 and userId = ?2", id, userId);
    }

    static Uni<Long> deleteOthersOfUser(UUID keep, UUID userId) {
        return delete("userId = ?1 and id <> ?2", userId, keep);
    }

    public static Uni<Long> deleteAllOfUser(UUID userId) {
        return delete("userId", userId);
    }

    /** Sliding expiry: extends the session when it was last extended longer than {@code refreshAfter} ago. */
    boolean refreshIfDue(Instant now, Duration refreshAfter, Duration lifetime) {
        if (updatedAt.plus(refreshAfter).isAfter(now)) {
            return false;
        }
        updatedAt = now;
        expiresAt = now.plus(lifetime);
        return true;
    }

    SessionView view(UUID currentSessionId) {
        return new SessionView(id, createdAt, expiresAt, ipAddress, userAgent, id.equals(currentSessionId));
    }
}
