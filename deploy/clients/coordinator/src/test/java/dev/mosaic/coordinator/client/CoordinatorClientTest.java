package dev.mosaic.coordinator.client;

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
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CoordinatorClient} (retries, the token, claims and leases) and {@link CoordinatorWorker} on the wire,
 * against a tiny scripted HTTP server on a free port, for what the real services cannot be made to answer at
 * will (a dropped connection at a chosen call, an HTTP-date Retry-After, a token endpoint held open); the same
 * behaviour against the real services is {@link CoordinatorClientServicesTest}. Here the coordinator endpoints
 * answer from a script (one answer per request; heartbeats from a script of their own), the token endpoint
 * hands out numbered tokens with a chosen lifetime.
 */
class CoordinatorClientTest {
    private static final String CLIENT_ID = "coordinator";
    private static final String CLIENT_SECRET = "s3cret:with/odd+chars-0123456789abcdef";
    private static final UUID JOB = UUID.fromString("7b0c1c44-4b8e-4a8e-9d3e-2f6f8f6b1a01");
    private static final UUID OTHER_JOB = UUID.fromString("0d7c55d1-86a4-4a55-8d1e-5d7e2c0d6b02");
    private static final Lease LEASE = new Lease(JOB, "lease-of-job");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final ObjectMapper JSON = CoordinatorClient.objectMapper();

