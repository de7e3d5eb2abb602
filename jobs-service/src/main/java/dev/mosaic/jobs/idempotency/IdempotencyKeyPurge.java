package dev.mosaic.jobs.idempotency;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets remembered answers (and claims) once they are older than the retention, so the table stays
 * small. Every replica may run it; the DELETE is the same whoever runs it.
 */
@ApplicationScoped
public class IdempotencyKeyPurge {
    private final Duration retention;

    public IdempotencyKeyPurge(@ConfigProperty(name = "mosaic.jobs.idempotency.retention") Duration retention) {
        this.retention = retention;
    }

    @Scheduled(every = "${mosaic.jobs.idempotency.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @WithTransaction
    Uni<Void> purgeOnSchedule() {
        return deleteExpired().replaceWithVoid();
    }

    /** @return how many answers were forgotten */
    @WithTransaction
    public Uni<Long> purgeExpired() {
        return deleteExpired();
    }

    private Uni<Long> deleteExpired() {
        return IdempotencyRecordEntity.delete("createdAt < ?1", Instant.now().minus(retention));
    }
}
