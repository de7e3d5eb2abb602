package dev.mosaic.coordinator.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP against a running stack, as the console or a script sends it: JSON bodies, a bearer token when
 * there is one, problem+json accepted. For the tests that play a person's side ({@link People}, the end-to-end
 * test through this module's test-jar); the coordinator's side goes through {@link CoordinatorClient}.
 */
public final class PlainHttp {
    private static final ObjectMapper JSON = CoordinatorClient.objectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PlainHttp() {
    }

    public static HttpResponse<String> get(String url, String bearer) {
        return send(request(url, bearer).GET());
    }

    public static HttpResponse<String> post(String url, String bearer, String json) {
        return send(request(url, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request to {@code url} with the bearer token, if any, and the Accept header; method and body still to set. */
    public static HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json, application/problem+json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + type.getType() + " from: " + body, e);
        }
    }
}
