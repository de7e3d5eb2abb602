package dev.mosaic.jobs.availability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.deploy.postgres.OutageUnderLoad;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

        OutageUnderLoad.run(thread -> given().auth().oauth2(token).get("/api/runner-jobs/" + id).statusCode(),
                () -> {
                    api.asUser().get("/api/runner-jobs/" + id)
                            .then().statusCode(503)
                            .contentType("application/problem+json")
                            .header("Retry-After", notNullValue())
                            .body("type", equalTo("urn:mosaic:problem:service-unavailable"));
                    api.asCoordinatorOf(id).body(Map.of("progressPercent", 50))
                            .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(503);
                    api.claim(Map.of("types", List.of(JobsApi.uniqueType()))).then().statusCode(503);
                    await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.gauge("mosaic_jobs_claims_listener_up") == 0);
                },
                () -> api.asUser().get("/api/runner-jobs/" + id).statusCode() == 200);
        assertEquals(42, api.job(id).getInt("progressPercent"), "what was acknowledged before is still there");
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
