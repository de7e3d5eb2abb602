package dev.mosaic.shared.problem;

import java.util.Map;

/**
 * An error that already knows its problem detail. Domain exceptions of both services extend it,
 * so one mapper turns all of them into {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail));
    }

    public Problem problem() {
        return problem;
    }

    /** Headers that go with the answer, such as {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
