package dev.mosaic.shared.jobs;

/** A job a coordinator now holds, with the lease that its writes must carry. */
public record ClaimedJob(RunnerJob job, JobLease lease) {
}
