package dev.mosaic.auth.token;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/** A row of {@code jwks}: the one signing key has no {@code retiredAt}; retired keys stay published until {@code expiresAt}. */
@Entity
@Table(name = "jwks")
public class SigningKey extends PanacheEntityBase {
    @Id
    public String id;
    public String algorithm;
    @Column(name = "public_key")
    public byte[] publicKey;
    @Column(name = "private_key_encrypted")
    public byte[] privateKeyEncrypted;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "retired_at")
    public Instant retiredAt;
    @Column(name = "expires_at")
    public Instant expiresAt;

    SigningAlgorithm signingAlgorithm() {
        return SigningAlgorithm.fromJwsName(algorithm);
    }

    PublicKey decodePublicKey() {
        return signingAlgorithm().publicKey(publicKey);
    }

    static Uni<SigningKey> findSigning() {
        return find("retiredAt is null").firstResult();
    }

    static Uni<List<SigningKey>> listPublished(Instant now) {
        return list("expiresAt is null or expiresAt > ?1 order by createdAt desc", now);
    }

    /**
     * Inserts unless another key signs already: the partial unique index turns a race of two
     * replicas into one winner and one no-op. True when this key was inserted.
     */
    static Uni<Boolean> insertIfNoneSigns(String kid, SigningAlgorithm algorithm, byte[] publicKey,
            byte[] privateKeyEncrypted) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO jwks (id, algorithm, public_key, private_key_encrypted, created_at)
                        VALUES (:id, :algorithm, :publicKey, :privateKey, now())
                        ON CONFLICT DO NOTHING""")
                .setParameter("id", kid)
                .setParameter("algorithm", algorithm.jwsName())
                .setParameter("publicKey", publicKey)
                .setParameter("privateKey", privateKeyEncrypted)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Stops the signing key from signing; it stays published until its last tokens have expired. */
    static Uni<Integer> retireSigning(Instant now, Instant publishedUntil) {
        return update("retiredAt = ?1, expiresAt = ?2 where retiredAt is null", now, publishedUntil);
    }
}
