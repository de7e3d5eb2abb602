package dev.mosaic.jobs.coordinator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The rules around a lease, one by one: what a claim accepts, what a heartbeat does, who may write. */
@QuarkusTest
class LeaseContractTest {
    private final JobsApi api = new JobsApi();

    @Test
    void aHeartbeatExtendsTheLeaseAndChangesNothingElse() {
        String id = api.queuedJob();
        JsonPath before = api.asCoordinator().get("/api/coordinator/jobs/" + id).then().statusCode(200)
                .body("job.status", equalTo("QUEUED"))
                .body("lease.holder", equalTo("coordinator"))
                .body("lease.token", nullValue())
                .extract().jsonPath();
        Instant expiresBefore = Instant.parse(before.getString("lease.expiresAt"));

        JsonPath lease = api.asCoordinatorOf(id).post("/api/coordinator/jobs/" + id + "/heartbeat")
                .then().statusCode(200)
                .body("holder", equalTo("coordinator"))
                .body("token", nullValue())
                .extract().jsonPath();

        assertTrue(Instant.parse(lease.getString("expiresAt")).isAfter(expiresBefore), "the lease runs longer");
        assertEquals(before.getInt("job.version"), api.job(id).getInt("version"), "a heartbeat is no change of the job");
    }

    @Test
    void progressMovesTheLeaseOnlyOnceHalfItsTermIsUsed() {
        String type = JobsApi.uniqueType();
        String id = api.createJob(type);
        String lease = api.claim(Map.of("types", List.of(type), "leaseSeconds", 2)).then().statusCode(200)
                .extract().path("jobs[0].lease.token");
        api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("status", "RUNNING"))
                .post("/api/coordinator/jobs/" + id + "/status").then().statusCode(200);
        Instant fresh = leaseExpiry(id);

