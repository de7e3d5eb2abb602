package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses control characters at the edge, by the rules of {@link ControlCharacters}: anywhere in the
 * URL, a header value (tab excepted), a form field; in a JSON body every one but tab, line feed and
 * carriage return, raw or escaped ({@code \u0000}). Without it a NUL would surface deep inside a write as
 * a server error (PostgreSQL's text refuses it), and a line break in an identifier could forge log lines.
 * A form body that is not valid form encoding is refused here too, with a 400 that names the fault.
 * <p>
 * It runs after matching and refuses by throwing, so that an endpoint with its own error format (the
 * OAuth token endpoint) can answer in it; an unmatched URL is a 404 anyway.
 */
@Provider
public class ControlCharacterFilter implements ContainerRequestFilter, ReaderInterceptor {

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

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        if (MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(context.getMediaType())) {
            refuseInForm(body);
        } else {
            int refused = firstRefusedInJson(body);
            if (refused >= 0) {
                throw refusal("The body", refused);
            }
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static void refuseInForm(byte[] body) {
        Map<String, List<String>> form;
        try {
            form = FormBody.parse(body);
        } catch (FormBody.MalformedFormException e) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "The body is not valid application/x-www-form-urlencoded: " + e.getMessage() + "."));
        }
        form.forEach((name, values) -> {
            refuseAny("The form field name", name, false);
            values.forEach(value -> refuseAny("The form field '" + printable(name) + "'", value, false));
        });
    }

    private static void refuseAny(String where, String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(tabAllowed && c == '\t')) {
                throw refusal(where, c);
            }
        }
    }

    /**
     * The first control character that a JSON body may not carry, raw or as a {@code \}{@code uXXXX}
     * escape, or -1. An escaped backslash followed by text is no escape.
     */
    static int firstRefusedInJson(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            int b = json[i] & 0xFF;
            if ((b < 0x20 && !ControlCharacters.isFreeTextBreak(b)) || b == 0x7F) {
                return b;
            }
            if (b == 0xC2 && i + 1 < json.length && (json[i + 1] & 0xFF) >= 0x80 && (json[i + 1] & 0xFF) <= 0x9F) {
                return json[i + 1] & 0xFF; // C1, U+0080–U+009F, in UTF-8
            }
            if (b == '\\' && i + 1 < json.length) {
                if (json[i + 1] == 'u' && i + 5 < json.length) {
                    int escaped = hex(json, i + 2);
                    if (escaped >= 0 && Character.isISOControl(escaped) && !ControlCharacters.isFreeTextBreak(escaped)) {
                        return escaped;
                    }
                }
                i++; // skip the escaped character
            }
        }
        return -1;
    }

    private static int hex(byte[] json, int from) {
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(json[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** A name for a refusal message: the client's text, with control characters left out. */
    private static String printable(String text) {
        String shown = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }

    private static ProblemException refusal(String where, int character) {
        return new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST, where + " contains the control character "
                + ControlCharacters.name(character) + ", which it may not carry. Remove it."));
    }
}
