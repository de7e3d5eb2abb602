package dev.mosaic.jobs.concurrency;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.Map;
import java.util.UUID;

/**
 * Another writer changed the job between our read and our version-checked write. Retried; when it
 * still escapes after the last retry, it answers 409 with {@code Retry-After}.
 */
public class ConcurrentUpdateException extends ProblemException {
    public static final String RETRY_AFTER_SECONDS = "1";
    private final String operation;

    public ConcurrentUpdateException(String operation, UUID jobId) {
        super(Problem.of(ProblemType.CONCURRENT_UPDATE, (jobId == null ? "This request" : "Job " + jobId)
                        + " is being changed by other writers right now. Repeat the request in a moment.")
                        .with("operation", operation),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }
}
