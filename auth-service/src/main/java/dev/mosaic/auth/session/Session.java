package dev.mosaic.auth.session;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.shared.auth.SessionView;
import dev.mosaic.shared.crypto.Sha256;
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

    static Session open(UUID userId, String token, ClientInfo client, Duration lifetime, Duration maxLifetime) {
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = userId;
        session.tokenHash = Sha256.of(token);
        session.ipAddress = client.address();
        session.userAgent = client.userAgent();
        session.createdAt = Instant.now();
        session.updatedAt = session.createdAt;
        session.expiresAt = session.expiryFrom(session.createdAt, lifetime, maxLifetime);
        return session;
    }

    static Uni<Session> findActiveByToken(String token, Instant now) {
        return find("tokenHash = ?1 and expiresAt > ?2", Sha256.of(token), now).firstResult();
    }

    static Uni<List<Session>> listActive(UUID userId, Instant now) {
        return list("userId = ?1 and expiresAt > ?2 order by createdAt desc", userId, now);
    }

    /**
     * Sliding expiry: extends the session when it was last extended longer than {@code refreshAfter} ago,
     * but never past {@code maxLifetime} after it was opened.
     */
    boolean refreshIfDue(Instant now, Duration refreshAfter, Duration lifetime, Duration maxLifetime) {
        if (updatedAt.plus(refreshAfter).isAfter(now)) {
            return false;
        }
        Instant extended = expiryFrom(now, lifetime, maxLifetime);
        if (!extended.isAfter(expiresAt)) {
            return false;
        }
        updatedAt = now;
        expiresAt = extended;
        return true;
    }

    private Instant expiryFrom(Instant from, Duration lifetime, Duration maxLifetime) {
        Instant sliding = from.plus(lifetime);
        Instant absolute = createdAt.plus(maxLifetime);
        return sliding.isBefore(absolute) ? sliding : absolute;
    }

    SessionView view(UUID currentSessionId) {
        return new SessionView(id, createdAt, expiresAt, ipAddress, userAgent, id.equals(currentSessionId));
    }
}
