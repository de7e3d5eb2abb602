package dev.mosaic.jobs.runner;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (from, to) pair of statuses through the HTTP API, against the design's table written out here.
 * Coordinators move jobs only under a live lease: PENDING → QUEUED is a claim, and a coordinator's
 * call about a job it holds no live lease on (never claimed, or the lease ended with the job) is
 * refused as {@code lease-lost} before the transition is even looked at.
 */
@QuarkusTest
class StatusTransitionsTest {
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "PENDING", List.of("CANCELLED", "QUEUED"),
            "QUEUED", List.of("CANCELLED", "RUNNING"),
            "RUNNING", List.of("CANCELLED", "COMPLETED", "FAILED"),
            "FAILED", List.of("PENDING"),
            "COMPLETED", List.of(),
            "CANCELLED", List.of());

    /** The states in which the test's coordinator holds the job under a live lease. */
    private static final Set<String> HELD_UNDER_LEASE = Set.of("QUEUED", "RUNNING");

    private final JobsApi api = new JobsApi();

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (String from : ALLOWED.keySet()) {
            for (String to : ALLOWED.keySet()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheDesignedTransitionsSucceedAndARefusedOneChangesNothing(String from, String to) {
        String id = jobIn(from);
        int versionBefore = api.job(id).getInt("version");
        int eventsBefore = api.events(id).size();

        Response answer = attempt(id, from, to);

        if (ALLOWED.get(from).contains(to)) {
            answer.then().statusCode(200).body(isClaim(from, to) ? "jobs[0].job.status" : "status", equalTo(to));
            assertEquals(versionBefore + 1, api.job(id).getInt("version"), "a write bumps the version");
            assertEquals(eventsBefore + 1, api.events(id).size(), "a change appends one event");
        } else if (byCoordinator(to) && !HELD_UNDER_LEASE.contains(from)) {
            answer.then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:mosaic:problem:lease-lost"))
                    .body("currentStatus", equalTo(from));
            assertUnchanged(id, from, versionBefore, eventsBefore);
        } else {
            answer.then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:mosaic:problem:invalid-transition"))
                    .body("currentStatus", equalTo(from))
                    .body("allowedNextStatuses", equalTo(ALLOWED.get(from)))
                    .body("detail", containsString(from));
            assertUnchanged(id, from, versionBefore, eventsBefore);
        }
    }

    private void assertUnchanged(String id, String status, int versionBefore, int eventsBefore) {
        assertEquals(status, api.job(id).getString("status"));
        assertEquals(versionBefore, api.job(id).getInt("version"), "a refused change writes nothing");
        assertEquals(eventsBefore, api.events(id).size(), "a refused change writes no event");
    }

    private String jobIn(String status) {
        Map<String, Function<JobsApi, String>> factories = Map.of(
                "PENDING", fixture -> fixture.createJob(JobsApi.uniqueType()),
                "QUEUED", JobsApi::queuedJob,
                "RUNNING", JobsApi::runningJob,
                "FAILED", JobsApi::failedJob,
                "COMPLETED", JobsApi::completedJob,
                "CANCELLED", JobsApi::cancelledJob);
        return factories.get(status).apply(api);
    }

    /** The call a client makes to reach {@code status}: coordinators claim and run jobs, users cancel and retry them. */
    private Response attempt(String id, String from, String status) {
        if (isClaim(from, status)) {
            return api.claim(Map.of("types", List.of(api.job(id).getString("type"))));
        }
        return switch (status) {
            case "COMPLETED" -> api.asCoordinatorOf(id).body(Map.of("result", Map.of("ok", true)))
                    .post("/api/coordinator/jobs/" + id + "/complete");
            case "FAILED" -> api.asCoordinatorOf(id).body(Map.of("error", "disk full"))
                    .post("/api/coordinator/jobs/" + id + "/fail");
            case "PENDING" -> api.asUser().post("/api/runner-jobs/" + id + "/retry");
            case "CANCELLED" -> api.asUser().body(Map.of("reason", "no longer needed"))
                    .post("/api/runner-jobs/" + id + "/cancel");
            default -> api.asCoordinatorOf(id).body(Map.of("status", status))
                    .post("/api/coordinator/jobs/" + id + "/status");
        };
    }

    private static boolean isClaim(String from, String to) {
        return from.equals("PENDING") && to.equals("QUEUED");
    }

    private static boolean byCoordinator(String to) {
        return !to.equals("CANCELLED") && !to.equals("PENDING");
    }
}
