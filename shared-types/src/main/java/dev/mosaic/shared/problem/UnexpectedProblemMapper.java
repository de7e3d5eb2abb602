package dev.mosaic.shared.problem;

import dev.mosaic.shared.availability.DatabaseOutage;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * The last line. PostgreSQL being away is no bug: 503 with Retry-After ({@link DatabaseOutage}).
 * Anything else is a bug on our side: the client gets a problem with an incident id, never a stack
 * trace; the log gets the stack trace under the same id.
 */
@Provider
public class UnexpectedProblemMapper implements ExceptionMapper<Throwable> {
    private static final System.Logger LOG = System.getLogger(UnexpectedProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        if (DatabaseOutage.isOutage(exception)) {
            return DatabaseOutage.answer(exception);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "Unexpected error, incident " + incident, exception);
        return ProblemResponses.of(Problem.of(ProblemType.INTERNAL_ERROR,
                "Something went wrong on our side. Quote incident " + incident + " when you report it.")
                .with("incident", incident));
    }
}