    /** One scripted answer of the coordinator endpoints. */
    private record Answer(int status, Map<String, String> headers, String body, boolean dropConnection, Duration holdFor) {
        static Answer of(int status, String body, String... headerPairs) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, headers, body, false, null);
        }

        static Answer drop() {
            return new Answer(0, Map.of(), null, true, null);
        }

        /** This answer, sent only after {@code hold}: a long poll that waits on the server. */
        Answer after(Duration hold) {
            return new Answer(status, headers, body, dropConnection, hold);
        }
    }

    /** What the server saw of one coordinator call. */
    private record Seen(String method, String path, String query, String authorization, String idempotencyKey,
                        String ifMatch, String lease, String body) {
    }

    private HttpServer server;
    private ExecutorService executor;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    /** Heartbeats answer from their own script: a worker sends them while its other calls go on. */
    private final ConcurrentLinkedQueue<Answer> heartbeatScript = new ConcurrentLinkedQueue<>();
    private final List<Seen> calls = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequestAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile long tokenLifetimeSeconds = 3600;
    /** When set, the token endpoint holds its answer until the test opens this gate. */
    private volatile CountDownLatch tokenEndpointGate;
    private volatile int tokenEndpointStatus = 200;
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

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

    private CoordinatorClient.Builder coordinator() {
        return CoordinatorClient.builder(base(), base(), CLIENT_ID, CLIENT_SECRET)
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
        String path = exchange.getRequestURI().getPath();
        var headers = exchange.getRequestHeaders();
        calls.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                headers.getFirst("Authorization"),
                headers.getFirst("Idempotency-Key"), headers.getFirst("If-Match"), headers.getFirst(JobLease.HEADER), body));
        boolean heartbeat = path.endsWith("/heartbeat");
        Answer answer = (heartbeat ? heartbeatScript : script).poll();
        if (answer == null) {
            answer = heartbeat ? Answer.of(200, json(new JobLease(null, CLIENT_ID, NOW.plusSeconds(60))))
                    : path.endsWith("/claim") ? Answer.of(200, json(new ClaimedJobs(List.of())))
                    : Answer.of(200, job(JobStatus.RUNNING, 0));
        }
        if (answer.holdFor() != null) {
            holdAnswer(answer.holdFor());
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

    /** The server holds a long poll's answer; nothing here ever opens this latch. */
    private static void holdAnswer(Duration hold) {
        try {
            new CountDownLatch(1).await(hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunnerJob runnerJob(UUID id, JobStatus status, int progress) {
        return new RunnerJob(id, UUID.randomUUID(), "user-1", "render", 50, status, progress, "step",
                Map.of("scene", "a"), null, null, 1, 3, 7, NOW, NOW, NOW, null);
    }

    private static String job(JobStatus status, int progress) {
        return json(runnerJob(JOB, status, progress));
    }

    /** A claim's answer: the job QUEUED, with the lease token given. */
    private static String claimed(UUID id, String token) {
        return json(new ClaimedJobs(List.of(new ClaimedJob(runnerJob(id, JobStatus.QUEUED, 0),
                new JobLease(token, CLIENT_ID, NOW.plusSeconds(30))))));
    }

    private static String leaseLost(JobStatus currentStatus, int attempt) {
        return problem(409, "lease-lost", "Lease lost", "\"currentStatus\":\"" + currentStatus + "\",\"attempt\":" + attempt);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The coordinator calls seen so far, as their paths below {@code /api/coordinator/jobs/}. */
    private List<String> paths() {
        return calls.stream().map(Seen::path).map(path -> path.substring("/api/coordinator/jobs/".length())).toList();
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
        CoordinatorClient coordinator = coordinator().build();

        long started = System.nanoTime();
        RunnerJob job = coordinator.progress(LEASE, 25, "rendering");
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
        CoordinatorClient coordinator = coordinator().build();

        RunnerJob job = coordinator.complete(LEASE, Map.of("frames", 240));

        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(4, calls.size());
        assertEquals(1, calls.stream().map(Seen::idempotencyKey).distinct().count(), "one key for all attempts: " + calls);
    }

    @Test
    void everyNewCallGetsAFreshKey() {
        CoordinatorClient coordinator = coordinator().build();
        coordinator.start(LEASE, "warming up");
        coordinator.progress(LEASE, 10, null);
        coordinator.cancel(LEASE, "no longer needed");
        assertEquals(3, calls.stream().map(Seen::idempotencyKey).distinct().count());
        assertTrue(calls.get(0).body().contains("\"status\":\"RUNNING\""), calls.get(0).body());
        assertTrue(calls.get(2).body().contains("\"status\":\"CANCELLED\""), calls.get(2).body());
    }

    @Test
    void attemptsAreBounded() {
        for (int i = 0; i < 10; i++) {
            script.add(Answer.of(503, problem(503, "service-unavailable", "Service unavailable", ""), "Retry-After", "0"));
        }
        CoordinatorClient coordinator = coordinator().maxAttempts(3).build();

        CoordinatorException.RetriesExhausted exhausted = assertThrows(CoordinatorException.RetriesExhausted.class,
                () -> coordinator.progress(LEASE, 50, null));

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
        CoordinatorClient coordinator = coordinator().build();

        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.fail(LEASE, "disk full", Map.of("node", "n-7")));

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
        CoordinatorClient coordinator = coordinator().build();

        CoordinatorException.Refused stale = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.changeStatus(LEASE, new StatusChangeRequest(JobStatus.RUNNING, null), 6));
        assertEquals(412, stale.status());
        assertEquals("\"6\"", calls.get(0).ifMatch(), "the expected version goes out as If-Match");

        CoordinatorException.Refused reused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator.complete(LEASE, Map.of()));
        assertEquals(422, reused.status());
        assertEquals(2, calls.size());
        assertNull(calls.get(1).ifMatch());
    }

    @Test
    void aBodyThatIsNotAProblemStillGivesAProblem() {
        script.add(Answer.of(404, "<html>no such thing</html>"));
        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator().build().start(LEASE, null));
        assertEquals(404, refused.status());
        assertTrue(refused.problem().detail().contains("no such thing"));
    }

    // ---- the token ----

    @Test
    void sendsTheClientCredentialsByHttpBasic() {
        coordinator().build().start(LEASE, null);
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                "coordinator:s3cret%3Awith%2Fodd%2Bchars-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), tokenRequestAuthorizations);
    }

    @Test
    void refreshesAShortTokenOnceLessThanSixtySecondsRemain() {
        tokenLifetimeSeconds = 120;
        CoordinatorClient coordinator = coordinator().build();

        coordinator.progress(LEASE, 1, null);
        clock.advance(Duration.ofSeconds(55)); // 65 s left: still good
        coordinator.progress(LEASE, 2, null);
        clock.advance(Duration.ofSeconds(10)); // 55 s left: refreshed before it can expire in flight
        coordinator.progress(LEASE, 3, null);

        assertEquals(List.of("Bearer token-1", "Bearer token-1", "Bearer token-2"),
                calls.stream().map(Seen::authorization).toList());
    }

    @Test
    void refreshesALongTokenOnceLessThanTwentyPercentOfItsLifetimeRemain() {
        tokenLifetimeSeconds = 3600; // 20 % = 720 s
        CoordinatorClient coordinator = coordinator().build();

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
        CoordinatorClient coordinator = coordinator().build();
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
        CoordinatorClient coordinator = coordinator().build();

        coordinator.start(LEASE, null);

        assertEquals(List.of("Bearer token-1", "Bearer token-2"), calls.stream().map(Seen::authorization).toList());
        assertEquals(calls.get(0).idempotencyKey(), calls.get(1).idempotencyKey());
    }

    @Test
    void aSecond401IsFinal() {
        script.add(Answer.of(401, problem(401, "unauthorized", "Authentication required", "")));
        script.add(Answer.of(401, problem(401, "unauthorized", "Authentication required", "")));
        CoordinatorException.Refused refused = assertThrows(CoordinatorException.Refused.class,
                () -> coordinator().build().start(LEASE, null));
        assertEquals(401, refused.status());
        assertEquals(2, calls.size());
    }

    @Test
    void refusedClientCredentialsAreATypedError() {
        tokenEndpointStatus = 401;
        CoordinatorException error = assertThrows(CoordinatorException.class, () -> coordinator().build().start(LEASE, null));
        CoordinatorException.ClientAuthenticationFailed failed = assertInstanceOf(
                CoordinatorException.ClientAuthenticationFailed.class, error);
        assertEquals("invalid_client", failed.error());
        assertEquals(0, calls.size(), "no job call without a token");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() {
        CoordinatorClient coordinator = coordinator().build();
        java.net.http.HttpHeaders headers = java.net.http.HttpHeaders.of(
                Map.of("Retry-After", List.of("Tue, 01 Jan 2030 00:00:05 GMT")), (a, b) -> true);
        assertEquals(Duration.ofSeconds(5), coordinator.retryAfter(headers).orElseThrow());
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        CoordinatorClient coordinator = CoordinatorClient.builder(base(), base(), CLIENT_ID, CLIENT_SECRET)
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

    // ---- claims and leases ----

    @Test
    void aClaimSendsWhatItAsksForAndReturnsEachJobWithItsLease() throws IOException {
        script.add(Answer.of(200, json(new ClaimedJobs(List.of(
                new ClaimedJob(runnerJob(JOB, JobStatus.QUEUED, 0), new JobLease("lease-a", CLIENT_ID, NOW.plusSeconds(30))),
                new ClaimedJob(runnerJob(OTHER_JOB, JobStatus.QUEUED, 0), new JobLease("lease-b", CLIENT_ID, NOW.plusSeconds(30))))))));

        List<ClaimedJob> claimed = coordinator().build().claim(new ClaimRequest(List.of("render", "encode"), 2, 30, 5));

        assertEquals(List.of("claim"), paths());
        Seen claim = calls.get(0);
        assertEquals("POST", claim.method());
        assertNull(claim.lease(), "a claim holds no lease yet");
        var body = JSON.readTree(claim.body());
        assertEquals(List.of("render", "encode"), JSON.convertValue(body.get("types"), List.class));
        assertEquals(2, body.get("max").asInt());
        assertEquals(30, body.get("leaseSeconds").asInt());
        assertEquals(5, body.get("waitSeconds").asInt());

        assertEquals(List.of(JOB, OTHER_JOB), claimed.stream().map(c -> c.job().id()).toList());
        assertEquals(List.of(JobStatus.QUEUED, JobStatus.QUEUED), claimed.stream().map(c -> c.job().status()).toList());
        assertEquals(new Lease(JOB, "lease-a"), Lease.of(claimed.get(0)));
        assertEquals(new Lease(OTHER_JOB, "lease-b"), Lease.of(claimed.get(1)));
        assertEquals(CLIENT_ID, claimed.get(0).lease().holder());
        assertEquals(NOW.plusSeconds(30), claimed.get(0).lease().expiresAt());
    }

    @Test
    void aLongPollClaimMayOutlastTheRequestTimeout() {
        script.add(Answer.of(200, claimed(JOB, "lease-a")).after(Duration.ofMillis(1200)));
        CoordinatorClient coordinator = coordinator().requestTimeout(Duration.ofMillis(400)).maxAttempts(1).build();

        List<ClaimedJob> claimed = coordinator.claim(new ClaimRequest(null, 1, 30, 2));

        assertEquals(List.of(JOB), claimed.stream().map(c -> c.job().id()).toList(), "the claim waited for its answer");
        assertEquals(1, calls.size());
    }

    @Test
    void everyWriteToAClaimedJobCarriesTheLease() {
        CoordinatorClient coordinator = coordinator().build();
        Lease lease = new Lease(JOB, "lease-a");

        coordinator.start(lease, "warming up");
        coordinator.progress(lease, 40, null);
        coordinator.heartbeat(lease);
        coordinator.complete(lease, Map.of("frames", 24));
        coordinator.fail(lease, "disk full", null);
        coordinator.cancel(lease, null);

        String job = JOB.toString();
        assertEquals(List.of(job + "/status", job + "/progress", job + "/heartbeat", job + "/complete", job + "/fail",
                job + "/status"), paths());
        calls.forEach(call -> assertEquals("lease-a", call.lease(), call.path()));
    }

    @Test
    void aLostLeaseIsThrownAsLeaseLostAndNeverRepeated() {
        script.add(Answer.of(409, leaseLost(JobStatus.PENDING, 2)));
        CoordinatorClient coordinator = coordinator().build();

        CoordinatorException.LeaseLost lost = assertThrows(CoordinatorException.LeaseLost.class,
                () -> coordinator.progress(LEASE, 50, null));

        assertEquals(1, calls.size(), "exactly one request: " + paths());
        assertEquals(409, lost.status());
        assertEquals(JobStatus.PENDING, lost.currentStatus());
        assertEquals(2, lost.attempt());
        assertEquals("progress 50", lost.operation());
    }

    @Test
    void aLostLeaseIsFinalEvenWhenTheAnswerNamesRetryAfter() {
        heartbeatScript.add(Answer.of(409, leaseLost(JobStatus.CANCELLED, 1), "Retry-After", "0"));

        CoordinatorException.LeaseLost lost = assertThrows(CoordinatorException.LeaseLost.class,
                () -> coordinator().build().heartbeat(LEASE));

        assertEquals(1, calls.size(), "exactly one request: " + paths());
        assertEquals(JobStatus.CANCELLED, lost.currentStatus());
    }

    @Test
    void aHeartbeatPostsNoBodyWithTheLeaseAndReturnsTheExtendedLease() {
        heartbeatScript.add(Answer.of(200, "{\"holder\":\"coordinator\",\"expiresAt\":\"2030-01-01T00:01:30Z\"}"));

        JobLease extended = coordinator().build().heartbeat(LEASE);

        assertEquals(List.of(JOB + "/heartbeat"), paths());
        Seen heartbeat = calls.get(0);
        assertEquals("POST", heartbeat.method());
        assertEquals("", heartbeat.body());
        assertEquals(LEASE.token(), heartbeat.lease());
        assertEquals(new JobLease(null, CLIENT_ID, Instant.parse("2030-01-01T00:01:30Z")), extended);
    }

    /** A timeline comes in pages: a full page means there may be more, read after its last event. */
    @Test
    void readsALongTimelineAPageAtATime() {
        List<JobEvent> firstPage = IntStream.rangeClosed(1, JobLimits.MAX_EVENTS_PAGE).mapToObj(id -> new JobEvent(id,
                JOB, JobEventType.PROGRESS, JobStatus.RUNNING, JobStatus.RUNNING, 1, null, CLIENT_ID, NOW)).toList();
        script.add(Answer.of(200, json(firstPage)));
        script.add(Answer.of(200, json(List.of(new JobEvent(JobLimits.MAX_EVENTS_PAGE + 1, JOB, JobEventType.COMPLETED,
                JobStatus.RUNNING, JobStatus.COMPLETED, 100, null, CLIENT_ID, NOW)))));

        List<JobEvent> events = coordinator().build().events(JOB);

        assertEquals(JobLimits.MAX_EVENTS_PAGE + 1, events.size());
        assertEquals(JobEventType.COMPLETED, events.get(events.size() - 1).type());
        assertEquals(List.of("after=0&limit=" + JobLimits.MAX_EVENTS_PAGE,
                "after=" + JobLimits.MAX_EVENTS_PAGE + "&limit=" + JobLimits.MAX_EVENTS_PAGE),
                calls.stream().map(Seen::query).toList());
    }

    @Test
    void readsAJobWithItsLeaseAndItsTimeline() {
        script.add(Answer.of(200, json(new CoordinatorJob(runnerJob(JOB, JobStatus.RUNNING, 40),
                new JobLease(null, CLIENT_ID, NOW.plusSeconds(30))))));
        script.add(Answer.of(200, json(List.of(
                new JobEvent(1, JOB, JobEventType.CREATED, null, JobStatus.PENDING, null, null, "user-1", NOW),
                new JobEvent(2, JOB, JobEventType.CLAIMED, JobStatus.PENDING, JobStatus.QUEUED, null, null, CLIENT_ID, NOW)))));
        CoordinatorClient coordinator = coordinator().build();

        CoordinatorJob read = coordinator.job(JOB);
        List<JobEvent> events = coordinator.events(JOB);

        assertEquals(List.of(JOB.toString(), JOB + "/events"), paths());
        calls.forEach(call -> assertEquals("GET", call.method()));
        assertEquals(40, read.job().progressPercent());
        assertEquals(CLIENT_ID, read.lease().holder());
        assertNull(read.lease().token());
        assertEquals(List.of(JobEventType.CREATED, JobEventType.CLAIMED), events.stream().map(JobEvent::type).toList());
    }

    // ---- the worker ----

    private CoordinatorWorker.Builder worker(CoordinatorWorker.JobHandler handler) {
        return CoordinatorWorker.builder(coordinator().build(), handler).types(List.of("render")).leaseSeconds(30).waitSeconds(5);
    }

    private List<String> leasesSent() {
        return calls.stream().map(Seen::lease).toList();
    }

    @Test
    void theWorkerClaimsStartsReportsProgressAndCompletesUnderTheLease() throws IOException {
        script.add(Answer.of(200, claimed(JOB, "lease-a")));
        try (CoordinatorWorker worker = worker(job -> {
            assertEquals(JobStatus.RUNNING, job.job().status(), "the handler runs a started job");
            job.progress(50, "half way");
            return Map.of("frames", 24);
        }).build()) {

            assertEquals(CoordinatorWorker.Outcome.COMPLETED, worker.runOnce());
            String job = JOB.toString();
            assertEquals(List.of("claim", job + "/status", job + "/progress", job + "/complete"), paths());
            assertEquals(Arrays.asList(null, "lease-a", "lease-a", "lease-a"), leasesSent());
            var claim = JSON.readTree(calls.get(0).body());
            assertEquals(1, claim.get("max").asInt(), "one job at a time");
            assertEquals(30, claim.get("leaseSeconds").asInt());
            assertEquals(5, claim.get("waitSeconds").asInt());
            assertTrue(calls.get(1).body().contains("\"status\":\"RUNNING\""), calls.get(1).body());
            assertTrue(calls.get(3).body().contains("\"frames\":24"), calls.get(3).body());

            assertEquals(CoordinatorWorker.Outcome.NOTHING_CLAIMED, worker.runOnce(), "the queue is empty now");
        }
    }

    @Test
    void aHandlerThatThrowsFailsTheJobUnderTheLease() {
        script.add(Answer.of(200, claimed(JOB, "lease-a")));
        try (CoordinatorWorker worker = worker(job -> {
            throw new IllegalStateException("codec missing");
        }).build()) {

            assertEquals(CoordinatorWorker.Outcome.FAILED, worker.runOnce());
            assertEquals(List.of("claim", JOB + "/status", JOB + "/fail"), paths());
            assertEquals("lease-a", calls.get(2).lease());
            assertTrue(calls.get(2).body().contains("\"error\":\"codec missing\""), calls.get(2).body());
        }
    }

    @Test
    void theWorkerAbandonsAJobWhoseLeaseIsLostWritesNothingMoreToItAndMovesOn() {
        script.add(Answer.of(200, claimed(JOB, "lease-a")));
        script.add(Answer.of(200, job(JobStatus.RUNNING, 0)));
        script.add(Answer.of(409, leaseLost(JobStatus.PENDING, 2)));
        script.add(Answer.of(200, claimed(OTHER_JOB, "lease-b")));
        List<CoordinatorException.LeaseLost> seenByHandler = new CopyOnWriteArrayList<>();
        try (CoordinatorWorker worker = worker(job -> {
            try {
                job.progress(25, "first quarter");
            } catch (CoordinatorException.LeaseLost lost) {
                seenByHandler.add(lost); // a careless handler carries on ...
            }
            job.progress(50, "half way"); // ... and is stopped here without a request
            return Map.of("done", true);
        }).build()) {

            assertEquals(CoordinatorWorker.Outcome.ABANDONED, worker.runOnce());
            assertEquals(List.of("claim", JOB + "/status", JOB + "/progress"), paths(), "nothing after the lease-lost answer");
            assertEquals(1, seenByHandler.size());
            assertEquals(JobStatus.PENDING, seenByHandler.get(0).currentStatus());

            assertEquals(CoordinatorWorker.Outcome.COMPLETED, worker.runOnce(), "it moves on to the next job");
            assertEquals(List.of("claim", OTHER_JOB + "/status", OTHER_JOB + "/progress", OTHER_JOB + "/progress",
                    OTHER_JOB + "/complete"), paths().subList(3, paths().size()));
            calls.subList(4, calls.size()).forEach(call -> assertEquals("lease-b", call.lease(), call.path()));
        }
    }

    @Test
    void aHeartbeatThatFindsTheLeaseLostInterruptsTheHandlerAndNothingMoreIsWritten() {
        script.add(Answer.of(200, claimed(JOB, "lease-a")));
        heartbeatScript.add(Answer.of(409, leaseLost(JobStatus.CANCELLED, 1)));
        AtomicBoolean interrupted = new AtomicBoolean();
        try (CoordinatorWorker worker = worker(job -> {
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS); // works until told to stop
            } catch (InterruptedException stop) {
                interrupted.set(true);
                throw stop;
            }
            return Map.of("done", true);
        }).leaseSeconds(1).build()) {

            assertEquals(CoordinatorWorker.Outcome.ABANDONED, worker.runOnce());
            assertTrue(interrupted.get(), "the handler was told to stop");
            assertEquals(List.of("claim", JOB + "/status", JOB + "/heartbeat"), paths());
        }
    }

    @Test
    void closingAWorkerMidJobStopsItsHeartbeatsAndItWritesNothingMore() {
        script.add(Answer.of(200, claimed(JOB, "lease-a")));
        CountDownLatch working = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CoordinatorWorker worker = worker(job -> {
            working.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException stop) {
                interrupted.set(true);
                throw stop;
            }
            return Map.of("done", true);
        }).leaseSeconds(1).build();
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> working.getCount() == 0
                && paths().stream().filter(path -> path.endsWith("/heartbeat")).count() >= 2);

        worker.close();

        int seenAtClose = calls.size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> calls.size() == seenAtClose);
        assertTrue(interrupted.get(), "the handler was told to stop");
        assertEquals(List.of("claim", JOB + "/status"), paths().stream().filter(path -> !path.endsWith("/heartbeat")).toList(),
                "neither completed nor failed");
    }
}
