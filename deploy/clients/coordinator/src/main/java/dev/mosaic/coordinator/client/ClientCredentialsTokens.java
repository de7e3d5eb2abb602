package dev.mosaic.coordinator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.auth.AccessTokenResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A client-credentials access token (RFC 6749 §4.4), fetched on first use and fetched again before it
 * expires: once less than {@link #MIN_MARGIN} or {@link #MARGIN_FRACTION} of its lifetime remains,
 * whichever is more, so a token never expires in flight. Thread-safe: of many callers that find the
 * token stale at once, one fetches and the others wait for it.
 */
final class ClientCredentialsTokens {
    static final Duration MIN_MARGIN = Duration.ofSeconds(60);
    static final double MARGIN_FRACTION = 0.2;

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String basicCredentials;
    private final Clock clock;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final Object fetchLock = new Object();
    private volatile Token current;

    /** One token and the moment from which it counts as stale. */
    private record Token(String value, Instant refreshAt) {
    }

    /** The token endpoint is unreachable or busy (5xx, 429): retryable, like a network error. */
    static final class TokenUnavailableException extends IOException {
        TokenUnavailableException(String message) {
            super(message);
        }
    }

    ClientCredentialsTokens(HttpClient http, URI tokenEndpoint, String clientId, String clientSecret, Clock clock,
            Duration requestTimeout, ObjectMapper json) {
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
        this.basicCredentials = Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.json = json;
    }

    /**
     * A token that stays valid for at least the refresh margin.
     *
     * @throws IOException a network error or a retryable answer of the token endpoint
     * @throws CoordinatorException.ClientAuthenticationFailed the credentials were refused
     */
    String current() throws IOException, InterruptedException {
        Token token = current;
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.value();
        }
        synchronized (fetchLock) {
            token = current;
            if (token != null && clock.instant().isBefore(token.refreshAt())) {
                return token.value();
            }
            token = fetch();
            current = token;
            return token.value();
        }
    }

    /** Forgets {@code rejected} (a 401 for it: revoked, or signed by a key the service does not know yet). */
    void invalidate(String rejected) {
        synchronized (fetchLock) {
            Token token = current;
            if (token != null && token.value().equals(rejected)) {
                current = null;
            }
        }
    }

    private Token fetch() throws IOException, InterruptedException {
        Instant asked = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Basic " + basicCredentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 200) {
            AccessTokenResponse body = json.readValue(response.body(), AccessTokenResponse.class);
            if (body.accessToken() == null || body.accessToken().isBlank() || body.expiresIn() <= 0) {
                throw new TokenUnavailableException("The token endpoint answered 200 without a usable token");
            }
            Duration lifetime = Duration.ofSeconds(body.expiresIn());
            Duration fraction = Duration.ofMillis((long) (lifetime.toMillis() * MARGIN_FRACTION));
            Duration margin = fraction.compareTo(MIN_MARGIN) > 0 ? fraction : MIN_MARGIN;
            // Counted from when we asked, not when the answer came: the lifetime started at the server before that.
            return new Token(body.accessToken(), asked.plus(lifetime).minus(margin));
        }
        if (status == 429 || status >= 500) {
            throw new TokenUnavailableException("The token endpoint answered " + status);
        }
        String error = "http_" + status;
        String description = null;
        try {
            JsonNode body = json.readTree(response.body());
            if (body != null && body.hasNonNull("error")) {
                error = body.get("error").asText();
                description = body.hasNonNull("error_description") ? body.get("error_description").asText() : null;
            }
        } catch (IOException notJson) {
            // keep the status as the error
        }
        throw new CoordinatorException.ClientAuthenticationFailed(status, error, description);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
