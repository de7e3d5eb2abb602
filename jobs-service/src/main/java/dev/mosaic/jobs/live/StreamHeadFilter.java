package dev.mosaic.jobs.live;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code HEAD} of an event stream is a 405 problem. JAX-RS answers {@code HEAD} with the {@code GET} method,
 * and for a stream that answer never ends: the headers go out, the body is suppressed, and the stream
 * holds the connection for good. A client that took the headers as the whole answer (as HTTP says it may)
 * sends its next request on that connection, and nothing ever answers it (found by HttpFuzzTest).
 */
public class StreamHeadFilter {

    @ServerRequestFilter
    public Optional<Response> refuseHeadOfAStream(ContainerRequestContext request, ResourceInfo resource) {
        if (!HttpMethod.HEAD.equals(request.getMethod()) || !isStream(resource)) {
            return Optional.empty();
        }
        return Optional.of(ProblemResponses.of(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                "An event stream has no headers-only form; open it with GET."), Map.of(HttpHeaders.ALLOW, HttpMethod.GET)));
    }

    private static boolean isStream(ResourceInfo resource) {
        Produces produces = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Produces.class);
        return produces != null && Arrays.stream(produces.value())
                .anyMatch(type -> MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(MediaType.valueOf(type)));
    }
}
