package dev.mosaic.shared.jobs;

/**
 * One message of a live stream: an event of a job's timeline, and the job as it was when the
 * message was sent (a client keeps per job the snapshot with the highest {@code version}).
 */
public record JobChange(JobEvent event, RunnerJob job) {
}
