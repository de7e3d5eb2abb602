package dev.mosaic.jobs.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The request metrics name routes, not raw paths: else anyone could fill their 100 URI tags with refused requests,
 * one per made-up id, and the service's real endpoints would no longer be recorded.
 */
@QuarkusTest
class RequestMetricsTest {
    private static final Pattern RAW_JOB_PATH = Pattern.compile("uri=\"/api/runner-jobs/[0-9a-f-]{36}\"");

    @Test
    void refusedRequestsToMadeUpPathsLeaveNoRawPathInTheMetrics() {
        for (int i = 0; i < 120; i++) {
            given().delete("/api/runner-jobs/" + UUID.randomUUID()).then().statusCode(405);
        }
        new JobsApi().asUser().get("/api/runner-jobs/" + UUID.randomUUID()).then().statusCode(404);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(RAW_JOB_PATH.matcher(metrics).find(), "a raw path in the request metrics");
        assertTrue(metrics.contains("uri=\"/api/runner-jobs/{id}\""), "the real route is still recorded by its template");
    }
}
