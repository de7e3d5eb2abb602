package dev.mosaic.shared.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A runner job as both services and the SPA see it. {@code version} is also its ETag. */
public record RunnerJob(
        UUID id,
        UUID workspaceId,
        String createdBy,
        String type,
        int priority,
        JobStatus status,
        int progressPercent,
        String currentStep,
        Map<String, Object> payload,
        Map<String, Object> result,
        String error,
        int attempt,
        int maxAttempts,
        int version,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt) {
}
