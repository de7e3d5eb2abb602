package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a body over {@link #MAX_BODY_BYTES} before it is read, with a 413 problem that says
 * the limit. (The HTTP server's own, slightly higher limit stops bodies sent without a length.)
 */
@Provider
@PreMatching
public class BodySizeLimitFilter implements ContainerRequestFilter {
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            request.abortWith(ProblemResponses.of(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "Content-Length is not a number.")));
            return;
        }
        if (length > MAX_BODY_BYTES) {
            request.abortWith(ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + length + " bytes; the limit is " + MAX_BODY_BYTES + " bytes (1 MiB).")
                    .with("limitBytes", MAX_BODY_BYTES)));
        }
    }
}
