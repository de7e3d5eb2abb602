package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * A page request over a workspace's jobs (every workspace's when {@code workspaceId} is null: admins only), newest
 * first. The cursor is the (created_at, id) of the last job of the previous page, so pages stay stable while jobs
 * are added (keyset pagination).
 */
public record JobListQuery(UUID workspaceId, JobStatus status, String type, Cursor after, int limit) {

    public record Cursor(Instant createdAt, UUID id) {
        /**
         * Cursors are made from created_at, which is always now; an instant outside these years was forged, and
         * one outside PostgreSQL's timestamptz range would fail the query instead of being refused.
         */
        private static final Instant EARLIEST = Instant.EPOCH;
        private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

        public static Cursor after(RunnerJobEntity job) {
            return new Cursor(job.createdAt, job.id);
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                Instant createdAt = Instant.parse(parts[0]);
                if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                    throw new IllegalArgumentException("no job was created at " + createdAt);
                }
                return new Cursor(createdAt, UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                        "cursor is not one this service gave out; pass nextCursor of the previous page unchanged."));
            }
        }
    }

    /** Parses a status filter with a message that lists the valid ones. */
    public static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED, "status must be one of "
                    + Arrays.toString(JobStatus.values()) + ", not '" + status + "'.",
                    java.util.List.of(new Problem.FieldError("status", "must be one of "
                            + Arrays.toString(JobStatus.values())))));
        }
    }
}
