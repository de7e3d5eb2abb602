package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemResponses;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses the NUL character (U+0000) anywhere a client can put text: path, query and body. Java
 * and JSON carry it happily, PostgreSQL's text and jsonb do not, so without this it would surface
 * deep inside a write as a server error. In a JSON body it is either a raw 0x00 byte or the six
 * characters backslash, u, 0, 0, 0, 0 (whose backslash is not itself escaped).
 */
@Provider
@PreMatching
public class NulCharacterFilter implements ContainerRequestFilter, ReaderInterceptor {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().indexOf('\0') >= 0 || anyHasNul(request.getUriInfo().getQueryParameters())) {
            request.abortWith(ProblemResponses.of(refusal("The URL").problem()));
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        if (hasNul(body)) {
            throw refusal("The body");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    static boolean hasNul(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            if (json[i] == 0) {
                return true;
            }
            if (json[i] == '\\' && i + 5 < json.length && json[i + 1] == 'u' && json[i + 2] == '0'
                    && json[i + 3] == '0' && json[i + 4] == '0' && json[i + 5] == '0') {
                return true;
            }
            if (json[i] == '\\') {
                i++; // skip the escaped character: an escaped backslash followed by text is no escape
            }
        }
        return false;
    }

    private static boolean anyHasNul(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream().anyMatch(parameter -> parameter.getKey().indexOf('\0') >= 0
                || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0));
    }

    private static ProblemException refusal(String where) {
        return new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, where
                + " contains the NUL character (U+0000), which no field accepts. Remove it."));
    }
}
