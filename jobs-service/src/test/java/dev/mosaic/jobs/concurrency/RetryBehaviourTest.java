package dev.mosaic.jobs.concurrency;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conflicts forced inside the real database: a trigger makes the version-checked UPDATE of one job
 * find zero rows for its first N attempts, exactly as a concurrent writer would. Attempts and their
 * times are kept in sequences, which (unlike rows) survive the rollback of the failed attempt.
 * Progress updates with an {@code Idempotency-Key} take the retried path; without one they are a
 * single statement with nothing to retry.
 */
@QuarkusTest
class RetryBehaviourTest {
    private static final int MAX_ATTEMPTS = 1 + 3;
    private static final long NOMINAL_FIRST_DELAY_MILLIS = 30;
    private static final long JITTER_MILLIS = 5;
    private final JobsApi api = new JobsApi();

    @Inject
    Pool database;

    @BeforeEach
    void installConflictTrigger() {
        sql("CREATE TABLE IF NOT EXISTS test_forced_conflicts (job_id uuid PRIMARY KEY, conflicts integer NOT NULL)");
        sql("TRUNCATE test_forced_conflicts");
        sql("DROP SEQUENCE IF EXISTS test_attempts");
        sql("CREATE SEQUENCE test_attempts");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS + 1; attempt++) {
            sql("DROP SEQUENCE IF EXISTS test_attempt_at_" + attempt);
            sql("CREATE SEQUENCE test_attempt_at_" + attempt + " MINVALUE 0");
        }
        sql("""
                CREATE OR REPLACE FUNCTION test_force_conflict() RETURNS trigger AS $$
                DECLARE
                    forced integer;
                    attempt bigint;
                BEGIN
                    SELECT conflicts INTO forced FROM test_forced_conflicts WHERE job_id = OLD.id;
                    IF forced IS NULL THEN
                        RETURN NEW;
                    END IF;
                    attempt := nextval('test_attempts');
                    PERFORM setval('test_attempt_at_' || attempt,
                                   (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
                    IF attempt <= forced THEN
                        RETURN NULL;
                    END IF;
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql""");
        sql("DROP TRIGGER IF EXISTS test_force_conflict ON runner_jobs");
        sql("CREATE TRIGGER test_force_conflict BEFORE UPDATE ON runner_jobs "
                + "FOR EACH ROW EXECUTE FUNCTION test_force_conflict()");
    }

    @AfterEach
    void removeConflictTrigger() {
        sql("DROP TRIGGER IF EXISTS test_force_conflict ON runner_jobs");
    }

    @Test
    void aConflictIsRetriedInANewTransactionAndSucceeds() {
        String id = api.runningJob();
        forceConflicts(id, 1);

        withKey(api.asCoordinatorOf(id)).body(Map.of("progressPercent", 30))
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(200).body("progressPercent", equalTo(30));

        assertEquals(2, attempts(), "one conflict, one successful retry");
        assertEquals(30, api.job(id).getInt("progressPercent"));
        assertEquals(1, api.events(id).stream().filter(e -> "PROGRESS".equals(e.get("type"))).count(),
                "the failed attempt left no event behind");
    }

    @Test
    void aPermanentConflictEndsIn409AfterOnePlusThreeAttemptsWithGrowingDelays() {
        warmUpTheRetryPath();
        String id = api.runningJob();
        int versionBefore = api.job(id).getInt("version");
        double exhaustedBefore = Metrics.counter("mosaic_jobs_retries_exhausted_total", "updateProgress");
        double retriesBefore = Metrics.counter("mosaic_jobs_retries_total", "updateProgress");
        forceConflicts(id, Integer.MAX_VALUE);

        withKey(api.asCoordinatorOf(id)).body(Map.of("progressPercent", 30))
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("1"))
                .body("type", equalTo("urn:mosaic:problem:concurrent-update"));

        assertEquals(MAX_ATTEMPTS, attempts(), "exactly 1 + 3 attempts");
        List<Long> delays = delaysBetweenAttemptsMicros();
        for (int i = 0; i < delays.size(); i++) {
            // A loaded machine can only make a wait longer, so the schedule is checked from below.
            long shortestMicros = (NOMINAL_FIRST_DELAY_MILLIS << i) * 1000 - JITTER_MILLIS * 1000;
            assertTrue(delays.get(i) >= shortestMicros, "the delays double from " + NOMINAL_FIRST_DELAY_MILLIS
                    + " ms (± " + JITTER_MILLIS + " ms jitter): " + delays + " µs");
        }
        assertEquals(versionBefore, api.job(id).getInt("version"), "nothing was written");
        assertEquals(0, api.events(id).stream().filter(e -> "PROGRESS".equals(e.get("type"))).count());
        assertEquals(1.0, Metrics.counter("mosaic_jobs_retries_exhausted_total", "updateProgress") - exhaustedBefore);
        assertEquals(3.0, Metrics.counter("mosaic_jobs_retries_total", "updateProgress") - retriesBefore);
        System.out.println("[RetryBehaviourTest] delays between attempts (µs): " + delays);
    }

    @Test
    void progressWithoutAKeyIsOneStatementThatIsNeverRetried() {
        String id = api.runningJob();
        double retriesBefore = Metrics.counter("mosaic_jobs_retries_total", "updateProgress");
        forceConflicts(id, Integer.MAX_VALUE);

        api.asCoordinatorOf(id).body(Map.of("progressPercent", 30))
                .post("/api/coordinator/jobs/" + id + "/progress")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("1"))
                .body("type", equalTo("urn:mosaic:problem:concurrent-update"));

        assertEquals(1, attempts(), "one statement, no retry");
        assertEquals(0.0, Metrics.counter("mosaic_jobs_retries_total", "updateProgress") - retriesBefore);
        assertEquals(0, api.events(id).stream().filter(e -> "PROGRESS".equals(e.get("type"))).count());
    }

    @Test
    void aStaleIfMatchIs412AtOnceAndNeverRetried() {
        String id = api.createJob();
        forceConflicts(id, 0);
        int version = api.job(id).getInt("version");

        api.asUser().header("If-Match", "\"" + (version + 7) + "\"")
                .post("/api/runner-jobs/" + id + "/cancel")
                .then().statusCode(412)
                .contentType("application/problem+json")
                .body("currentVersion", equalTo(version));

        assertEquals(0, attempts(), "no UPDATE was even tried");
        assertEquals("PENDING", api.job(id).getString("status"));
    }

    /** The first retry in a fresh JVM pays for class loading; the schedule is measured after it. */
    private void warmUpTheRetryPath() {
        String warmUp = api.runningJob();
        forceConflicts(warmUp, 1);
        withKey(api.asCoordinatorOf(warmUp)).body(Map.of("progressPercent", 1))
                .post("/api/coordinator/jobs/" + warmUp + "/progress")
                .then().statusCode(200);
        sql("TRUNCATE test_forced_conflicts");
        sql("ALTER SEQUENCE test_attempts RESTART");
    }

    private static RequestSpecification withKey(RequestSpecification request) {
        return request.header("Idempotency-Key", UUID.randomUUID().toString());
    }

    private void forceConflicts(String jobId, int conflicts) {
        sql("INSERT INTO test_forced_conflicts VALUES ('" + jobId + "', " + conflicts + ")");
    }

    private long attempts() {
        Row row = database.query("SELECT last_value, is_called FROM test_attempts").execute()
                .await().indefinitely().iterator().next();
        return row.getBoolean("is_called") ? row.getLong("last_value") : 0;
    }

    private List<Long> delaysBetweenAttemptsMicros() {
        List<Long> times = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts(); attempt++) {
            times.add(database.query("SELECT last_value FROM test_attempt_at_" + attempt).execute()
                    .await().indefinitely().iterator().next().getLong(0));
        }
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            delays.add(times.get(i) - times.get(i - 1));
        }
        return delays;
    }

    private void sql(String statement) {
        database.query(statement).execute().await().indefinitely();
    }
}
