package dev.mosaic.jobs.caller;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console (another origin) may call jobs-service with its bearer token and read the headers it needs. */
@QuarkusTest
class CorsTest {
    private static final String SPA = "http://localhost:5173";

    @Test
    void thePreflightOfAConditionalWriteAllowsTheHeadersTheConsoleSends() {
        given().header("Origin", SPA)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match,idempotency-key")
                .options("/api/runner-jobs/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(SPA))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));
    }

    @Test
    void thePreflightOfAStreamAllowsLastEventId() {
        given().header("Origin", SPA)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,last-event-id")
                .options("/api/runner-jobs/stream")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(SPA))
                .header("Access-Control-Allow-Headers", containsString("Last-Event-ID"));
    }

    @Test
    void aRealCallExposesTheETagAndLocationToTheConsole() {
        JobsApi api = new JobsApi();
        given().header("Origin", SPA).contentType("application/json").auth().oauth2(api.userToken)
                .body(Map.of("type", "render"))
                .post("/api/runner-jobs")
                .then().statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo(SPA))
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("Access-Control-Expose-Headers", containsString("Location"))
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void anotherOriginGetsNoGrant() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/runner-jobs")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
