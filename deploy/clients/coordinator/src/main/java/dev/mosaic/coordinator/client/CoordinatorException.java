package dev.mosaic.coordinator.client;

import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.Problem;
import java.net.URI;

/**
 * A call of the {@link CoordinatorClient} that did not succeed. {@link Refused} is final: repeating
 * the same call cannot help (a refused transition, a stale {@code If-Match}, a reused key, no access); of
 * those, {@link LeaseLost} says the coordinator no longer holds the job and must stop working on it.
 * {@link RetriesExhausted} means the service stayed busy or unreachable for every attempt; the caller may
 * try again later, and should re-read the job first.
 */
public abstract sealed class CoordinatorException extends RuntimeException
        permits CoordinatorException.Refused, CoordinatorException.RetriesExhausted,
        CoordinatorException.ClientAuthenticationFailed {

    private CoordinatorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The service answered with a final refusal, for example 409 (refused transition), 412 or 422. */
    public static sealed class Refused extends CoordinatorException permits LeaseLost {
        private final String operation;
        private final Problem problem;

        public Refused(String operation, Problem problem) {
            super(operation + " refused with " + problem.status() + " " + problem.title()
                    + (problem.detail() == null ? "" : ": " + problem.detail()), null);
            this.operation = operation;
            this.problem = problem;
        }

        public String operation() {
            return operation;
        }

        public int status() {
            return problem.status();
        }

        /** The problem's {@code type}, e.g. {@code urn:mosaic:problem:invalid-transition}. */
        public URI type() {
            return problem.type();
        }

        /** What the service says went wrong, for people; may be null. */
        public String detail() {
            return problem.detail();
        }

        /** The problem+json body, with its extension members (e.g. {@code currentStatus}). */
        public Problem problem() {
            return problem;
        }
    }

    /**
     * 409 {@code urn:mosaic:problem:lease-lost}: the lease of this write is no longer live (it expired and
     * the job was taken back, a newer claim holds the job, or it ended: finished, or cancelled by a user).
     * Nothing was written, and nothing the coordinator still writes to this job with that lease will be:
     * abandon the job, do not repeat.
     */
    public static final class LeaseLost extends Refused {
        public LeaseLost(String operation, Problem problem) {
            super(operation, problem);
        }

        /** Where the job is now, e.g. PENDING (taken back), QUEUED or RUNNING (someone else's), CANCELLED. */
        public JobStatus currentStatus() {
            Object status = problem().extensions().get("currentStatus");
            return status == null ? null : JobStatus.valueOf(status.toString());
        }

        /** The job's attempt now: higher than the lost lease's when the job was taken back. */
        public Integer attempt() {
            return problem().extensions().get("attempt") instanceof Number attempt ? attempt.intValue() : null;
        }
    }

    /**
     * Every attempt failed with a retryable answer (409 with Retry-After, 429, 503, ...) or a network error.
     * {@link #lastProblem()} is null when the last attempt failed on the network ({@link #getCause()}).
     */
    public static final class RetriesExhausted extends CoordinatorException {
        private final String operation;
        private final int attempts;
        private final Problem lastProblem;

        public RetriesExhausted(String operation, int attempts, Problem lastProblem, Throwable lastError) {
            super(operation + " failed after " + attempts + " attempts: "
                    + (lastProblem != null ? lastProblem.status() + " " + lastProblem.title()
                    : String.valueOf(lastError)), lastError);
            this.operation = operation;
            this.attempts = attempts;
            this.lastProblem = lastProblem;
        }

        public String operation() {
            return operation;
        }

        public int attempts() {
            return attempts;
        }

        public Problem lastProblem() {
            return lastProblem;
        }
    }

    /** The token endpoint refused the client credentials (RFC 6749 §5.2 {@code error}, e.g. invalid_client). */
    public static final class ClientAuthenticationFailed extends CoordinatorException {
        private final int status;
        private final String error;

        public ClientAuthenticationFailed(int status, String error, String description) {
            super("client-credentials token refused with " + status + " " + error
                    + (description == null ? "" : ": " + description), null);
            this.status = status;
            this.error = error;
        }

        public int status() {
            return status;
        }

        /** The OAuth error code, e.g. {@code invalid_client}. */
        public String error() {
            return error;
        }
    }
}
