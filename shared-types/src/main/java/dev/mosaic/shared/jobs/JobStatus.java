package dev.mosaic.shared.jobs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The life cycle of a runner job. This enum owns the transition table: every service asks it,
 * none keeps a copy.
 *
 * <pre>
 * PENDING → QUEUED → RUNNING → COMPLETED | FAILED
 * PENDING | QUEUED | RUNNING → CANCELLED
 * FAILED → PENDING   (retry: a new attempt)
 * QUEUED | RUNNING → PENDING | FAILED   (lease expiry only, never on request)
 * </pre>
 *
 * A QUEUED or RUNNING job is held by a coordinator under a lease. When the lease runs out the job
 * is taken back ({@link #afterLeaseExpired}); that move is not in {@link #allowedNext()} because no
 * client can ask for it.
 */
public enum JobStatus {
    PENDING,
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The states this one may move to; empty for the states that never change again. */
    public Set<JobStatus> allowedNext() {
        return switch (this) {
            case PENDING -> Collections.unmodifiableSet(EnumSet.of(QUEUED, CANCELLED));
            case QUEUED -> Collections.unmodifiableSet(EnumSet.of(RUNNING, CANCELLED));
            case RUNNING -> Collections.unmodifiableSet(EnumSet.of(COMPLETED, FAILED, CANCELLED));
            case FAILED -> Collections.unmodifiableSet(EnumSet.of(PENDING));
            case COMPLETED, CANCELLED -> Collections.emptySet();
        };
    }

    public boolean canMoveTo(JobStatus next) {
        return next != null && allowedNext().contains(next);
    }

    /**
     * Terminal states end an attempt. FAILED is terminal too: only an explicit retry
     * (FAILED → PENDING) starts a new attempt from it.
     */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public boolean acceptsProgress() {
        return this == RUNNING;
    }

    /** The states in which a coordinator holds the job under a lease. */
    public boolean isLeased() {
        return this == QUEUED || this == RUNNING;
    }

    /**
     * Where a leased job goes when its lease expires: back to PENDING for another attempt, or
     * FAILED once {@code attempt} has reached {@code maxAttempts}.
     */
    public static JobStatus afterLeaseExpired(int attempt, int maxAttempts) {
        return attempt < maxAttempts ? PENDING : FAILED;
    }
}
