package dev.mosaic.jobs.availability;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import dev.mosaic.shared.problem.UnexpectedProblemMapper;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * While PostgreSQL is away a request fails for no fault of the client's and will succeed once it
 * is back: 503 with Retry-After, not 500 with a stack trace. Anything else that no other mapper
 * knows is still a bug and goes to {@link UnexpectedProblemMapper}.
 */
public class DatabaseOutageMapper {
    static final String RETRY_AFTER_SECONDS = "5";
    private final UnexpectedProblemMapper unexpected = new UnexpectedProblemMapper();

    @ServerExceptionMapper
    public Response outageOrBug(Exception exception) {
        if (!DatabaseOutage.isOutage(exception)) {
            return unexpected.toResponse(exception);
        }
        DatabaseOutage.report(exception);
        return ProblemResponses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The job store is unreachable for a moment. Repeat the request after Retry-After seconds."),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
