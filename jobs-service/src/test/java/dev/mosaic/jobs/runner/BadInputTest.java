package dev.mosaic.jobs.runner;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.deploy.testing.RawHttp;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Anything a client can send gets a clear problem, never a 500, and a refused request changes nothing. */
@QuarkusTest
class BadInputTest {
    private final JobsApi api = new JobsApi();

    @ConfigProperty(name = "mosaic.jobs.payload.max-bytes")
    int maxPayloadBytes;

    @Inject
    Pool database;

    @Test
    void malformedJsonIsA400Problem() {
        api.asUser().body("{\"type\": \"render\",").post("/api/runner-jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:malformed-request"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void aJobStreamOfAnIdThatIsNotAUuidIsA404ProblemLikeItsGet() {
        api.asUser().get("/api/runner-jobs/not-a-uuid/events/stream")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aMissingBodyIsA400Problem() {
        api.asUser().post("/api/runner-jobs")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        api.asUser().contentType(ContentType.TEXT).body("type=render").post("/api/runner-jobs")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void missingAndInvalidFieldsAreListed() {
        api.asUser().body(Map.of("priority", 101)).post("/api/runner-jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("priority"));
    }

    @Test
    void aNulCharacterAnywhereIsRefusedAndChangesNothing() {
        api.asUser().body("{\"type\":\"render\",\"payload\":{\"note\":\"a\\u0000b\"}}").post("/api/runner-jobs")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("NUL"));
        api.asUser().queryParam("type", "a\0b").get("/api/runner-jobs")
                .then().statusCode(400).contentType("application/problem+json");
        String id = api.runningJob();
        int version = api.job(id).getInt("version");
        api.asCoordinatorOf(id).body("{\"progressPercent\":5,\"currentStep\":\"\\u0000\"}")
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(400).contentType("application/problem+json");
        api.asCoordinatorOf(id).body("{\"error\":\"disk\\u0000full\"}").post("/api/coordinator/jobs/" + id + "/fail")
                .then().statusCode(400).contentType("application/problem+json");
        api.asCoordinator().body("{\"types\":[\"render\",\"a\\u0000\"],\"max\":1}").post("/api/coordinator/jobs/claim")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The body contains the control character U+0000 (NUL), which it may not carry. Remove it."));
        assertEquals(version, api.job(id).getInt("version"), "nothing was written");
    }

    /**
     * A value of another JSON type than its field's is refused, never converted: Jackson took "50" for 50, cut 1.5
     * down to 1, read a number as a string and an enum's index as the constant.
     */
    @Test
    void aValueOfAnotherJsonTypeIsA400NamingTheFieldAndChangesNothing() {
        refusedField(api.asUser().body("{\"type\":\"render\",\"priority\":\"5\"}").post("/api/runner-jobs"),
                "priority", "must be a whole number");
        refusedField(api.asUser().body("{\"type\":\"render\",\"priority\":1.5}").post("/api/runner-jobs"),
                "priority", "must be a whole number");
        refusedField(api.asUser().body("{\"type\":\"render\",\"maxAttempts\":true}").post("/api/runner-jobs"),
                "maxAttempts", "must be a whole number");
        refusedField(api.asUser().body("{\"type\":5}").post("/api/runner-jobs"), "type", "must be a string");
        assertEquals(0, jobsOfTheWorkspace(), "nothing was created");

        String id = api.runningJob();
        int version = api.job(id).getInt("version");
        int events = api.events(id).size();
        String coordinator = "/api/coordinator/jobs/";
        refusedField(api.asCoordinatorOf(id).body("{\"progressPercent\":\"50\"}").post(coordinator + id + "/progress"),
                "progressPercent", "must be a whole number");
        refusedField(api.asCoordinatorOf(id).body("{\"progressPercent\":50.5}").post(coordinator + id + "/progress"),
                "progressPercent", "must be a whole number");
        refusedField(api.asCoordinatorOf(id).body("{\"status\":4}").post(coordinator + id + "/status"),
                "status", "must be one of [PENDING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED], not '4'");
        refusedField(api.asCoordinatorOf(id).body("{\"error\":500}").post(coordinator + id + "/fail"),
                "error", "must be a string");
        refusedField(api.asCoordinator().body("{\"max\":\"1\"}").post(coordinator + "claim"), "max",
                "must be a whole number");
        refusedField(api.asCoordinator().body("{\"types\":[5]}").post(coordinator + "claim"), "types[0]",
                "must be a string");
        JsonPath job = api.job(id);
        assertEquals(List.of("RUNNING", version, 0), List.of(job.getString("status"), job.getInt("version"),
                job.getInt("progressPercent")), "nothing was written");
        assertEquals(events, api.events(id).size(), "no event either");
    }

    /**
     * A number in a payload or a result is stored as written and every read answers it so; Jackson made it a double,
     * so 1e999 was stored as "Infinity". One with more digits written out in full than a JSON reader takes (PostgreSQL
     * writes 1e1001 as 1 and 1001 zeros) is a 400 naming it, since the job could never be read again.
     */
    @Test
    void aNumberInAPayloadIsStoredAndReadBackExactlyAndOneTooLongToReadBackIsA400() {
        String created = api.asUser().body("{\"type\":\"render\",\"payload\":{\"ratio\":0.12345678901234567890123,"
                        + "\"big\":1e999,\"small\":1.5e-3}}")
                .post("/api/runner-jobs").then().statusCode(201).extract().asString();
        String id = JsonPath.from(created).getString("id");
        String big = "1" + "0".repeat(999);
        Map<String, String> exact = Map.of("ratio", "0.12345678901234567890123", "big", big, "small", "0.0015");
        assertNumbers(exact, created);
        assertNumbers(exact, api.asUser().get("/api/runner-jobs/" + id).then().statusCode(200).extract().asString());
        assertNumbers(exact, api.asUser().get("/api/runner-jobs").then().statusCode(200).extract().asString());
        Row stored = database.preparedQuery("SELECT payload->>'ratio', payload->>'big', payload->>'small' "
                + "FROM runner_jobs WHERE id = $1").execute(Tuple.of(UUID.fromString(id))).await().indefinitely()
                .iterator().next();
        assertEquals(List.of(exact.get("ratio"), big, "0.0015"),
                List.of(stored.getString(0), stored.getString(1), stored.getString(2)), "stored as written");
        assertNumbers(exact, api.asUser().post("/api/runner-jobs/" + id + "/cancel").then().statusCode(200)
                .extract().asString());

        refusedField(api.asUser().body("{\"type\":\"render\",\"payload\":{\"b\":{\"c\":1e1001}}}")
                .post("/api/runner-jobs"), "payload.b", "must have at most 1000 digits written out in full");
        assertEquals(1, jobsOfTheWorkspace(), "nothing more was created");
        String running = api.runningJob();
        refusedField(api.asCoordinatorOf(running).body("{\"result\":{\"n\":-1e-1000}}")
                .post("/api/coordinator/jobs/" + running + "/complete"), "result.n", "this one has 1001");
        assertEquals("RUNNING", api.job(running).getString("status"));
    }

    private static void assertNumbers(Map<String, String> numbers, String json) {
        numbers.forEach((name, number) -> assertTrue(
                Pattern.compile(Pattern.quote("\"" + name + "\":" + number) + "[,}]").matcher(json).find(),
                name + " should be " + number + " in " + json));
    }

    /** A 400 {@code validation-failed} problem whose one error names {@code field}. */
    private static void refusedField(Response answer, String field, String message) {
        answer.then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:validation-failed"))
                .body("errors.field", equalTo(List.of(field)))
                .body("errors[0].message", containsString(message));
    }

    @Test
    void aPayloadThatIsNotAnObjectNamesTheField() {
        api.asUser().body("{\"type\":\"render\",\"payload\":[1,2]}").post("/api/runner-jobs")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("payload"))
                .body("errors[0].message", containsString("JSON object"));
    }

    @Test
    void anOversizedResultIsA413ProblemAndTheJobStaysRunning() {
        String id = api.runningJob();
        String big = "x".repeat(1024 * 1024);
        api.asCoordinatorOf(id).body(Map.of("result", Map.of("log", big)))
                .post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(413).contentType("application/problem+json");
        assertEquals("RUNNING", api.job(id).getString("status"));
    }

    @Test
    void aPayloadAtTheLimitIsCreatedAndOneByteMoreIsA413ProblemThatCreatesNothing() {
        api.asUser().body("{\"type\":\"render\",\"payload\":" + objectOfJsonBytes(maxPayloadBytes + 1) + "}")
                .post("/api/runner-jobs")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:payload-too-large"))
                .body("errors[0].field", equalTo("payload"))
                .body("limitBytes", equalTo(maxPayloadBytes))
                .body("detail", containsString("at most " + maxPayloadBytes));
        assertEquals(0, jobsOfTheWorkspace(), "nothing was created");

        api.asUser().body("{\"type\":\"render\",\"payload\":" + objectOfJsonBytes(maxPayloadBytes) + "}")
                .post("/api/runner-jobs").then().statusCode(201);
        assertEquals(1, jobsOfTheWorkspace());
    }

    @Test
    void aResultAtTheLimitCompletesAndOneByteMoreIsA413ProblemThatChangesNothing() {
        String id = api.runningJob();
        int version = api.job(id).getInt("version");
        int events = api.events(id).size();
        api.asCoordinatorOf(id).body("{\"result\":" + objectOfJsonBytes(maxPayloadBytes + 1) + "}")
                .post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:payload-too-large"))
                .body("errors[0].field", equalTo("result"))
                .body("limitBytes", equalTo(maxPayloadBytes));
        assertEquals("RUNNING", api.job(id).getString("status"));
        assertEquals(version, api.job(id).getInt("version"), "nothing was written");
        assertEquals(events, api.events(id).size(), "no event either");

        api.asCoordinatorOf(id).body("{\"result\":" + objectOfJsonBytes(maxPayloadBytes) + "}")
                .post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    /** {@code {"blob":"xx…"}}, exactly {@code bytes} long. */
    private static String objectOfJsonBytes(int bytes) {
        return "{\"blob\":\"" + "x".repeat(bytes - "{\"blob\":\"\"}".length()) + "\"}";
    }

    private int jobsOfTheWorkspace() {
        return api.asUser().get("/api/runner-jobs").then().statusCode(200).extract().path("items.size()");
    }

    @Test
    void progressOutsideZeroToHundredIsRefusedAndChangesNothing() {
        String id = api.runningJob();
        int eventsBefore = api.events(id).size();
        for (int percent : new int[] {-1, 101}) {
            api.asCoordinatorOf(id).body(Map.of("progressPercent", percent))
                    .post("/api/coordinator/jobs/" + id + "/progress")
                    .then().statusCode(400)
                    .body("errors[0].field", equalTo("progressPercent"));
        }
        assertEquals(0, api.job(id).getInt("progressPercent"));
        assertEquals(eventsBefore, api.events(id).size());
    }

    @Test
    void progressOfAJobThatIsNotRunningIsA409() {
        String id = api.queuedJob();
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 10))
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(409).body("currentStatus", equalTo("QUEUED"));
    }

    @Test
    void aLowerProgressIsANoOpThatAnswersTheCurrentJob() {
        String id = api.runningJob();
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 50)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200);
        int version = api.job(id).getInt("version");
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 20)).post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200).body("progressPercent", equalTo(50)).body("version", equalTo(version));
    }

    @Test
    void anUnknownStatusNamesTheAllowedOnes() {
        String id = api.createJob();
        api.asCoordinatorOf(id).body(Map.of("status", "DANCING")).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("PENDING, QUEUED, RUNNING"));
    }

    @Test
    void completedAndFailedAreNotSetThroughTheStatusCall() {
        String id = api.runningJob();
        api.asCoordinatorOf(id).body(Map.of("status", "COMPLETED")).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(400).body("detail", containsString("/complete"));
        assertEquals("RUNNING", api.job(id).getString("status"));
    }

    @Test
    void anUnknownOrMalformedIdIsA404Problem() {
        api.asUser().get("/api/runner-jobs/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        api.asUser().get("/api/runner-jobs/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
        api.asCoordinator().body(Map.of("progressPercent", 1))
                .post("/api/coordinator/jobs/" + UUID.randomUUID() + "/progress")
                .then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * A query value that does not convert was JAX-RS's 404, as if the URL named nothing; it is a 400 that names the
     * parameter and what it takes (a malformed path id stays a 404, above).
     */
    @Test
    void aMalformedQueryValueIsA400NamingTheParameterAndCreatesNothing() {
        String uuid = "must be a UUID: 32 hexadecimal digits grouped 8-4-4-4-12";
        refusedParameter(api.asUser().queryParam("limit", "abc").get("/api/runner-jobs"), "limit",
                "must be a whole number from 1 to 100");
        refusedParameter(api.asUser().queryParam("workspace", "xyz").get("/api/runner-jobs"), "workspace", uuid);
        refusedParameter(api.asUser().queryParam("allWorkspaces", "yes").get("/api/runner-jobs"), "allWorkspaces",
                "must be true or false");
        refusedParameter(api.asUser().queryParam("workspace", "1-2-3-4-5").get("/api/runner-jobs/stream"), "workspace",
                uuid);
        refusedParameter(api.asUser().queryParam("workspace", "xyz").body(Map.of("type", "render"))
                .post("/api/runner-jobs"), "workspace", uuid);
        assertEquals(0, jobsOfTheWorkspace(), "nothing was created");

        String id = api.createJob();
        refusedParameter(api.asUser().queryParam("after", "first").get("/api/runner-jobs/" + id + "/events"), "after",
                "must be a whole number from 0 to " + Long.MAX_VALUE);
        refusedParameter(api.asCoordinator().queryParam("limit", "1.5").get("/api/coordinator/jobs/" + id + "/events"),
                "limit", "must be a whole number from 1 to 1000");
    }

    /** A whole number too large for its type failed the conversion too, and was the same 404; it is the same 400. */
    @Test
    void aNumericQueryValueBeyondItsTypeIsTheSame400() {
        refusedParameter(api.asUser().queryParam("limit", "99999999999999999999").get("/api/runner-jobs"), "limit",
                "must be a whole number from 1 to 100");
        String id = api.createJob();
        refusedParameter(api.asUser().queryParam("limit", "2147483648").get("/api/runner-jobs/" + id + "/events"),
                "limit", "must be a whole number from 1 to 1000");
        refusedParameter(api.asCoordinator().queryParam("after", "99999999999999999999")
                        .get("/api/coordinator/jobs/" + id + "/events"),
                "after", "must be a whole number from 0 to " + Long.MAX_VALUE);
    }

    private static void refusedParameter(Response answer, String parameter, String rule) {
        answer.then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:validation-failed"))
                .body("detail", equalTo("Query parameter '" + parameter + "' " + rule + "."))
                .body("errors", equalTo(List.of(Map.of("field", parameter, "message", rule))));
    }

    @Test
    void aJobOfAnotherWorkspaceIsReportedMissing() {
        String id = api.createJob();
        new JobsApi().asUser().get("/api/runner-jobs/" + id).then().statusCode(404);
        new JobsApi().asUser().post("/api/runner-jobs/" + id + "/cancel").then().statusCode(404);
        assertEquals("PENDING", api.job(id).getString("status"));
    }

    /** PostgreSQL's timestamptz holds years -4713..294276, Java's Instant far more: such a cursor must not reach SQL. */
    @Test
    void aCursorForgedWithAnInstantNoJobCanHaveIsA400ProblemLikeAMalformedOne() {
        for (String instant : List.of("-5000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (instant + "|00000000-0000-0000-0000-000000000000").getBytes(StandardCharsets.UTF_8));
            api.asUser().queryParam("cursor", cursor).get("/api/runner-jobs")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:mosaic:problem:malformed-request"))
                    .body("detail", containsString("cursor"));
        }
    }

    /**
     * Only the ETag as served matches: the job's is "0", and a weak tag or another spelling of 0 (which would once
     * have parsed to it and cancelled the job) is refused and changes nothing.
     */
    @Test
    void aMalformedIfMatchOrIdempotencyKeyIsA400() {
        String id = api.createJob();
        assertEquals("\"0\"", api.asUser().get("/api/runner-jobs/" + id).header("ETag"));
        for (String ifMatch : List.of("yesterday", "W/\"0\"", "\"00\"", "\"+0\"", "0", "\"99999999999\"", "\"0\", \"1\"")) {
            api.asUser().header("If-Match", ifMatch).post("/api/runner-jobs/" + id + "/cancel")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        api.asUser().header("Idempotency-Key", "has spaces in it").post("/api/runner-jobs/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals("PENDING", api.job(id).getString("status"));
    }

    /**
     * jobs-service reads no forwarded header (Quarkus' forwarded-header parser, which leaves a request with an
     * empty X-Forwarded-For unanswered, is off), so empty and malformed ones change nothing, even from 127.0.0.1.
     */
    @Test
    void emptyOrMalformedForwardedHeadersAreNotReadAndTheRequestIsAnswered() throws IOException {
        String authorization = api.userHeaders()[1];
        for (String header : List.of("X-Forwarded-For:", "X-Forwarded-For:   ", "X-Forwarded-For: ,", "X-Forwarded-For: :4711",
                "Forwarded: for=", "Forwarded: for=\"\"", "Forwarded: for=\" \"", "X-Forwarded-Proto:", "X-Forwarded-Port: x")) {
            RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "GET /api/runner-jobs HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\nAuthorization: " + authorization + "\r\n" + header);
            assertEquals(200, answer.status(), header + " -> " + answer.statusLine() + " " + answer.body());
        }
    }

    /** A chunked body (no Content-Length) under 1 MiB is read by BodySizeLimit and still reaches the endpoint whole. */
    @Test
    void aChunkedBodyUnderTheLimitReachesTheEndpoint() throws IOException {
        String json = "{\"type\":\"render\",\"payload\":{\"scene\":9}}" + " ".repeat(900_000);

        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "POST /api/runner-jobs HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: "
                + api.userHeaders()[1], json.getBytes(StandardCharsets.UTF_8), true);

        assertEquals(201, answer.status(), answer.statusLine() + " " + answer.body());
        String id = JsonPath.from(answer.body()).getString("id");
        assertEquals(9, api.job(id).getInt("payload.scene"));
    }
}
