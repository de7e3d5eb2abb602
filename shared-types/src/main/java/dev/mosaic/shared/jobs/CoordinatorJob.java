package dev.mosaic.shared.jobs;

/** A job as a coordinator reads it: the job and, while someone holds it, its lease (without the token). */
public record CoordinatorJob(RunnerJob job, JobLease lease) {
}
