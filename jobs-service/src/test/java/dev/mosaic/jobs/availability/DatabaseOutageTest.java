package dev.mosaic.jobs.availability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.deploy.postgres.PostgresTestResource;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under load and comes back on the same data and port: while it is away every
 * answer is 503 with Retry-After (never 500), readiness is DOWN and liveness UP; once it is back the
 * service answers again by itself within seconds, with everything it acknowledged before.
 */
@QuarkusTest
class DatabaseOutageTest {
    private final JobsApi api = new JobsApi();

    @Test
    void whilePostgresIsAwayEveryAnswerIs503AndTheServiceRecoversByItself() throws Exception {
        String id = api.runningJob();
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 42)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200);
        String token = api.userToken;

        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        Instant loadEnds = Instant.now().plusSeconds(60);
        try {
            Future<?>[] readers = new Future<?>[4];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = load.submit(() -> {
                    while (loading.get() && Instant.now().isBefore(loadEnds)) {
                        int status = given().auth().oauth2(token).get("/api/runner-jobs/" + id).statusCode();
                        answers.merge(status, 1, Integer::sum);
                    }
                });
            }

            PostgresTestResource.stopDatabase();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/q/health/ready").statusCode() == 503);
                given().get("/q/health/live").then().statusCode(200);
                api.asUser().get("/api/runner-jobs/" + id)
                        .then().statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", notNullValue())
                        .body("type", equalTo("urn:mosaic:problem:service-unavailable"));
                api.asCoordinatorOf(id).body(Map.of("progressPercent", 50))
                        .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(503);
                api.claim(Map.of("types", List.of(JobsApi.uniqueType()))).then().statusCode(503);
            } finally {
                PostgresTestResource.startDatabase();
            }
            Instant back = Instant.now();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.asUser().get("/api/runner-jobs/" + id).statusCode() == 200);
            Duration recovery = Duration.between(back, Instant.now());

            loading.set(false);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("[DatabaseOutageTest] answers under load by status: %s; first 200 %d ms after "
                    + "PostgreSQL was back%n", new TreeMap<>(answers), recovery.toMillis());
            assertTrue(Set.of(200, 503).containsAll(answers.keySet()), "only 200 or 503 under load: " + answers);
            assertTrue(answers.getOrDefault(503, 0) > 0, "the load saw the outage: " + answers);
        } finally {
            loading.set(false);
            load.shutdownNow();
        }
        assertEquals(42, api.job(id).getInt("progressPercent"), "what was acknowledged before is still there");
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 60)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200);
        aWaitingClaimIsWokenAgain();
    }

    /** The connection that listens for claimable jobs came back too: a long poll is woken at once. */
    private void aWaitingClaimIsWokenAgain() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.gauge("mosaic_jobs_claims_listener_up") == 1);
        Duration latency = api.longPollLatency();
        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "woken " + latency.toMillis() + " ms after the job");
    }
}
