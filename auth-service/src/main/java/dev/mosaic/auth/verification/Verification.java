package dev.mosaic.auth.verification;

import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A mailed one-time token; only its SHA-256 is stored. {@code identifier} names whom it is for. */
@Entity
@Table(name = "verifications")
public class Verification extends PanacheEntityBase {
    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public VerificationPurpose purpose;
    public String identifier;
    @Column(name = "value_hash")
    public byte[] valueHash;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** What the token carries besides whom it is for (sealed by the caller); null for mailed tokens. */
    public String payload;

    static Verification of(VerificationPurpose purpose, String identifier, String token, Instant expiresAt) {
        Verification verification = new Verification();
        verification.id = UUID.randomUUID();
        verification.purpose = purpose;
        verification.identifier = identifier;
        verification.valueHash = Sha256.of(token);
        verification.expiresAt = expiresAt;
        verification.createdAt = Instant.now();
        return verification;
    }

    static Uni<Verification> findValid(VerificationPurpose purpose, String token, Instant now) {
        return find("purpose = ?1 and valueHash = ?2 and expiresAt > ?3", purpose, Sha256.of(token), now)
                .firstResult();
    }

    static Uni<Long> deleteExpired(VerificationPurpose purpose, Instant now) {
        return delete("purpose = ?1 and expiresAt <= ?2", purpose, now);
    }

    static Uni<Long> deleteAllFor(VerificationPurpose purpose, String identifier) {
        return delete("purpose = ?1 and identifier = ?2", purpose, identifier);
    }
}
