package dev.mosaic.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The framework's own HTTP errors (unknown route, wrong method, wrong content type, unreadable
 * body) in the same problem format as ours, and a problem of ours that had to travel as one of them
 * (a malformed query parameter: {@link dev.mosaic.shared.http.QueryParameterConverters}) as that problem.
 */
@Provider
public class WebApplicationProblemMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception.getCause() instanceof ProblemException problem) {
            return ProblemResponses.of(problem.problem(), problem.headers());
        }
        if (exception.getCause() instanceof JsonProcessingException json) {
            return ProblemResponses.of(JsonProblemMapper.problemFor(json));
        }
        Response original = exception.getResponse();
        int status = original.getStatus();
        Map<String, String> headers = new LinkedHashMap<>();
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            headers.put(HttpHeaders.ALLOW, allow);
        }
        return ProblemResponses.of(Problem.of(ProblemType.forStatus(status), detailOf(exception, status)), headers);
    }

    private static String detailOf(WebApplicationException exception, int status) {
        if (exception instanceof NotFoundException) {
            return "There is nothing at this path. The API is described at /q/openapi.";
        }
        if (exception instanceof NotSupportedException) {
            return "This endpoint takes application/json; set the Content-Type header accordingly.";
        }
        if (exception instanceof NotAllowedException) {
            return "This method is not allowed here.";
        }
        if (status == 400 && exception.getCause() != null) {
            return "The request could not be read: " + exception.getCause().getMessage();
        }
        String message = exception.getMessage();
        return message == null || message.isBlank() ? Response.Status.fromStatusCode(status) + "" : message;
    }
}
