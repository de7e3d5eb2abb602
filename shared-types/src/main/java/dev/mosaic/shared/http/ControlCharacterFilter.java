package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses control characters at the edge, by the rules of {@link ControlCharacters}: anywhere in the
 * URL and in a header value (tab excepted). Without it a line break in an identifier could forge log lines.
 * JSON bodies have their own check, {@link JsonControlCharacters}, as Jackson reads them; the one form
 * endpoint (the OAuth token endpoint) checks its fields itself.
 * <p>
 * It runs after matching and refuses by throwing, so that an endpoint with its own error format (the
 * OAuth token endpoint) can answer in it; an unmatched URL is a 404 anyway.
 */
@Provider
public class ControlCharacterFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path;
        Map<String, List<String>> query;
        try {
            path = request.getUriInfo().getPath();
            query = request.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "The URL is not valid percent-encoding: '%' must be followed by two hexadecimal digits of UTF-8."));
        }
        refuseAny("The URL path", path, false);
        query.forEach((name, values) -> {
            refuseAny("The query parameter name", name, false);
            values.forEach(value -> refuseAny("The query parameter '" + printable(name) + "'", value, false));
        });
        request.getHeaders().forEach((name, values) -> values.forEach(value -> refuseAny(
                "The header '" + printable(name) + "'", value, true)));
    }

    private static void refuseAny(String where, String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(tabAllowed && c == '\t')) {
                throw refusal(where, c);
            }
        }
    }

    /** A name for a refusal message: the client's text, with control characters left out. */
    private static String printable(String text) {
        String shown = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }

    private static ProblemException refusal(String where, int character) {
        return new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, ControlCharacters.refusal(where, character)));
    }
}
