package dev.mosaic.shared.jobs;

/** What happened to a job; one entry of its timeline. */
public enum JobEventType {
    CREATED,
    STATUS_CHANGED,
    PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED,
    RETRIED
}
