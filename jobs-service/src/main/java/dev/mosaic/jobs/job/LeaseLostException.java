package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;

/**
 * A coordinator wrote to a job without holding its live lease: it sent none, its lease expired,
 * the job was claimed anew, or it ended (finished, cancelled). Final: the coordinator must stop
 * working on the job, so there is no Retry-After.
 */
public class LeaseLostException extends ProblemException {
    public LeaseLostException(RunnerJobEntity job, boolean tokenSent) {
        super(Problem.of(ProblemType.LEASE_LOST, "You do not hold a live lease on job " + job.id + " (it is "
                        + job.status + ", attempt " + job.attempt + "). " + (tokenSent
                        ? "Stop working on it: its lease expired, was taken over or ended."
                        : "Send the token of your claim as " + JobLease.HEADER + "."))
                .with("currentStatus", job.status.name())
                .with("attempt", job.attempt));
    }
}
