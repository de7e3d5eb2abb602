package dev.mosaic.jobs.concurrency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.deploy.testing.LeavingClient;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves midway (a timeout, a lost network) does not cut its request short: a write that has begun is
 * written whole, never torn between the service and its database. The one exception is a claim's long poll, which
 * stops waiting, so that it claims nothing for a coordinator that is gone.
 */
@QuarkusTest
class ClientLeavesMidRequestTest {
    private static final Duration SETTLED = Duration.ofSeconds(10);
    private final JobsApi api = new JobsApi();

    @Inject
    Pool database;
    @TestHTTPResource("/")
    URI base;

    @Test
    void aCancelWhoseClientLeftWhileItWaitedForTheRowIsWrittenWhole() throws Exception {
        String id = api.createJob();

        SqlConnection locker = database.getConnection().await().atMost(SETTLED);
        try {
            Transaction rowLock = locker.begin().await().atMost(SETTLED);
            locker.preparedQuery("SELECT id FROM runner_jobs WHERE id = $1 FOR UPDATE")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(SETTLED);
            LeavingClient client = LeavingClient.post(base, "/api/runner-jobs/" + id + "/cancel",
                    Map.of("Authorization", "Bearer " + api.userToken), "{\"reason\":\"the client leaves\"}");
            await().atMost(SETTLED).until(() -> count("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1);
            client.leave();
            rowLock.rollback().await().atMost(SETTLED);
        } finally {
            locker.close().await().atMost(SETTLED);
        }

        await().atMost(SETTLED).until(() -> "CANCELLED".equals(api.job(id).getString("status")));
        assertEquals(1, api.events(id).stream().filter(event -> "CANCELLED".equals(event.get("toStatus"))).count(),
                "the cancel's event is written with it: " + api.events(id));
        assertEquals(0, count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state LIKE 'idle in transaction%'"), "no transaction is left open on a connection");
    }

    @Test
    void aLongPollStopsWaitingWhenItsCoordinatorLeaves() throws Exception {
        double waitingBefore = Metrics.gauge("mosaic_jobs_claims_waiting");
        LeavingClient coordinator = LeavingClient.post(base, "/api/coordinator/jobs/claim",
                Map.of("Authorization", "Bearer " + JobsApi.coordinatorToken()),
                "{\"types\":[\"" + JobsApi.uniqueType() + "\"],\"waitSeconds\":30}");
        await().atMost(SETTLED).until(() -> Metrics.gauge("mosaic_jobs_claims_waiting") == waitingBefore + 1);

        coordinator.leave();

        await().atMost(SETTLED).until(() -> Metrics.gauge("mosaic_jobs_claims_waiting") == waitingBefore);
    }

    private long count(String sql) {
        return database.query(sql).execute().await().atMost(SETTLED).iterator().next().getLong(0);
    }
}
