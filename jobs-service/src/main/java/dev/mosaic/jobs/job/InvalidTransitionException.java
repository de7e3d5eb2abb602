package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;

/** A change that the job's current status does not allow: 409, saying what would be allowed. */
public class InvalidTransitionException extends ProblemException {

    public InvalidTransitionException(UUID jobId, JobStatus current, JobStatus target) {
        super(problem(current, "Job " + jobId + " is " + current + " and cannot move to " + target + ". "
                + allowedSentence(current)).with("requestedStatus", target.name()));
    }

    public InvalidTransitionException(UUID jobId, JobStatus current, String rule) {
        super(problem(current, "Job " + jobId + " is " + current + ": " + rule + ". " + allowedSentence(current)));
    }

    private static Problem problem(JobStatus current, String detail) {
        return Problem.of(ProblemType.INVALID_TRANSITION, detail)
                .with("currentStatus", current.name())
                .with("allowedNextStatuses", current.allowedNext().stream().map(Enum::name).sorted().toList());
    }

    private static String allowedSentence(JobStatus current) {
        return current.allowedNext().isEmpty()
                ? current + " is final; nothing can change it."
                : "Allowed next: " + current.allowedNext().stream().map(Enum::name).sorted().toList() + ".";
    }
}
