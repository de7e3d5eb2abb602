package dev.mosaic.coordinator.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.coordinator.client.ObservedHttpClient.Exchange;
import dev.mosaic.deploy.localstack.Service;
import dev.mosaic.deploy.localstack.ThrowawayStack;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.problem.ProblemType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The coordinator client against both packaged services, run as real processes on one embedded PostgreSQL
 * exactly as the local stack runs them (free ports, random secrets; logs in {@code target/client-stack/logs/}),
 * with real client-credentials tokens. Each test watches the client's real exchanges through
 * {@link ObservedHttpClient}: a token fetched again as it nears its expiry, a refused token replaced once, a
 * database outage waited out as {@code Retry-After} says, a lost answer repeated with the same
 * {@code Idempotency-Key} and replayed by the service rather than applied twice (a lost claim's: its jobs again,
 * under new tokens), a lost lease thrown as {@link CoordinatorException.LeaseLost}, heartbeats that keep a lease
 * long past its term.
 */
class CoordinatorClientServicesTest {
    private static final String CLIENT_ID = "coordinator";
    private static final ObjectMapper JSON = CoordinatorClient.objectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ThrowawayStack stack;
    private static String authUrl;
    private static String jobsUrl;
    private static String coordinatorSecret;
    /** A person's access token: people create the jobs that coordinators work. */
    private static String userToken;

