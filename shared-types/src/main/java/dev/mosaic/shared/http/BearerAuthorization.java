package dev.mosaic.shared.http;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.Map;

/** The {@code Authorization: Bearer} scheme (RFC 6750) as both services read and refuse it. */
public final class BearerAuthorization {
    private static final String PREFIX = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

    private BearerAuthorization() {
    }

    /** The token of an {@code Authorization} header value, or null when it is not a bearer token. */
    public static String tokenOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = authorization.substring(PREFIX.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /** 401 with the challenge that tells the client to send a bearer token. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAUTHORIZED, detail), CHALLENGE);
    }
}
