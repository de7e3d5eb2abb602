package dev.mosaic.auth.client;

import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A machine that signs in with the client-credentials grant. Only the SHA-256 of its secret is kept, and,
 * for a while after a rotation, that of its previous secret.
 */
@Entity
@Table(name = "service_clients")
public class ServiceClient extends PanacheEntityBase {
    @Id
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "secret_hash")
    public byte[] secretHash;
    @Column(name = "previous_secret_hash")
    public byte[] previousSecretHash;
    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;
    public String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static ServiceClient of(String clientId, String secret, String name, Set<String> roles) {
        ServiceClient client = new ServiceClient();
        client.clientId = clientId;
        client.secretHash = Sha256.of(secret);
        client.name = name;
        client.roles = roles.stream().sorted().toArray(String[]::new);
        client.createdAt = Instant.now();
        client.updatedAt = client.createdAt;
        return client;
    }

    /**
     * Configuration is the truth for configured clients: insert, or overwrite secret, name and roles; a
     * previous secret of an earlier rotation stops working.
     */
    static Uni<Integer> upsert(ServiceClient client) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO service_clients (client_id, secret_hash, name, roles, created_at, updated_at)
                        VALUES (:clientId, :secretHash, :name, string_to_array(:roles, ','), now(), now())
                        ON CONFLICT (client_id) DO UPDATE SET secret_hash = excluded.secret_hash,
                            previous_secret_hash = NULL, previous_secret_expires_at = NULL,
                            name = excluded.name, roles = excluded.roles, updated_at = now()""")
                .setParameter("clientId", client.clientId)
                .setParameter("secretHash", client.secretHash)
                .setParameter("name", client.name)
                .setParameter("roles", String.join(",", client.roles))
                .executeUpdate());
    }

    Set<String> roleSet() {
        return Set.of(roles);
    }

    /** The current secret, or the previous one within its grace period. */
    boolean accepts(String secret, Instant now) {
        byte[] presented = Sha256.of(secret);
        return MessageDigest.isEqual(secretHash, presented) || (previousSecretHash != null
                && now.isBefore(previousSecretExpiresAt) && MessageDigest.isEqual(previousSecretHash, presented));
    }

    /** {@code newSecret} works from now on, the current one until {@code previousExpiresAt}; an older one no more. */
    void rotateSecret(String newSecret, Instant previousExpiresAt) {
        previousSecretHash = secretHash;
        previousSecretExpiresAt = previousExpiresAt;
        secretHash = Sha256.of(newSecret);
        updatedAt = Instant.now();
    }
}
