package dev.mosaic.shared.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One entry of a job's append-only timeline, written in the same transaction as the change. */
public record JobEvent(
        long id,
        UUID jobId,
        JobEventType type,
        JobStatus fromStatus,
        JobStatus toStatus,
        Integer progressPercent,
        Map<String, Object> data,
        String actor,
        Instant occurredAt) {
}
