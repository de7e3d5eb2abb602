package dev.mosaic.jobs.concurrency;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of the optimistic paths, by operation, at {@code /q/metrics}:
 * {@code mosaic_jobs_conflicts_total} (a version-checked write found another writer's version),
 * {@code mosaic_jobs_retries_total} (an attempt was repeated) and
 * {@code mosaic_jobs_retries_exhausted_total} (the caller got 409).
 */
@ApplicationScoped
public class ConflictMetrics {
    private final MeterRegistry registry;

    public ConflictMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void conflict(String operation) {
        registry.counter("mosaic.jobs.conflicts", "operation", operation).increment();
    }

    public void retry(String operation) {
        registry.counter("mosaic.jobs.retries", "operation", operation).increment();
    }

    public void retriesExhausted(String operation) {
        registry.counter("mosaic.jobs.retries.exhausted", "operation", operation).increment();
    }
}
