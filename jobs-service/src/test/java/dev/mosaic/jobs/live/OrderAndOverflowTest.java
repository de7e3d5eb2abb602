package dev.mosaic.jobs.live;

import static dev.mosaic.jobs.live.SseTest.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import dev.mosaic.jobs.support.SseClient;
import dev.mosaic.jobs.support.SseClient.Message;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two hard parts of a live stream: ids that commit out of order never reach a reader out of
 * order (nor skip one), and a reader that stops reading is dropped with its resume point instead of
 * piling up events.
 */
@QuarkusTest
class OrderAndOverflowTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough for the feed to have read several times (it reads every 20 to 50 ms while ids are in doubt). */
    private static final Duration HELD_BACK = Duration.ofMillis(800);
    private static final Duration SEVERAL_PERIODIC_READS = Duration.ofMillis(3 * LiveFeed.SAFETY_POLL_MILLIS);
    /** Progress events (a new step each) that a stalled reader's socket buffers and stream buffer cannot all hold. */
    private static final int MAX_STEPS = 1_000;
    private final JobsApi api = new JobsApi();

    @ConfigProperty(name = "mosaic.jobs.payload.max-bytes")
    int maxPayloadBytes;

    @AfterEach
    void everyStreamIsClosedAgain() {
        await().atMost(WAIT).until(() -> Metrics.gauge("mosaic_jobs_live_streams") == 0);
    }

    @Test
    void anEventIdTakenByASlowTransactionHoldsBackLaterIdsUntilItCommits() throws Exception {
        try (SseClient stream = SseClient.open("/api/runner-jobs/stream", api.userToken, null);
             Connection slow = database()) {
            stream.nextEvent(WAIT);
            String first = api.createJob();
            assertEquals(first, json(stream.nextEvent(WAIT)).getString("job.id"));

            long slowId = appendUncommitted(slow, first);
            String second = api.createJob();
            assertTrue(api.events(second).stream().allMatch(event -> ((Number) event.get("id")).longValue() > slowId),
                    "the later job's event has a higher id and is already committed");
            assertNull(stream.eventWithin(HELD_BACK), "nothing after the id in doubt is sent while it is in doubt");

            slow.commit();
            Message held = stream.nextEvent(WAIT);
            assertEquals(slowId, held.idAsLong(), "the slow event first, in id order");
            assertEquals(second, json(stream.nextEvent(WAIT)).getString("job.id"));

            long abandonedId = appendUncommitted(slow, first);
            String third = api.createJob();
            assertNull(stream.eventWithin(HELD_BACK));
            slow.rollback();
            Message next = stream.nextEvent(WAIT);
            assertEquals(third, json(next).getString("job.id"), "a rolled-back id is skipped once it is settled");
            assertTrue(next.idAsLong() > abandonedId);
        }
    }

    /**
     * The newest running transaction may have a transaction id at or above the snapshot's xmax (which
     * is one past the newest <em>completed</em> one): with nothing committing after it, the feed's own
     * periodic read is the only thing that looks, and its id must still be held back.
     */
    @Test
    void anEventIdOfTheNewestTransactionIsHeldBackThoughNothingCommitsAfterIt() throws Exception {
        try (SseClient stream = SseClient.open("/api/runner-jobs/stream", api.userToken, null);
             Connection slow = database()) {
            stream.nextEvent(WAIT);
            String job = api.createJob();
            assertEquals(job, json(stream.nextEvent(WAIT)).getString("job.id"));

            long slowId = appendUncommitted(slow, job);
            assertNull(stream.eventWithin(SEVERAL_PERIODIC_READS), "the id in doubt is not sent while in doubt");

            slow.commit();
            assertEquals(slowId, stream.nextEvent(WAIT).idAsLong(), "nor skipped once it commits");
        }
    }

    @Test
    void aReaderThatStopsReadingIsToldWhereToResumeAndDropped() {
        String type = JobsApi.uniqueType();
        // Big snapshots (a payload at its limit) fill the socket buffers quickly, so the stream's own buffer
        // (20 events) is what fills next.
        String blob = "x".repeat(maxPayloadBytes - "{\"blob\":\"\"}".length());
        String id = api.asUser().body(Map.of("type", type, "payload", Map.of("blob", blob)))
                .post("/api/runner-jobs").then().statusCode(201).extract().path("id");
        double overflowsBefore = Metrics.gauge("mosaic_jobs_live_overflows_total");
        try (SseClient stalled = SseClient.open("/api/runner-jobs/" + id + "/events/stream", api.userToken, null)) {
            assertEquals("ready", stalled.nextEvent(WAIT).event());
            // From here the test takes no message: the reader stops reading.
            String lease = api.claim(Map.of("types", List.of(type))).then().statusCode(200)
                    .extract().path("jobs[0].lease.token");
            api.asCoordinator().header(JobsApi.LEASE_HEADER, lease).body(Map.of("status", "RUNNING"))
                    .post("/api/coordinator/jobs/" + id + "/status").then().statusCode(200);
            int steps = 0;
            while (Metrics.gauge("mosaic_jobs_live_overflows_total") == overflowsBefore && steps < MAX_STEPS) {
                steps++;
                api.asCoordinator().header(JobsApi.LEASE_HEADER, lease)
                        .body(Map.of("progressPercent", 1, "currentStep", "step " + steps))
                        .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
            }
            assertTrue(steps < MAX_STEPS, "the stream overflowed");

            List<Message> received = new ArrayList<>();
            Message message = stalled.nextEvent(WAIT);
            while ("job-event".equals(message.event())) {
                received.add(message);
                message = stalled.nextEvent(WAIT);
            }
            assertEquals("overflow", message.event());
            long resumeFrom = json(message).getLong("resumeFrom");
            assertEquals(received.isEmpty() ? 0 : received.get(received.size() - 1).idAsLong(), resumeFrom,
                    "the resume point is the last event sent");
            assertTrue(stalled.next(WAIT).isEnd(), "and the stream ends");

            List<Long> timeline = api.events(id).stream().map(event -> ((Number) event.get("id")).longValue()).toList();
            List<Long> missed = timeline.stream().filter(eventId -> eventId > resumeFrom).toList();
            try (SseClient resumed = SseClient.open("/api/runner-jobs/" + id + "/events/stream", api.userToken,
                    Long.toString(resumeFrom))) {
                assertEquals(resumeFrom, resumed.nextEvent(WAIT).idAsLong());
                List<Long> replayed = new ArrayList<>();
                for (int i = 0; i < missed.size(); i++) {
                    replayed.add(resumed.nextEvent(WAIT).idAsLong());
                }
                assertEquals(missed, replayed, "a reconnect gets exactly what the dropped stream missed");
            }
        }
    }

    private static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        connection.setAutoCommit(false);
        return connection;
    }

    /** An event id taken by a transaction that has not committed (yet): the race the feed must survive. */
    private static long appendUncommitted(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_events "
                + "(job_id, type, from_status, to_status, progress_percent, actor, occurred_at) "
                + "VALUES (?, 'PROGRESS', 'PENDING', 'PENDING', 0, 'slow-writer', now()) RETURNING id")) {
            insert.setObject(1, UUID.fromString(jobId));
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }
}
