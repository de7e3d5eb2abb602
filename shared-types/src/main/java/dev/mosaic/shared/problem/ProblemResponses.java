package dev.mosaic.shared.problem;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds the HTTP answer for a problem; the one place that sets the problem media type. */
public final class ProblemResponses {
    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return of(problem, Map.of());
    }

    public static Response of(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
