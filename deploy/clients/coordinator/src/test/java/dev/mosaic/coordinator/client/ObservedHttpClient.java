package dev.mosaic.coordinator.client;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real {@link HttpClient} that the coordinator client is given, so a test sees each exchange it really has
 * with the services (when it went out, what came back) and can lose one answer on its way back: the request
 * reached the service and was applied, and the client gets a network error instead of the answer.
 */
final class ObservedHttpClient extends HttpClient {
    /** One request and its answer. */
    record Exchange(String method, URI uri, Optional<String> idempotencyKey, Optional<String> authorization, int status,
                    Optional<String> retryAfter, String body, Instant sent, Instant answered) {
        boolean isTo(String pathSuffix) {
            return uri.getPath().endsWith(pathSuffix);
        }
    }

    private final HttpClient real = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicReference<Predicate<HttpRequest>> loseNextAnswer = new AtomicReference<>();

    /** The exchanges whose path ends with {@code pathSuffix}, oldest first. */
    List<Exchange> exchangesTo(String pathSuffix) {
        return exchanges.stream().filter(exchange -> exchange.isTo(pathSuffix)).toList();
    }

    /** The next request whose path ends with {@code pathSuffix} is sent and answered, then its answer is lost. */
    void loseNextAnswerTo(String pathSuffix) {
        loseNextAnswer.set(request -> request.uri().getPath().endsWith(pathSuffix));
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        Instant sent = Instant.now();
        HttpResponse<T> response = real.send(request, handler);
        String body = response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
        exchanges.add(new Exchange(request.method(), request.uri(), request.headers().firstValue("Idempotency-Key"),
                request.headers().firstValue("Authorization"), response.statusCode(),
                response.headers().firstValue("Retry-After"), body, sent, Instant.now()));
        Predicate<HttpRequest> lose = loseNextAnswer.get();
        if (lose != null && lose.test(request) && loseNextAnswer.compareAndSet(lose, null)) {
            throw new IOException("the answer to " + request.uri() + " was lost on its way back (on purpose)");
        }
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the coordinator client sends synchronously");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("the coordinator client sends synchronously");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return real.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return real.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return real.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return real.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return real.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return real.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return real.authenticator();
    }

    @Override
    public Version version() {
        return real.version();
    }

    @Override
    public Optional<Executor> executor() {
        return real.executor();
    }
}
