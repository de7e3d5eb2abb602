package dev.mosaic.jobs.coordinator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no sweep at all, a claim alone takes back an expired lease: the sweep is not the only way back. */
@QuarkusTest
@TestProfile(ClaimTakesOverExpiredLeasesTest.NoSweep.class)
class ClaimTakesOverExpiredLeasesTest {
    private final JobsApi api = new JobsApi();

    public static class NoSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mosaic.jobs.lease.sweep-every", "off");
        }
    }

    @Test
    void aClaimTakesOverAJobWhoseLeaseExpired() {
        String type = JobsApi.uniqueType();
        String id = api.createJob(type);
        api.claim(Map.of("types", List.of(type), "leaseSeconds", 1)).then().statusCode(200);

        JsonPath takenOver = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.asRival().body(Map.of("types", List.of(type)))
                        .post("/api/coordinator/jobs/claim").then().statusCode(200).extract().jsonPath(),
                        claimed -> !claimed.getList("jobs").isEmpty());

        assertEquals(id, takenOver.getString("jobs[0].job.id"));
        assertEquals(2, takenOver.getInt("jobs[0].job.attempt"));
        assertEquals("rival", takenOver.getString("jobs[0].lease.holder"));
        List<Object> types = api.events(id).stream().map(event -> event.get("type")).toList();
        assertEquals(List.of("CREATED", "CLAIMED", "LEASE_EXPIRED", "CLAIMED"), types);
    }
}