        progressUnder(lease, id, 10);
        assertEquals(fresh, leaseExpiry(id), "with more than half its term left the lease stays as it is");

        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().plusSeconds(1).isAfter(fresh));
        progressUnder(lease, id, 20);
        assertTrue(leaseExpiry(id).isAfter(fresh), "past half its term a write renews the lease");
    }

    private void progressUnder(String lease, String id, int percent) {
        api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("progressPercent", percent))
                .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
    }

    private Instant leaseExpiry(String id) {
        return Instant.parse(api.asCoordinator().get("/api/coordinator/jobs/" + id).then().statusCode(200)
                .extract().path("lease.expiresAt"));
    }

    @Test
    void aWriteWithoutALeaseIsLeaseLostAndAGarbledOneIsBadInput() {
        String id = api.queuedJob();
        api.asCoordinator().body(Map.of("status", "RUNNING")).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(409)
                .body("type", equalTo("urn:mosaic:problem:lease-lost"))
                .body("detail", containsString("Mosaic-Lease"));
        api.asCoordinator().post("/api/coordinator/jobs/" + id + "/heartbeat")
                .then().statusCode(409).body("type", equalTo("urn:mosaic:problem:lease-lost"));
        api.asCoordinator().header(JobsApi.LEASE_HEADER, "not-a-lease").body(Map.of("status", "RUNNING"))
                .post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Mosaic-Lease"));
        api.asCoordinator().header(JobsApi.LEASE_HEADER, api.lease(id))
                .post("/api/coordinator/jobs/" + UUID.randomUUID() + "/heartbeat")
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals("QUEUED", api.job(id).getString("status"));
    }

    @Test
    void aJobNeverClaimedCannotBeWrittenByACoordinator() {
        String id = api.createJob(JobsApi.uniqueType());
        api.asCoordinator().body(Map.of("progressPercent", 10)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(409)
                .body("type", equalTo("urn:mosaic:problem:lease-lost"))
                .body("currentStatus", equalTo("PENDING"))
                .body("attempt", equalTo(1));
    }

    @Test
    void aUsersCancelEndsTheLeaseAndTheCoordinatorsNextWriteIsToldSo() {
        String id = api.runningJob();
        api.asUser().body(Map.of("reason", "wrong input")).post("/api/runner-jobs/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));

        api.asCoordinatorOf(id).body(Map.of("progressPercent", 50)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(409)
                .body("type", equalTo("urn:mosaic:problem:lease-lost"))
                .body("currentStatus", equalTo("CANCELLED"));
        api.asCoordinator().get("/api/coordinator/jobs/" + id).then().statusCode(200).body("lease", nullValue());
    }

    @Test
    void aNewStepAtTheSameProgressIsRecorded() {
        String id = api.runningJob();
        progress(id, 40, "download").then().statusCode(200);
        progress(id, 40, "unpack").then().statusCode(200).body("currentStep", equalTo("unpack"));
        progress(id, 40, "unpack").then().statusCode(200);
        progress(id, 30, "late").then().statusCode(200).body("currentStep", equalTo("unpack"));

        List<Object> steps = api.events(id).stream().filter(event -> "PROGRESS".equals(event.get("type")))
                .map(event -> (Object) ((Map<?, ?>) event.get("data")).get("step")).toList();
        assertEquals(List.of("download", "unpack"), steps, "one event per change, none for a repeat or a lower value");
    }

    @Test
    void aStatusChangeWithAStepRecordsTheStepInItsEventAsProgressDoes() {
        String id = api.queuedJob();
        api.asCoordinatorOf(id).body(Map.of("status", "RUNNING", "currentStep", "warming up"))
                .post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200).body("currentStep", equalTo("warming up"));

        Map<String, Object> changed = api.events(id).stream()
                .filter(event -> "STATUS_CHANGED".equals(event.get("type"))).findFirst().orElseThrow();
        assertEquals(Map.of("step", "warming up"), changed.get("data"), "the timeline explains the row's step");
    }

    @Test
    void aStatusChangeWithoutAStepHasNoEventData() {
        String id = api.runningJob();
        Map<String, Object> changed = api.events(id).stream()
                .filter(event -> "STATUS_CHANGED".equals(event.get("type"))).findFirst().orElseThrow();
        assertNull(changed.get("data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"max\":0}", "{\"max\":101}", "{\"waitSeconds\":31}", "{\"waitSeconds\":-1}",
            "{\"leaseSeconds\":0}", "{\"leaseSeconds\":601}", "{\"types\":[\"no spaces\"]}", "{\"types\":[\"\"]}",
            "{\"max\":\"many\"}", "[1]"})
    void aClaimOutsideItsBoundsIsRefusedWithWhatToFix(String body) {
        String type = JobsApi.uniqueType();
        String id = api.createJob(type);
        api.asCoordinator().body(body.replace("no spaces", "no spaces " + type)).post("/api/coordinator/jobs/claim")
                .then().statusCode(400).contentType("application/problem+json").body("detail", notNullValue());
        assertEquals("PENDING", api.job(id).getString("status"), "a refused claim takes nothing");
    }

    @Test
    void aClaimWithoutABodyTakesOneJobOfAnyType() {
        api.createJob(JobsApi.uniqueType());
        api.asCoordinator().post("/api/coordinator/jobs/claim").then().statusCode(200)
                .body("jobs.size()", equalTo(1))
                .body("jobs[0].job.status", equalTo("QUEUED"))
                .body("jobs[0].lease.holder", equalTo("coordinator"));
    }

    @Test
    void aUserCannotClaim() {
        api.asUser().body(Map.of()).post("/api/coordinator/jobs/claim").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aWaitingClaimIsAnsweredAsSoonAsAJobOfItsTypeArrives() throws Exception {
        Duration latency = api.longPollLatency();
        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "answered " + latency.toMillis() + " ms after the job");
        System.out.printf("[LeaseContractTest] long poll answered %d ms after the job was created%n", latency.toMillis());
    }

    @Test
    void aWaitingClaimWithNothingToTakeAnswersEmptyWhenItsWaitEnds() {
        Instant start = Instant.now();
        api.claim(Map.of("types", List.of(JobsApi.uniqueType()), "waitSeconds", 1))
                .then().statusCode(200).body("jobs.size()", equalTo(0));
        Duration waited = Duration.between(start, Instant.now());
        assertTrue(waited.compareTo(Duration.ofMillis(950)) >= 0 && waited.compareTo(Duration.ofSeconds(5)) < 0,
                "waited " + waited.toMillis() + " ms");
    }

    @Test
    void creatingAJobTwiceWithOneIdempotencyKeyMakesOneJob() {
        String key = UUID.randomUUID().toString();
        String type = JobsApi.uniqueType();
        Response first = api.asUser().header("Idempotency-Key", key).body(Map.of("type", type)).post("/api/runner-jobs");
        Response again = api.asUser().header("Idempotency-Key", key).body(Map.of("type", type)).post("/api/runner-jobs");

        first.then().statusCode(201);
        again.then().statusCode(201).body("id", equalTo(first.path("id")));
        api.asUser().queryParam("type", type).get("/api/runner-jobs").then().statusCode(200)
                .body("items.size()", equalTo(1));
        api.asUser().header("Idempotency-Key", key).body(Map.of("type", type, "priority", 9)).post("/api/runner-jobs")
                .then().statusCode(422).contentType("application/problem+json");
    }

    private Response progress(String id, int percent, String step) {
        return api.asCoordinatorOf(id).body(Map.of("progressPercent", percent, "currentStep", step))
                .post("/api/coordinator/jobs/" + id + "/progress");
    }
}
