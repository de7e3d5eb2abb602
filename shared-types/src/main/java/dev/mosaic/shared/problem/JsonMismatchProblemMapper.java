package dev.mosaic.shared.problem;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON of the wrong shape. Its own mapper because the framework brings a built-in one for this
 * exact type, which would otherwise win over {@link JsonProblemMapper}.
 */
@Provider
public class JsonMismatchProblemMapper implements ExceptionMapper<MismatchedInputException> {
    @Override
    public Response toResponse(MismatchedInputException exception) {
        return ProblemResponses.of(JsonProblemMapper.problemFor(exception));
    }
}
