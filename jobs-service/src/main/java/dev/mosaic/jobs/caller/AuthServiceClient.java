package dev.mosaic.jobs.caller;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * How jobs-service reads from auth-service (its JWKS, its revocation feed): one non-blocking client
 * on the event loops, so no read holds a thread, and none waits on the start's main thread.
 */
@Singleton
public class AuthServiceClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final WebClient client;

    AuthServiceClient(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setFollowRedirects(false)
                .setUserAgent("mosaic-jobs-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * {@code GET url} for JSON: the answer's body when it is 200, else a failure saying the status, or
     * saying that nothing came for {@link #READ_TIMEOUT}.
     */
    public Uni<Buffer> getJson(String url) {
        return client.getAbs(url).timeout(READ_TIMEOUT.toMillis()).putHeader("Accept", "application/json").send()
                .map(AuthServiceClient::bodyOf200);
    }

    private static Buffer bodyOf200(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return response.body() == null ? Buffer.buffer() : response.body();
    }
}
