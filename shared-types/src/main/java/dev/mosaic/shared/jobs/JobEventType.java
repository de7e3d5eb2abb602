package dev.mosaic.shared.jobs;

/** What happened to a job; one entry of its timeline. */
public enum JobEventType {
    CREATED,
    STATUS_CHANGED,
    PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED,
    RETRIED,
    /** A coordinator claimed the job (PENDING → QUEUED) under a new lease. */
    CLAIMED,
    /** The coordinator went silent: its lease ran out and the job was taken back. */
    LEASE_EXPIRED
}
