package dev.mosaic.jobs.coordinator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A coordinator that goes silent loses its job: within its lease plus one sweep (every second in
 * the test profile) the job is back in the queue for another attempt, or FAILED after its last.
 */
@QuarkusTest
class LeaseExpiryTest {
    private static final Duration LEASE_PLUS_SWEEP = Duration.ofSeconds(1 + 1 + 3);
    private final JobsApi api = new JobsApi();

    @Test
    void aSilentCoordinatorsJobGoesBackToPendingForItsNextAttempt() {
        String type = JobsApi.uniqueType();
        String id = create(type, 3);
        String lease = claim(type, id);
        api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("status", "RUNNING"))
                .post("/api/coordinator/jobs/" + id + "/status").then().statusCode(200);
        api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("progressPercent", 40))
                .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);

        await().atMost(LEASE_PLUS_SWEEP).until(() -> "PENDING".equals(api.job(id).getString("status")));

        JsonPath job = api.job(id);
        assertEquals(2, job.getInt("attempt"), "a new attempt");
        assertEquals(0, job.getInt("progressPercent"), "nothing of the lost attempt is left");
        List<Map<String, Object>> expired = events(id, "LEASE_EXPIRED");
        assertEquals(1, expired.size(), "taken back exactly once: " + api.events(id));
        assertEquals("RUNNING", expired.get(0).get("fromStatus"));
        assertEquals("PENDING", expired.get(0).get("toStatus"));
        assertEquals("jobs-service", expired.get(0).get("actor"));
        assertEquals(Map.of("holder", "coordinator", "attempt", 1, "maxAttempts", 3), expired.get(0).get("data"));
    }

    @Test
    void afterItsLastAttemptAJobWhoseLeaseExpiresFails() {
        String type = JobsApi.uniqueType();
        String id = create(type, 2);

        claim(type, id);
        await().atMost(LEASE_PLUS_SWEEP).until(() -> "PENDING".equals(api.job(id).getString("status")));
        claim(type, id);
        await().atMost(LEASE_PLUS_SWEEP).until(() -> "FAILED".equals(api.job(id).getString("status")));

        JsonPath job = api.job(id);
        assertEquals(2, job.getInt("attempt"));
        assertTrue(job.getString("error").contains("Lease expired on attempt 2 of 2"), job.getString("error"));
        assertEquals(2, events(id, "LEASE_EXPIRED").size());
        assertEquals("FAILED", events(id, "LEASE_EXPIRED").get(1).get("toStatus"));
        // A FAILED job is the user's to retry, as any other.
        api.asUser().post("/api/runner-jobs/" + id + "/retry").then().statusCode(200).body("status", equalTo("PENDING"));
    }

    @Test
    void heartbeatsKeepTheJobLongAfterTheLeaseWouldHaveRunOut() {
        String type = JobsApi.uniqueType();
        String id = create(type, 1);
        String lease = claim(type, id);

        // Awaitility polls every 100 ms: each poll heartbeats, for three times the lease.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> {
            api.asCoordinator().header(JobsApi.LEASE_HEADER, lease)
                    .post("/api/coordinator/jobs/" + id + "/heartbeat").then().statusCode(200);
            return "QUEUED".equals(api.job(id).getString("status"));
        });
        assertEquals(0, events(id, "LEASE_EXPIRED").size());
    }

    private String create(String type, int maxAttempts) {
        return api.asUser().body(Map.of("type", type, "maxAttempts", maxAttempts)).post("/api/runner-jobs")
                .then().statusCode(201).body("maxAttempts", equalTo(maxAttempts)).extract().path("id");
    }

    private String claim(String type, String id) {
        JsonPath claimed = api.claim(Map.of("types", List.of(type), "leaseSeconds", 1))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(id, claimed.getString("jobs[0].job.id"));
        return claimed.getString("jobs[0].lease.token");
    }

    private List<Map<String, Object>> events(String id, String type) {
        return api.events(id).stream().filter(event -> type.equals(event.get("type"))).toList();
    }
}
