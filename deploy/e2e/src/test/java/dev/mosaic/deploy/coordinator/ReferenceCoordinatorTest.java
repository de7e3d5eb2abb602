package dev.mosaic.deploy.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry and token logic of {@link ReferenceCoordinator} against a tiny scripted HTTP server on a free
 * port: the coordinator endpoints answer from a script (one answer per request), the token endpoint
 * hands out numbered tokens with a chosen lifetime.
 */
class ReferenceCoordinatorTest {
    private static final String CLIENT_ID = "coordinator";
    private static final String CLIENT_SECRET = "s3cret:with/odd+chars-0123456789abcdef";
    private static final UUID JOB = UUID.fromString("7b0c1c44-4b8e-4a8e-9d3e-2f6f8f6b1a01");
    private static final ObjectMapper JSON = ReferenceCoordinator.objectMapper();

    /** One scripted answer of the coordinator endpoints. */
    private record Answer(int status, Map<String, String> headers, String body, boolean dropConnection) {
        static Answer of(int status, String body, String... headerPairs) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, headers, body, false);
        }

        static Answer drop() {
            return new Answer(0, Map.of(), null, true);
        }
    }

    /** What the server saw of one coordinator call. */
    private record Seen(String path, String authorization, String idempotencyKey, String ifMatch, String body) {
    }

    private HttpServer server;
    private ExecutorService executor;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> calls = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequestAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile long tokenLifetimeSeconds = 3600;
    /** When set, the token endpoint holds its answer until the test opens this gate. */
    private volatile CountDownLatch tokenEndpointGate;
    private volatile int tokenEndpointStatus = 200;
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/api/auth/oauth2/token", this::token);
        server.createContext("/api/coordinator/jobs/", this::coordinator);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ReferenceCoordinator.Builder coordinator() {
        return ReferenceCoordinator.builder(base(), base(), CLIENT_ID, CLIENT_SECRET)
                .clock(clock)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .requestTimeout(Duration.ofSeconds(5));
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        tokenRequestAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        CountDownLatch gate = tokenEndpointGate;
        if (gate != null) {
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tokenEndpointStatus != 200) {
            respond(exchange, tokenEndpointStatus, "application/json", Map.of(),
                    "{\"error\":\"invalid_client\",\"error_description\":\"Unknown client or wrong secret\"}");
            return;
        }
        if (!form.equals("grant_type=client_credentials")) {
            respond(exchange, 400, "application/json", Map.of(), "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String token = "token-" + tokensIssued.incrementAndGet();
        respond(exchange, 200, "application/json", Map.of("Cache-Control", "no-store"),
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + tokenLifetimeSeconds + "}");
    }

    private void coordinator(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), exchange.getRequestHeaders().getFirst("If-Match"),
                body));
        Answer answer = script.poll();
        if (answer == null) {
            answer = Answer.of(200, job(JobStatus.RUNNING, 0));
        }
        if (answer.dropConnection()) {
            // The request arrived, the answer never does: the client cannot know whether it was applied.
            exchange.getResponseBody().close();
            exchange.close();
            throw new IOException("dropped on purpose");
        }
        String type = answer.status() < 300 ? "application/json" : "application/problem+json";
        respond(exchange, answer.status(), type, answer.headers(), answer.body());
    }

    private static void respond(HttpExchange exchange, int status, String type, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static String job(JobStatus status, int progress) {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        RunnerJob job = new RunnerJob(JOB, UUID.randomUUID(), "user-1", "render", 50, status, progress, "step",
                Map.of("scene", "a"), null, null, 1, 7, now, now, now, null);
        try {
            return JSON.writeValueAsString(job);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String problem(int status, String type, String title, String extra) {
        return "{\"type\":\"urn:mosaic:problem:" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"scripted\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    // ---- repeats: the same key, Retry-After honoured ----

    @Test
    void repeatsA503WithRetryAfterWithTheSameIdempotencyKeyAfterWaiting() {
        script.add(Answer.of(503, problem(503, "service-unavailable", "Service unavailable", ""), "Retry-After", "1"));
        script.add(Answer.of(200, job(JobStatus.RUNNING, 25)));
        ReferenceCoordinator coordinator = coordinator().build();

        long started = System.nanoTime();
        RunnerJob job = coordinator.progress(JOB, 25, "rendering");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(25, job.progressPercent());
        assertEquals(2, calls.size(), "one 503, then the repeat");
        assertEquals("/api/coordinator/jobs/" + JOB + "/progress", calls.get(0).path());
        assertNotNull(calls.get(0).idempotencyKey(), "every call carries a key");
        assertEquals(calls.get(0).idempotencyKey(), calls.get(1).idempotencyKey(), "the repeat reuses the key");
        assertEquals(calls.get(0).body(), calls.get(1).body(), "the repeat is the same request");
        assertTrue(calls.get(0).body().contains("\"progressPercent\":25"), calls.get(0).body());
        assertTrue(took.toMillis() >= 900, "waited Retry-After (1 s) before the repeat, took " + took.toMillis() + " ms");
        assertEquals("Bearer token-1", calls.get(1).authorization());
        assertEquals(1, tokensIssued.get(), "one token serves both attempts");
    }

    @Test
    void repeatsAfterANetworkErrorA409WithRetryAfterAndA429WithTheSameKey() {
        script.add(Answer.drop());
        script.add(Answer.of(409, problem(409, "concurrent-update", "Concurrent update", ""), "Retry-After", "0"));
        script.add(Answer.of(429, problem(429, "too-many-requests", "Too many requests", "")));
        script.add(Answer.of(200, job(JobStatus.COMPLETED, 100)));
        ReferenceCoordinator coordinator = coordinator().build();

        RunnerJob job = coordinator.complete(JOB, Map.of("frames", 240));

        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(4, calls.size());
        assertEquals(1, calls.stream().map(Seen::idempotencyKey).distinct().count(), "one key for all attempts: " + calls);
    }

    @Test
    void everyNewCallGetsAFreshKey() {
        ReferenceCoordinator coordinator = coordinator().build();
        coordinator.queue(JOB);
        coordinator.start(JOB, "warming up");
        coordinator.progress(JOB, 10, null);
        assertEquals(3, calls.stream().map(Seen::idempotencyKey).distinct().count());
        assertTrue(calls.get(0).body().contains("\"status\":\"QUEUED\""), calls.get(0).body());
        assertTrue(calls.get(1).body().contains("\"status\":\"RUNNING\""), calls.get(1).body());
    }

    @Test
    void attemptsAreBounded() {
        for (int i = 0; i < 10; i++) {
            script.add(Answer.of(503, problem(503, "service-unavailable", "Service unavailable", ""), "Retry-After", "0"));
        }
        ReferenceCoordinator coordinator = coordinator().maxAttempts(3).build();

        CoordinatorException.RetriesExhausted exhausted = assertThrows(CoordinatorException.RetriesExhausted.class,
                () -> coordinator.progress(JOB, 50, null));

        assertEquals(3, calls.size());
        assertEquals(3, exhausted.attempts());
        assertEquals(503, exhausted.lastProblem().status());
        assertEquals(1, calls.stream().map(Seen::idempotencyKey).distinct().count());
    }

    // ---- final answers: a typed exception with the problem, no repeat ----

    @Test
    void aRefusedTransitionIsFinalAndCarriesTheProblem() {
        script.add(Answer.of(409, problem(409, "invalid-transition", "Invalid status transition",
                "\"currentStatus\":\"COMPLETED\",\"requestedStatus\":\"FAILED\",\"allowedNextStatuses\":[]")));
        ReferenceCoordinator coordinator = coordinator().build();

        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.fail(JOB, "disk full", Map.of("node", "n-7")));

        assertEquals(1, calls.size(), "a 409 without Retry-After is never repeated");
        assertEquals(409, refused.status());
        assertEquals(URI.create("urn:mosaic:problem:invalid-transition"), refused.problem().type());
        assertEquals("COMPLETED", refused.problem().extensions().get("currentStatus"));
        assertEquals(List.of(), refused.problem().extensions().get("allowedNextStatuses"));
        assertEquals("fail", refused.operation());
    }

    @Test
    void aStaleIfMatchAndAReusedKeyAreFinal() {
        script.add(Answer.of(412, problem(412, "precondition-failed", "Precondition failed", "")));
        script.add(Answer.of(422, problem(422, "idempotency-key-reused", "Idempotency key reused", "")));
        ReferenceCoordinator coordinator = coordinator().build();

        CoordinatorException.Refused stale = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.changeStatus(JOB, new dev.mosaic.shared.jobs.StatusChangeRequest(JobStatus.RUNNING, null), 6));
        assertEquals(412, stale.status());
        assertEquals("\"6\"", calls.get(0).ifMatch(), "the expected version goes out as If-Match");

        CoordinatorException.Refused reused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.complete(JOB, Map.of()));
        assertEquals(422, reused.status());
        assertEquals(2, calls.size());
        assertNull(calls.get(1).ifMatch());
    }

    @Test
    void aBodyThatIsNotAProblemStillGivesAProblem() {
        script.add(Answer.of(404, "<html>no such thing</html>"));
        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator().build().queue(JOB));
        assertEquals(404, refused.status());
        assertTrue(refused.problem().detail().contains("no such thing"));
    }

    // ---- the token ----

    @Test
    void sendsTheClientCredentialsByHttpBasic() {
        coordinator().build().queue(JOB);
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "coordinator:s3cret%3Awith%2Fodd%2Bchars-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), tokenRequestAuthorizations);
    }

    @Test
    void refreshesAShortTokenOnceLessThanSixtySecondsRemain() {
        tokenLifetimeSeconds = 120;
        ReferenceCoordinator coordinator = coordinator().build();

        coordinator.progress(JOB, 1, null);
        clock.advance(Duration.ofSeconds(55)); // 65 s left: still good
        coordinator.progress(JOB, 2, null);
        clock.advance(Duration.ofSeconds(10)); // 55 s left: refreshed before it can expire in flight
        coordinator.progress(JOB, 3, null);

        assertEquals(List.of("Bearer token-1", "Bearer token-1", "Bearer token-2"),
                calls.stream().map(Seen::authorization).toList());
    }

    @Test
    void refreshesALongTokenOnceLessThanTwentyPercentOfItsLifetimeRemain() {
        tokenLifetimeSeconds = 3600; // 20 % = 720 s
        ReferenceCoordinator coordinator = coordinator().build();

        assertEquals("token-1", coordinator.accessToken());
        clock.advance(Duration.ofSeconds(2870)); // 730 s left
        assertEquals("token-1", coordinator.accessToken());
        clock.advance(Duration.ofSeconds(20)); // 710 s left
        assertEquals("token-2", coordinator.accessToken());
        assertEquals(2, tokensIssued.get());
    }

    @Test
    void manyThreadsFindingTheTokenStaleFetchOneNewToken() throws Exception {
        tokenEndpointGate = new CountDownLatch(1);
        ReferenceCoordinator coordinator = coordinator().build();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger asking = new AtomicInteger();
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tokens.add(pool.submit(() -> {
                    go.await();
                    asking.incrementAndGet();
                    return coordinator.accessToken();
                }));
            }
            go.countDown();
            // Hold the first fetch open until every thread is asking for a token.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> asking.get() == threads && tokenRequestAuthorizations.size() == 1);
            tokenEndpointGate.countDown();
            Set<String> seen = new java.util.HashSet<>();
            for (Future<String> token : tokens) {
                seen.add(token.get());
            }
            assertEquals(Set.of("token-1"), seen);
            assertEquals(1, tokensIssued.get(), "one fetch for all threads");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a401FetchesANewTokenOnceAndRepeatsWithTheSameKey() {
        script.add(Answer.of(401, problem(401, "unauthorized", "Authentication required", "")));
        script.add(Answer.of(200, job(JobStatus.RUNNING, 0)));
        ReferenceCoordinator coordinator = coordinator().build();

        coordinator.start(JOB, null);

        assertEquals(List.of("Bearer token-1", "Bearer token-2"), calls.stream().map(Seen::authorization).toList());
        assertEquals(calls.get(0).idempotencyKey(), calls.get(1).idempotencyKey());
    }

    @Test
    void aSecond401IsFinal() {
        script.add(Answer.of(401, problem(401, "unauthorized", "Authentication required", "")));
        script.add(Answer.of(401, problem(401, "unauthorized", "Authentication required", "")));
        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator().build().start(JOB, null));
        assertEquals(401, refused.status());
        assertEquals(2, calls.size());
    }

    @Test
    void refusedClientCredentialsAreATypedError() {
        tokenEndpointStatus = 401;
        CoordinatorException error = assertThrows(CoordinatorException.class, () -> coordinator().build().queue(JOB));
        CoordinatorException.ClientAuthenticationFailed failed = assertInstanceOf(
                CoordinatorException.ClientAuthenticationFailed.class, error);
        assertEquals("invalid_client", failed.error());
        assertEquals(0, calls.size(), "no job call without a token");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() {
        ReferenceCoordinator coordinator = coordinator().build();
        java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(
                Map.of("Retry-After", List.of("Tue, 01 Jan 2030 00:00:05 GMT")), (a, b) -> true);
        assertEquals(Duration.ofSeconds(5), coordinator.retryAfter(headers).orElseThrow());
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        ReferenceCoordinator coordinator = ReferenceCoordinator.builder(base(), base(), CLIENT_ID, CLIENT_SECRET)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(1000)).build();
        for (int i = 0; i < 50; i++) {
            long first = coordinator.backoff(1).toMillis();
            long third = coordinator.backoff(3).toMillis();
            long tenth = coordinator.backoff(10).toMillis();
            assertTrue(first >= 50 && first <= 100, "attempt 1: " + first);
            assertTrue(third >= 200 && third <= 400, "attempt 3: " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "attempt 10 is capped: " + tenth);
        }
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
