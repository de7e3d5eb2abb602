package dev.mosaic.jobs.live;

import static dev.mosaic.jobs.live.SseTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.PackagedService;
import dev.mosaic.jobs.support.SseClient;
import dev.mosaic.jobs.support.SseClient.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two jobs-service processes on one database: replica A is the service under test, replica B the
 * packaged jar of this very build (so this test runs after {@code package}, see the pom). A reader on B
 * must see every write sent to A, in order, each within a second.
 */
@QuarkusTest
class LiveAcrossReplicasTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static PackagedService replicaB;

    @BeforeAll
    static void startReplicaB() {
        Config config = ConfigProvider.getConfig();
        PgConnectOptions database = PgConnectOptions.fromUri(
                config.getValue("quarkus.datasource.reactive.url", String.class));
        String auth = JobsApi.authUrl();
        replicaB = PackagedService.start(PackagedService.JOBS_SERVICE, "replica-b", Map.of(
                "MOSAIC_DB_HOST", database.getHost(),
                "MOSAIC_DB_PORT", Integer.toString(database.getPort()),
                "MOSAIC_DB_NAME", database.getDatabase(),
                "MOSAIC_DB_USER", config.getValue("quarkus.datasource.username", String.class),
                "MOSAIC_DB_PASSWORD", config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""),
                "MOSAIC_DB_POOL_SIZE", "5",
                "MOSAIC_AUTH_JWKS_URL", auth + "/api/auth/jwks",
                "MOSAIC_AUTH_ISSUER", auth));
    }

    @AfterAll
    static void stopReplicaB() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aReaderOnBSeesEveryWriteSentToAInOrderWithinASecond() {
        JobsApi api = new JobsApi();
        try (SseClient onB = SseClient.open(replicaB.baseUrl, "/api/runner-jobs/stream", api.userToken, null)) {
            assertEquals(200, onB.status, onB.errorBody);
            long last = onB.nextEvent(Duration.ofSeconds(10)).idAsLong();

            String type = JobsApi.uniqueType();
            String id = api.createJob(type);
            last = expect(onB, "CREATED", id, last);
            String lease = api.claim(Map.of("types", List.of(type))).then().statusCode(200)
                    .extract().path("jobs[0].lease.token");
            last = expect(onB, "CLAIMED", id, last);
            api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("status", "RUNNING"))
                    .post("/api/coordinator/jobs/" + id + "/status").then().statusCode(200);
            last = expect(onB, "STATUS_CHANGED", id, last);
            for (int percent : List.of(25, 50, 75)) {
                api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("progressPercent", percent))
                        .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
                last = expect(onB, "PROGRESS", id, last);
            }
            api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("result", Map.of("frames", 24)))
                    .post("/api/coordinator/jobs/" + id + "/complete").then().statusCode(200);
            expect(onB, "COMPLETED", id, last);
        }
    }

    /** The next event on B, within a second of A's answer: the next of the job's timeline. */
    private static long expect(SseClient stream, String type, String jobId, long after) {
        Message event = stream.nextEvent(WITHIN);
        assertEquals(type, json(event).getString("event.type"));
        assertEquals(jobId, json(event).getString("job.id"));
        assertTrue(event.idAsLong() > after, "in id order");
        return event.idAsLong();
    }
}
