package dev.mosaic.shared.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A runner job as both services and the SPA see it. {@code version} is also its ETag. */
public record RunnerJob(
        UUID id,
        UUID workspaceId,
        @Schema(description = "`sub` of the token that created it") String createdBy,
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
        @Schema(description = "Grows with every change; the `ETag`, and what `If-Match` names") int version,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt) {
}