    @RegisterExtension
    static final TestWatcher PRINT_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (stack != null) {
                stack.printLogTails();
            }
        }
    };

    static {
        // The embedded PostgreSQL's own chatter (SLF4J → JUL) stays out of the build output.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
    }

    @BeforeAll
    static void startBothServices() throws IOException {
        Path basedir = Path.of(System.getProperty("mosaic.coordinator-client.basedir", ".")).toAbsolutePath();
        stack = ThrowawayStack.start(basedir, "client-stack");
        authUrl = stack.stack().baseUrl(Service.AUTH);
        jobsUrl = stack.stack().baseUrl(Service.JOBS);
        coordinatorSecret = stack.secret("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");
        assertNotNull(coordinatorSecret, "the stack generates the coordinator client's secret");
        userToken = People.accessToken(authUrl, People.signUp(authUrl, stack, "Katherine"));
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---- the token ----

    @Test
    void aTokenNearingItsExpiryIsFetchedAgainAndTheServiceTakesTheNewOne() throws IOException {
        ObservedHttpClient http = new ObservedHttpClient();
        MovableClock clock = new MovableClock(Instant.now());
        CoordinatorClient client = client(http).clock(clock).build();
        String type = uniqueType();
        newJob(type);
        Lease lease = claimOne(client, type, 600);
        String first = client.accessToken();
        Duration lifetime = Duration.ofSeconds(
                JSON.readValue(http.exchangesTo("/oauth2/token").get(0).body(), AccessTokenResponse.class).expiresIn());
        Duration margin = Duration.ofMillis(Math.max(ClientCredentialsTokens.MIN_MARGIN.toMillis(),
                (long) (lifetime.toMillis() * ClientCredentialsTokens.MARGIN_FRACTION)));

        clock.advance(lifetime.minus(margin).plusSeconds(1));
        RunnerJob running = client.start(lease, "with a fresh token");

        assertEquals(JobStatus.RUNNING, running.status());
        String second = client.accessToken();
        assertNotEquals(first, second, "a new token from auth-service");
        assertEquals(2, http.exchangesTo("/oauth2/token").size(), "one fetch per token");
        Exchange start = http.exchangesTo("/status").get(0);
        assertEquals(Optional.of("Bearer " + second), start.authorization(), "the write went out with the new token");
        assertEquals(200, start.status());
    }

    @Test
    void aTokenTheServiceRefusesIsReplacedOnceAndTheCallRepeatedWithTheSameKey() throws IOException {
        // A token jobs-service refuses with 401: a person's, revoked by signing out.
        SignedIn person = People.signUp(authUrl, stack, "Mary");
        String revoked = People.accessToken(authUrl, person);
        People.signOut(authUrl, person);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> PlainHttp.get(jobsUrl + "/api/coordinator/jobs/" + UUID.randomUUID(), revoked).statusCode() == 401);

        try (FirstTokenRelay relay = FirstTokenRelay.start(URI.create(authUrl + "/api/auth/oauth2/token"), revoked)) {
            ObservedHttpClient http = new ObservedHttpClient();
            CoordinatorClient client = client(http).tokenEndpoint(relay.uri()).build();
            String type = uniqueType();
            RunnerJob job = newJob(type);

            List<ClaimedJob> claimed = client.claim(new ClaimRequest(List.of(type), 1, 60, 0));

            assertEquals(List.of(job.id()), claimed.stream().map(c -> c.job().id()).toList());
            List<Exchange> claims = http.exchangesTo("/claim");
            assertEquals(List.of(401, 200), claims.stream().map(Exchange::status).toList());
            assertEquals(Optional.of("Bearer " + revoked), claims.get(0).authorization());
            assertNotEquals(claims.get(0).authorization(), claims.get(1).authorization(), "a new token for the repeat");
            assertEquals(claims.get(0).idempotencyKey(), claims.get(1).idempotencyKey(), "the repeat reuses the key");
            assertEquals(2, http.exchangesTo("/token").size(), "one token fetched again, no more");
        }
    }

    // ---- repeats ----

    @Test
    void aDatabaseOutageIsWaitedOutAsRetryAfterSaysAndTheWriteLandsOnce() throws Exception {
        ObservedHttpClient http = new ObservedHttpClient();
        CoordinatorClient client = client(http).maxAttempts(10).build();
        String type = uniqueType();
        RunnerJob job = newJob(type);
        Lease lease = claimOne(client, type, 600);
        client.start(lease, "before the outage");

        ExecutorService caller = Executors.newSingleThreadExecutor();
        RunnerJob written;
        try {
            Future<RunnerJob> progress;
            stack.stack().stopDatabase();
            try {
                progress = caller.submit(() -> client.progress(lease, 40, "through the outage"));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> http.exchangesTo("/progress").stream().anyMatch(attempt -> attempt.status() == 503));
            } finally {
                stack.stack().startDatabase();
            }
            written = progress.get(90, TimeUnit.SECONDS);
        } finally {
            caller.shutdownNow();
        }

        assertEquals(40, written.progressPercent());
        List<Exchange> attempts = http.exchangesTo("/progress");
        assertEquals(200, attempts.get(attempts.size() - 1).status(), "the last attempt landed: " + attempts);
        assertEquals(1, attempts.stream().map(Exchange::idempotencyKey).distinct().count(), "one key for every attempt");
        for (int i = 0; i + 1 < attempts.size(); i++) {
            Exchange refused = attempts.get(i);
            assertEquals(503, refused.status(), "attempt " + (i + 1) + ": " + refused);
            long retryAfter = Long.parseLong(refused.retryAfter()
                    .orElseThrow(() -> new AssertionError("a 503 without Retry-After: " + refused)));
            Duration waited = Duration.between(refused.answered(), attempts.get(i + 1).sent());
            assertTrue(waited.compareTo(Duration.ofSeconds(retryAfter)) >= 0,
                    "waited " + waited.toMillis() + " ms after Retry-After: " + retryAfter);
        }
        assertEquals(List.of(40), client.events(job.id()).stream().filter(event -> event.type() == JobEventType.PROGRESS)
                .map(JobEvent::progressPercent).toList(), "one progress event");
    }

    @Test
    void aLostAnswerIsRepeatedWithTheSameKeyAndTheServiceReplaysItInsteadOfApplyingItTwice() {
        ObservedHttpClient http = new ObservedHttpClient();
        CoordinatorClient client = client(http).build();
        String type = uniqueType();
        RunnerJob job = newJob(type);
        Lease lease = claimOne(client, type, 600);
        client.start(lease, null);
        http.loseNextAnswerTo("/complete");

        RunnerJob completed = client.complete(lease, Map.of("frames", 24));

        assertEquals(JobStatus.COMPLETED, completed.status());
        List<Exchange> attempts = http.exchangesTo("/complete");
        assertEquals(List.of(200, 200), attempts.stream().map(Exchange::status).toList(),
                "the first was applied (its answer lost), the repeat answered from memory");
        assertEquals(attempts.get(0).idempotencyKey(), attempts.get(1).idempotencyKey());
        assertEquals(attempts.get(0).body(), attempts.get(1).body(), "the repeat got the first answer again");
        assertEquals(1, client.events(job.id()).stream().filter(event -> event.type() == JobEventType.COMPLETED).count());

        // Only the key made the repeat safe: a new call (a new key) finds the lease ended by completing.
        CoordinatorException.LeaseLost again = assertThrows(CoordinatorException.LeaseLost.class,
                () -> client.complete(lease, Map.of("frames", 24)));
        assertEquals(JobStatus.COMPLETED, again.currentStatus());
    }

    @Test
    void aClaimWhoseAnswerIsLostIsRepeatedWithTheSameKeyAndGetsItsJobsAgainOnTheirFirstAttempt() throws IOException {
        ObservedHttpClient http = new ObservedHttpClient();
        CoordinatorClient client = client(http).build();
        String type = uniqueType();
        RunnerJob job = newJob(type);
        http.loseNextAnswerTo("/claim");

        List<ClaimedJob> claimed = client.claim(new ClaimRequest(List.of(type), 1, 60, 0));

        assertEquals(List.of(job.id()), claimed.stream().map(c -> c.job().id()).toList(), "the repeat got the job");
        List<Exchange> attempts = http.exchangesTo("/claim");
        assertEquals(List.of(200, 200), attempts.stream().map(Exchange::status).toList(),
                "the first claimed (its answer lost), the repeat answered the same claim");
        assertTrue(attempts.get(0).idempotencyKey().isPresent());
        assertEquals(attempts.get(0).idempotencyKey(), attempts.get(1).idempotencyKey(), "the repeat reuses the key");
        ClaimedJob lostAnswer = JSON.readValue(attempts.get(0).body(), ClaimedJobs.class).jobs().get(0);
        assertEquals(job.id(), lostAnswer.job().id(), "the lost answer held the same job");
        assertEquals(1, claimed.get(0).job().attempt());
        assertThrows(CoordinatorException.LeaseLost.class, () -> client.heartbeat(Lease.of(lostAnswer)),
                "the lost answer's token was replaced");

        Lease lease = Lease.of(claimed.get(0));
        client.start(lease, "after a lost answer");
        RunnerJob completed = client.complete(lease, Map.of("frames", 24));

        assertEquals(JobStatus.COMPLETED, completed.status());
        assertEquals(1, completed.attempt(), "no attempt lost to an expired lease");
        assertEquals(List.of(JobEventType.CREATED, JobEventType.CLAIMED, JobEventType.STATUS_CHANGED, JobEventType.COMPLETED),
                client.events(job.id()).stream().map(JobEvent::type).toList(), "claimed once, never taken back");
    }

    // ---- leases ----

    @Test
    void aLeaseThatRanOutAndWasClaimedAgainIsLostAsATypedErrorAndNeverRepeated() {
        ObservedHttpClient http = new ObservedHttpClient();
        CoordinatorClient late = client(http).build();
        CoordinatorClient rival = client(new ObservedHttpClient()).build();
        String type = uniqueType();
        RunnerJob job = newJob(type);
        Lease lease = claimOne(late, type, 1);

        // Every claim first takes back expired leases: once the second is over, the rival gets the job.
        AtomicReference<List<ClaimedJob>> taken = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> !taken.updateAndGet(none -> rival.claim(new ClaimRequest(List.of(type), 1, 60, 0))).isEmpty());
        assertEquals(2, taken.get().get(0).job().attempt());

        CoordinatorException.LeaseLost lost = assertThrows(CoordinatorException.LeaseLost.class,
                () -> late.start(lease, "too late"));

        assertEquals(409, lost.status());
        assertEquals(ProblemType.LEASE_LOST.uri(), lost.type());
        assertNotNull(lost.detail());
        assertEquals(JobStatus.QUEUED, lost.currentStatus(), "the rival holds it");
        assertEquals(2, lost.attempt());
        assertEquals(1, http.exchangesTo("/status").size(), "never repeated");
        RunnerJob now = rival.job(job.id()).job();
        assertEquals(JobStatus.QUEUED, now.status(), "the refused write changed nothing");
        assertEquals(taken.get().get(0).job().version(), now.version());
    }

    @Test
    void heartbeatsKeepALeaseLongPastItsTermWhileAnotherCoordinatorKeepsClaiming() {
        CoordinatorClient holder = client(new ObservedHttpClient()).build();
        CoordinatorClient rival = client(new ObservedHttpClient()).build();
        String type = uniqueType();
        RunnerJob job = newJob(type);
        List<ClaimedJob> claimed = holder.claim(new ClaimRequest(List.of(type), 1, 3, 0));
        assertEquals(1, claimed.size());
        Lease lease = Lease.of(claimed.get(0));
        Instant firstExpiry = claimed.get(0).lease().expiresAt();

        List<JobLease> extended = new CopyOnWriteArrayList<>();
        AtomicBoolean rivalGotIt = new AtomicBoolean();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        try {
            heartbeats.scheduleAtFixedRate(() -> extended.add(holder.heartbeat(lease)), 0, 1, TimeUnit.SECONDS);
            holder.start(lease, "working");
            // Eight seconds: more than two lease terms, and more than a lease-expiry sweep period (5 s).
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        rivalGotIt.compareAndSet(false, !rival.claim(new ClaimRequest(List.of(type), 1, 60, 0)).isEmpty());
                        return !rivalGotIt.get();
                    });
        } finally {
            heartbeats.shutdownNow();
        }

        RunnerJob progressed = holder.progress(lease, 60, "still ours");
        assertEquals(60, progressed.progressPercent());
        assertEquals(1, progressed.attempt(), "never taken back");
        assertTrue(extended.size() >= 7, "a heartbeat a second: " + extended.size());
        Instant lastExpiry = extended.get(extended.size() - 1).expiresAt();
        assertTrue(lastExpiry.isAfter(firstExpiry.plusSeconds(5)), "extended from " + firstExpiry + " to " + lastExpiry);
        assertEquals(List.of(JobEventType.CREATED, JobEventType.CLAIMED, JobEventType.STATUS_CHANGED, JobEventType.PROGRESS),
                holder.events(job.id()).stream().map(JobEvent::type).toList(), "no LEASE_EXPIRED");
    }

    // ---- helpers ----

    private static CoordinatorClient.Builder client(ObservedHttpClient http) {
        return CoordinatorClient.builder(URI.create(authUrl), URI.create(jobsUrl), CLIENT_ID, coordinatorSecret)
                .httpClient(http);
    }

    /** A job type of one test alone, so no other test's claims take its jobs. */
    private static String uniqueType() {
        return "client-test." + UUID.randomUUID();
    }

    private static RunnerJob newJob(String type) {
        return People.createJob(jobsUrl, userToken, type, Map.of("frame", 1));
    }

    private static Lease claimOne(CoordinatorClient client, String type, int leaseSeconds) {
        List<ClaimedJob> claimed = client.claim(new ClaimRequest(List.of(type), 1, leaseSeconds, 0));
        assertEquals(1, claimed.size(), "claimed: " + claimed);
        return Lease.of(claimed.get(0));
    }


    /**
     * A token endpoint in front of auth-service's that answers its first request with a given token (one the
     * service will refuse) and relays every later one to auth-service as it is.
     */
    private static final class FirstTokenRelay implements AutoCloseable {
        private final HttpServer server;
        private final URI target;
        private final String firstToken;
        private final AtomicBoolean firstServed = new AtomicBoolean();

        private FirstTokenRelay(HttpServer server, URI target, String firstToken) {
            this.server = server;
            this.target = target;
            this.firstToken = firstToken;
        }

        static FirstTokenRelay start(URI target, String firstToken) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FirstTokenRelay relay = new FirstTokenRelay(server, target, firstToken);
            server.createContext("/token", relay::answer);
            server.start();
            return relay;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
        }

        private void answer(HttpExchange exchange) throws IOException {
            byte[] form = exchange.getRequestBody().readAllBytes();
            int status;
            byte[] body;
            if (firstServed.compareAndSet(false, true)) {
                status = 200;
                body = JSON.writeValueAsBytes(new AccessTokenResponse(firstToken, "Bearer", 900));
            } else {
                try {
                    HttpResponse<byte[]> real = HTTP.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                            .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                            .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = real.statusCode();
                    body = real.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
