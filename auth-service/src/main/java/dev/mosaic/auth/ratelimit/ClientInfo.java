package dev.mosaic.auth.ratelimit;

import io.vertx.core.http.HttpServerRequest;

/** Where a request comes from, as far as the server can tell ({@link ClientAddresses}); recorded with sessions and failed sign-ins. */
public record ClientInfo(String address, String userAgent) {
    private static final int MAX_USER_AGENT = 512;

    static ClientInfo of(String address, HttpServerRequest request) {
        String userAgent = request.getHeader("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(address, userAgent);
    }
}
