package dev.mosaic.jobs.coordinator;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.deploy.testing.RawHttp;
import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /**
     * Several keys name no one call: two header lines (in either spelling of the name) or one line with a
     * comma-separated list are a 400 problem before anything is written. Before, the first line silently counted.
     */
    @Test
    void severalIdempotencyKeysAreRefusedBeforeAnythingIsWritten() throws IOException {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String running = api.runningJob();
        JsonPath before = api.job(running);
        for (String keys : List.of("Idempotency-Key: " + first + "\r\nIdempotency-Key: " + second,
                "Idempotency-Key: " + first + "\r\nidempotency-key: " + second,
                "Idempotency-Key: " + first + "," + second)) {
            assertSeveralKeysRefused(post("/api/runner-jobs", api.userHeaders(), keys, "{\"type\":\"render\"}"), keys);
            assertSeveralKeysRefused(post("/api/coordinator/jobs/" + running + "/progress",
                    api.coordinatorHeaders(running), keys, "{\"progressPercent\":50}"), keys);
        }
        assertEquals(List.of(running), api.asUser().get("/api/runner-jobs").then().statusCode(200)
                .extract().jsonPath().getList("items.id"), "no job was created");
        JsonPath after = api.job(running);
        assertEquals(before.getInt("version"), after.getInt("version"), "the job did not change");
        assertEquals(before.getInt("progressPercent"), after.getInt("progressPercent"));
    }

    private static RawHttp.Answer post(String path, String[] headers, String keyLines, String body) throws IOException {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Length: ").append(bytes.length).append("\r\n").append(keyLines);
        return RawHttp.exchange("127.0.0.1", RestAssured.port, head.toString(), bytes, false);
    }

    private static void assertSeveralKeysRefused(RawHttp.Answer answer, String keys) {
        assertEquals(400, answer.status(), keys + " -> " + answer.statusLine() + " " + answer.body());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/problem+json"),
                answer.header("Content-Type"));
        assertTrue(JsonPath.from(answer.body()).getString("detail").contains("Send exactly one Idempotency-Key"),
                answer.body());
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
