package dev.mosaic.jobs.coordinator;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyAndPreconditionTest {
    private final JobsApi api = new JobsApi();

    @Test
    void everyJobAnswerCarriesItsVersionAsETag() {
        String id = api.createJob();
        int version = api.job(id).getInt("version");
        api.asUser().get("/api/runner-jobs/" + id).then().statusCode(200).header("ETag", equalTo("\"" + version + "\""));
    }

    @Test
    void aStaleIfMatchOnAStatusChangeIs412AndChangesNothing() {
        String id = api.queuedJob();
        String stale = "\"" + (api.job(id).getInt("version") - 1) + "\"";

        api.asCoordinatorOf(id).header("If-Match", stale).body(Map.of("status", "RUNNING"))
                .post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(412).contentType("application/problem+json");
        assertEquals("QUEUED", api.job(id).getString("status"));

        String current = api.asUser().get("/api/runner-jobs/" + id).header("ETag");
        api.asCoordinatorOf(id).header("If-Match", current).body(Map.of("status", "RUNNING"))
                .post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200).body("status", equalTo("RUNNING"));
    }

    @Test
    void repeatingACompletionWithTheSameKeyGetsTheOriginalAnswerAndHasOneEffect() {
        String id = api.runningJob();
        String key = UUID.randomUUID().toString();

        Response first = complete(id, key, Map.of("frames", 24));
        Response again = complete(id, key, Map.of("frames", 24));

        first.then().statusCode(200);
        again.then().statusCode(200);
        assertEquals(first.asString(), again.asString(), "the same body");
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertEquals(1, api.events(id).stream().filter(e -> "COMPLETED".equals(e.get("type"))).count());

        complete(id, UUID.randomUUID().toString(), Map.of("frames", 24)).then().statusCode(409);
    }

    @Test
    void concurrentRepeatsWithOneKeyAllGetTheOneAnswer() throws Exception {
        String id = api.runningJob();
        String key = UUID.randomUUID().toString();
        String[] headers = concat(api.coordinatorHeaders(id), "Idempotency-Key", key);

        List<HttpResponse<String>> answers = ConcurrentCalls.race(6, 6, i -> ConcurrentCalls.post(
                "/api/coordinator/jobs/" + id + "/complete", "{\"result\":{\"frames\":24}}", headers));

        assertEquals(Set.of(200), answers.stream().map(HttpResponse::statusCode).collect(Collectors.toSet()));
        assertEquals(1, answers.stream().map(HttpResponse::body).distinct().count(), "one answer");
        assertEquals(1, api.events(id).stream().filter(e -> "COMPLETED".equals(e.get("type"))).count());
    }

    @Test
    void aKeyReusedForADifferentRequestIsRefused() {
        String id = api.runningJob();
        String key = UUID.randomUUID().toString();
        api.asCoordinatorOf(id).header("Idempotency-Key", key).body(Map.of("progressPercent", 10))
                .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);

        api.asCoordinatorOf(id).header("Idempotency-Key", key).body(Map.of("progressPercent", 20))
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(422).contentType("application/problem+json");
        assertEquals(10, api.job(id).getInt("progressPercent"));
    }

    @Test
    void aRepeatedProgressUpdateWritesOneEvent() {
        String id = api.runningJob();
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            api.asCoordinatorOf(id).header("Idempotency-Key", key).body(Map.of("progressPercent", 10))
                    .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
        }
        assertEquals(1, api.events(id).stream().filter(e -> "PROGRESS".equals(e.get("type"))).count());
    }

    private Response complete(String id, String key, Map<String, Object> result) {
        return api.asCoordinatorOf(id).header("Idempotency-Key", key).body(Map.of("result", result))
                .post("/api/coordinator/jobs/" + id + "/complete");
    }

    private static String[] concat(String[] headers, String name, String value) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }
}
