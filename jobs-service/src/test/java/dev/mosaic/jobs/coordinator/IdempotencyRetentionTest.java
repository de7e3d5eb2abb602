package dev.mosaic.jobs.coordinator;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.jobs.idempotency.IdempotencyKeyPurge;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyRetentionTest {
    private final JobsApi api = new JobsApi();

    @Inject
    IdempotencyKeyPurge purge;

    @Inject
    Pool database;

    @Test
    void answersOlderThanTheRetentionArePurgedAndYoungerOnesKept() throws Throwable {
        String id = api.runningJob();
        String oldKey = UUID.randomUUID().toString();
        String youngKey = UUID.randomUUID().toString();
        progress(id, oldKey, 10);
        progress(id, youngKey, 20);
        database.query("UPDATE idempotency_keys SET created_at = now() - interval '2 days' "
                + "WHERE idempotency_key = '" + oldKey + "'").execute().await().indefinitely();

        long purged = VertxContextSupport.subscribeAndAwait(purge::purgeExpired);

        assertEquals(1, purged, "only the expired answer");
        assertEquals(0, count(oldKey));
        assertEquals(1, count(youngKey));
    }

    @Test
    void aClaimRememberedLongerThanTheRetentionIsPurgedLikeAnAnswer() throws Throwable {
        String type = JobsApi.uniqueType();
        api.createJob(type);
        String key = UUID.randomUUID().toString();
        api.asCoordinator().header("Idempotency-Key", key).body(Map.of("types", List.of(type)))
                .post("/api/coordinator/jobs/claim").then().statusCode(200).body("jobs.size()", equalTo(1));
        assertEquals(1, count(key));
        database.query("UPDATE idempotency_keys SET created_at = now() - interval '2 days' "
                + "WHERE idempotency_key = '" + key + "'").execute().await().indefinitely();

        VertxContextSupport.subscribeAndAwait(purge::purgeExpired);

        assertEquals(0, count(key));
    }

    private void progress(String id, String key, int percent) {
        api.asCoordinatorOf(id).header("Idempotency-Key", key).body(Map.of("progressPercent", percent))
                .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
    }

    private long count(String key) {
        return database.query("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = '" + key + "'")
                .execute().await().indefinitely().iterator().next().getLong(0);
    }
}
