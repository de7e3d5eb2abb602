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
        refuseAny(path, false, "The URL path");
        query.forEach((name, values) -> {
            refuseAny(name, false, "The query parameter name");
            values.forEach(value -> refuseAny(value, false, name, "The query parameter '%s'"));
        });
        request.getHeaders().forEach((name, values) -> values.forEach(value -> refuseAny(value, true, name,
                "The header '%s'")));
    }

    private static void refuseAny(String text, boolean tabAllowed, String where) {
        refuseAny(text, tabAllowed, null, where);
    }

    /**
     * {@code where} names the place in a refusal, with the printable part of {@code name} for its {@code %s}: built
     * only for a refusal, since building it for every header of every request was half of this filter's cost.
     */
    private static void refuseAny(String text, boolean tabAllowed, String name, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(tabAllowed && c == '\t')) {
                throw refusal(name == null ? where : where.formatted(printable(name)), c);
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
