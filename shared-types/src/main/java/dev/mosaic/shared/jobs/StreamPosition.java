package dev.mosaic.shared.jobs;

/**
 * Where a live stream stands: every event of its scope up to {@code resumeFrom} has been covered,
 * so a reconnect sends it as {@code Last-Event-ID} and misses nothing.
 */
public record StreamPosition(long resumeFrom) {
}
