package dev.mosaic.jobs.idempotency;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The first successful answer to a call that carried an {@code Idempotency-Key}. A claim's row in the
 * same table holds no answer and no job id, only the jobs it claimed (columns this entity leaves to
 * {@code JobQueue}); its request hash names the claim, so it is never replayed as an answer.
 */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecordEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String actor;
    public String idempotencyKey;
    public UUID jobId;
    public String requestHash;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> responseBody;
    public Instant createdAt;

    static Uni<IdempotencyRecordEntity> find(String actor, String key) {
        return find("actor = ?1 and idempotencyKey = ?2", actor, key).firstResult();
    }
}
