package dev.mosaic.jobs.coordinator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coordinator A claims a job and stalls; its lease expires and coordinator B claims the job. From
 * then on nothing A sends changes the job: its token is older than B's.
 */
@QuarkusTest
class FencingTest {
    private final JobsApi api = new JobsApi();

    @Test
    void aCoordinatorWhoseLeaseWasTakenOverCanChangeNothing() {
        String type = JobsApi.uniqueType();
        String id = api.asUser().body(Map.of("type", type)).post("/api/runner-jobs").then().statusCode(201)
                .extract().path("id");
        JsonPath first = api.claim(Map.of("types", List.of(type), "leaseSeconds", 1)).then().statusCode(200)
                .extract().jsonPath();
        String leaseOfA = first.getString("jobs[0].lease.token");
        asA(leaseOfA).body(Map.of("status", "RUNNING")).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200);
        asA(leaseOfA).body(Map.of("progressPercent", 30)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200);

        JsonPath second = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.asRival().body(Map.of("types", List.of(type), "leaseSeconds", 60))
                        .post("/api/coordinator/jobs/claim").then().statusCode(200).extract().jsonPath(),
                        claimed -> !claimed.getList("jobs").isEmpty());
        String leaseOfB = second.getString("jobs[0].lease.token");
        assertEquals(Long.parseLong(leaseOfA.split("\\.")[0]) + 1, Long.parseLong(leaseOfB.split("\\.")[0]),
                "the newer claim has the newer token");
        int versionAfterTakeover = api.job(id).getInt("version");

        refusedAsLeaseLost(asA(leaseOfA).body(Map.of("progressPercent", 90)), id, "progress");
        refusedAsLeaseLost(asA(leaseOfA).body(Map.of("status", "RUNNING")), id, "status");
        refusedAsLeaseLost(asA(leaseOfA).body(Map.of("result", Map.of("by", "A"))), id, "complete");
        refusedAsLeaseLost(asA(leaseOfA).body(Map.of("error", "A gave up")), id, "fail");
        refusedAsLeaseLost(asA(leaseOfA), id, "heartbeat");
        // B's own token in A's hands is someone else's lease: still refused.
        refusedAsLeaseLost(asA(leaseOfB).body(Map.of("progressPercent", 90)), id, "progress");
        assertEquals(versionAfterTakeover, api.job(id).getInt("version"), "A changed nothing");

        asB(leaseOfB).body(Map.of("status", "RUNNING")).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200);
        asB(leaseOfB).body(Map.of("result", Map.of("by", "B"))).post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(200).body("status", equalTo("COMPLETED"));

        JsonPath job = api.job(id);
        assertEquals("B", job.getString("result.by"));
        assertEquals(2, job.getInt("attempt"));
        List<Object> types = api.events(id).stream().map(event -> event.get("type")).toList();
        assertEquals(List.of("CREATED", "CLAIMED", "STATUS_CHANGED", "PROGRESS", "LEASE_EXPIRED", "CLAIMED",
                "STATUS_CHANGED", "COMPLETED"), types);
        refusedAsLeaseLost(asA(leaseOfA).body(Map.of("result", Map.of("by", "A"))), id, "complete");
    }

    private void refusedAsLeaseLost(RequestSpecification request, String id, String call) {
        request.post("/api/coordinator/jobs/" + id + "/" + call)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", nullValue())
                .body("type", equalTo("urn:mosaic:problem:lease-lost"))
                .body("currentStatus", equalTo(api.job(id).getString("status")))
                .body("attempt", equalTo(api.job(id).getInt("attempt")));
    }

    private RequestSpecification asA(String lease) {
        return api.asCoordinator().header(JobsApi.LEASE_HEADER, lease);
    }

    private RequestSpecification asB(String lease) {
        return api.asRival().header(JobsApi.LEASE_HEADER, lease);
    }
}
