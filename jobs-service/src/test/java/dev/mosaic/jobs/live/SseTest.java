package dev.mosaic.jobs.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import dev.mosaic.jobs.support.SseClient;
import dev.mosaic.jobs.support.SseClient.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live streams with a real reader, jobs driven through the real coordinator endpoints. The test profile
 * has a heartbeat of 1 s, 8 streams per replica, 3 per caller and a buffer of 20 events per stream.
 */
@QuarkusTest
class SseTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final JobsApi api = new JobsApi();

    @AfterEach
    void everyStreamIsClosedAgainAndNoCallerIsCountedAnyMore() {
        await().atMost(WAIT).until(() -> Metrics.gauge("mosaic_jobs_live_streams") == 0
                && Metrics.gauge("mosaic_jobs_live_callers") == 0);
    }

    @Test
    void aJobsTimelineArrivesInOrderFromCreationToCompletion() {
        try (SseClient workspace = SseClient.open("/api/runner-jobs/stream", api.userToken, null)) {
            assertEquals(200, workspace.status);
            assertTrue(workspace.contentType.startsWith("text/event-stream"), workspace.contentType);
            Message ready = workspace.nextEvent(WAIT);
            assertEquals("ready", ready.event());

            String id = drive(api);

            List<Message> events = workspace.eventsUntil(event -> json(event).getString("event.type").equals("COMPLETED"), WAIT);
            assertEquals(List.of("CREATED", "CLAIMED", "STATUS_CHANGED", "PROGRESS", "PROGRESS", "PROGRESS", "COMPLETED"),
                    events.stream().map(event -> json(event).getString("event.type")).toList());
            assertIncreasingIds(ready.idAsLong(), events);
            events.forEach(event -> {
                assertEquals("job-event", event.event());
                assertEquals(id, json(event).getString("job.id"));
                assertEquals(event.idAsLong(), json(event).getLong("event.id"));
            });
            assertEquals(List.of(30, 60, 90), events.subList(3, 6).stream()
                    .map(event -> json(event).getInt("event.progressPercent")).toList());
            JsonPath last = json(events.get(events.size() - 1));
            assertEquals("COMPLETED", last.getString("job.status"));
            assertEquals(api.job(id).getInt("version"), last.getInt("job.version"), "the last snapshot is the job as it is");

            try (SseClient timeline = SseClient.open("/api/runner-jobs/" + id + "/events/stream", api.userToken, null)) {
                assertEquals("ready", timeline.nextEvent(WAIT).event());
                List<Message> replayed = timeline.eventsUntil(event -> json(event).getString("event.type").equals("COMPLETED"), WAIT);
                assertEquals(events.stream().map(Message::id).toList(), replayed.stream().map(Message::id).toList(),
                        "without Last-Event-ID the job stream replays the whole timeline, as GET /events has it");
                assertEquals(api.events(id).stream().map(event -> String.valueOf(event.get("id"))).toList(),
                        replayed.stream().map(Message::id).toList());
            }
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedEvents() {
        String id;
        List<Message> all;
        try (SseClient first = SseClient.open("/api/runner-jobs/stream", api.userToken, null)) {
            first.nextEvent(WAIT);
            id = drive(api);
            all = first.eventsUntil(event -> json(event).getString("event.type").equals("COMPLETED"), WAIT);
        }
        Message seen = all.get(2);
        List<String> missed = all.subList(3, all.size()).stream().map(Message::id).toList();

        try (SseClient job = SseClient.open("/api/runner-jobs/" + id + "/events/stream", api.userToken, seen.id());
             SseClient workspace = SseClient.open("/api/runner-jobs/stream", api.userToken, seen.id())) {
            for (SseClient again : List.of(job, workspace)) {
                Message ready = again.nextEvent(WAIT);
                assertEquals("ready", ready.event());
                assertEquals(seen.id(), ready.id(), "ready names the position the stream continues from");
                List<Message> replayed = again.eventsUntil(event -> json(event).getString("event.type").equals("COMPLETED"), WAIT);
                assertEquals(missed, replayed.stream().map(Message::id).toList());
            }
            // ... and then live, with nothing replayed twice: the next event is the next change.
            api.asUser().post("/api/runner-jobs/" + id + "/cancel").then().statusCode(409);
            String next = api.createJob();
            Message created = workspace.nextEvent(WAIT);
            assertEquals(next, json(created).getString("job.id"));
            assertEquals("CREATED", json(created).getString("event.type"));
        }
    }

    @Test
    void anotherWorkspaceSeesNoneOfIt() {
        JobsApi stranger = new JobsApi();
        try (SseClient theirs = SseClient.open("/api/runner-jobs/stream", stranger.userToken, null);
             SseClient mine = SseClient.open("/api/runner-jobs/stream", api.userToken, null)) {
            theirs.nextEvent(WAIT);
            mine.nextEvent(WAIT);
            String id = drive(api);
            mine.eventsUntil(event -> json(event).getString("event.type").equals("COMPLETED"), WAIT);

            // The stranger's first event is their own new job: every one of my events (older ids) passed them by.
            String own = stranger.createJob();
            Message first = theirs.nextEvent(WAIT);
            assertEquals(own, json(first).getString("job.id"));

            SseClient mineToThem = SseClient.open("/api/runner-jobs/" + id + "/events/stream", stranger.userToken, null);
            assertEquals(404, mineToThem.status);
            assertTrue(mineToThem.contentType.startsWith("application/problem+json"), mineToThem.contentType);
            SseClient named = SseClient.open("/api/runner-jobs/stream?workspace=" + api.workspace, stranger.userToken, null);
            assertEquals(403, named.status);
        }
    }

    /** An admin follows every workspace at once; nobody else may, and a workspace named beside it is refused. */
    @Test
    void anAdminFollowsEveryWorkspaceAndNobodyElseMay() {
        JobsApi stranger = new JobsApi();
        try (SseClient every = SseClient.open("/api/runner-jobs/stream?allWorkspaces=true", JobsApi.adminToken(), null)) {
            assertEquals("ready", every.nextEvent(WAIT).event());
            String mine = api.createJob();
            String theirs = stranger.createJob();
            List<String> created = every.eventsUntil(event -> json(event).getString("job.id").equals(theirs), WAIT)
                    .stream().filter(event -> json(event).getString("event.type").equals("CREATED"))
                    .map(event -> json(event).getString("job.id")).toList();
            assertTrue(created.containsAll(List.of(mine, theirs)), "both workspaces' new jobs: " + created);
        }
        // A reconnect replays every workspace's events after Last-Event-ID.
        String afterMine = String.valueOf(api.events(api.createJob()).get(0).get("id"));
        String later = stranger.createJob();
        try (SseClient resumed = SseClient.open("/api/runner-jobs/stream?allWorkspaces=true", JobsApi.adminToken(),
                afterMine)) {
            assertEquals("ready", resumed.nextEvent(WAIT).event());
            // Other jobs of the shared database (an expiring lease of another test's) may come between: all after.
            List<Message> replayed = resumed.eventsUntil(event -> json(event).getString("job.id").equals(later), WAIT);
            assertTrue(replayed.stream().allMatch(event -> event.idAsLong() > Long.parseLong(afterMine)),
                    "only what followed: " + replayed);
        }
        SseClient user = SseClient.open("/api/runner-jobs/stream?allWorkspaces=true", api.userToken, null);
        assertEquals(403, user.status);
        assertTrue(user.contentType.startsWith("application/problem+json"), user.contentType);
        SseClient both = SseClient.open("/api/runner-jobs/stream?allWorkspaces=true&workspace=" + api.workspace,
                JobsApi.adminToken(), null);
        assertEquals(400, both.status);
    }

    @Test
    void noTokenNoStream() {
        String id = api.createJob();
        for (String path : List.of("/api/runner-jobs/stream", "/api/runner-jobs/" + id + "/events/stream")) {
            SseClient anonymous = SseClient.open(path, null, null);
            assertEquals(401, anonymous.status, path);
            assertTrue(anonymous.contentType.startsWith("application/problem+json"), anonymous.contentType);
            SseClient forged = SseClient.open(path, api.userToken + "x", null);
            assertEquals(401, forged.status, path);
        }
        SseClient coordinator = SseClient.open("/api/runner-jobs/stream", JobsApi.coordinatorToken(), null);
        assertEquals(403, coordinator.status);
    }

    @Test
    void aGarbledLastEventIdIsABadRequest() {
        SseClient garbled = SseClient.open("/api/runner-jobs/stream", api.userToken, "yesterday");
        assertEquals(400, garbled.status);
        assertTrue(garbled.errorBody.contains("Last-Event-ID"), garbled.errorBody);
        SseClient missing = SseClient.open("/api/runner-jobs/" + UUID.randomUUID() + "/events/stream", api.userToken, null);
        assertEquals(404, missing.status);
    }

    @Test
    void anIdleStreamSendsAHeartbeat() {
        try (SseClient idle = SseClient.open("/api/runner-jobs/stream", api.userToken, null)) {
            assertEquals("ready", idle.nextEvent(WAIT).event());
            Message heartbeat = idle.next(Duration.ofSeconds(5));
            assertTrue(heartbeat.isComment(), "a comment, not an event: " + heartbeat);
            assertEquals("keep-alive", heartbeat.comment());
        }
    }

    /** 8 streams of three callers (3, 3 and 2: each within its own limit) fill the replica. */
    @Test
    void beyondTheReplicasLimitAStreamIsRefusedWith503AndRetryAfter() {
        JobsApi second = new JobsApi();
        JobsApi third = new JobsApi();
        List<SseClient> open = new ArrayList<>();
        try {
            for (JobsApi caller : List.of(api, api, api, second, second, second, third, third)) {
                open.add(openStream(caller.userToken));
            }
            await().atMost(WAIT).until(() -> Metrics.gauge("mosaic_jobs_live_streams") == 8);
            SseClient ninth = SseClient.open("/api/runner-jobs/stream", third.userToken, null);
            open.add(ninth);
            assertRefused(ninth, 503, "urn:mosaic:problem:service-unavailable");
        } finally {
            open.forEach(SseClient::close);
        }
    }

    /**
     * One caller holds at most 3 streams at once (the test profile's limit, below the replica's 8), counted by the
     * token's subject: another session's token shares the count. One more, of either kind, is a 429 problem with
     * Retry-After, while another caller still opens theirs; once the first caller closes one, it opens one again.
     */
    @Test
    void beyondItsOwnLimitACallerIsRefusedWith429WhileOthersStillOpenStreams() {
        String otherSession = api.signInAgain();
        String job = api.createJob();
        JobsApi other = new JobsApi();
        double refused = Metrics.counter("mosaic_jobs_live_refusals_total", "limit", "caller");
        List<SseClient> open = new ArrayList<>();
        try {
            for (String token : List.of(api.userToken, api.userToken, otherSession)) {
                open.add(openStream(token));
            }
            for (String token : List.of(api.userToken, otherSession)) {
                for (String path : List.of("/api/runner-jobs/stream", "/api/runner-jobs/" + job + "/events/stream")) {
                    SseClient fourth = SseClient.open(path, token, null);
                    open.add(fourth);
                    assertRefused(fourth, 429, "urn:mosaic:problem:too-many-streams");
                    assertTrue(new JsonPath(fourth.errorBody).getString("detail").contains("3 live streams"),
                            fourth.errorBody);
                }
            }
            assertEquals(refused + 4, Metrics.counter("mosaic_jobs_live_refusals_total", "limit", "caller"));
            open.add(openStream(other.userToken));

            open.remove(0).close();
            await().atMost(WAIT).until(() -> {
                SseClient again = SseClient.open("/api/runner-jobs/" + job + "/events/stream", otherSession, null);
                if (again.status != 200) {
                    assertEquals(429, again.status, again.errorBody);
                    return false;
                }
                open.add(again);
                return true;
            });
            assertEquals("ready", open.get(open.size() - 1).nextEvent(WAIT).event());
        } finally {
            open.forEach(SseClient::close);
        }
    }

    /** Refused before the stream started: {@code status}, a problem of {@code type}, and when to try again. */
    private static void assertRefused(SseClient refused, int status, String type) {
        assertEquals(status, refused.status, refused.errorBody);
        assertTrue(refused.contentType.startsWith("application/problem+json"), refused.contentType);
        assertEquals(type, new JsonPath(refused.errorBody).getString("type"));
        assertEquals(StreamLimits.RETRY_AFTER_SECONDS, refused.retryAfter);
    }

    private static SseClient openStream(String token) {
        SseClient stream = SseClient.open("/api/runner-jobs/stream", token, null);
        assertEquals(200, stream.status, stream.errorBody);
        return stream;
    }

    /** Create, claim, RUNNING, progress 30, 60, 90, complete: the coordinator's real calls. */
    static String drive(JobsApi api) {
        String id = api.runningJob();
        for (int percent : List.of(30, 60, 90)) {
            api.asCoordinatorOf(id).body(Map.of("progressPercent", percent))
                    .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
        }
        api.asCoordinatorOf(id).body(Map.of("result", Map.of("frames", 24)))
                .post("/api/coordinator/jobs/" + id + "/complete").then().statusCode(200);
        return id;
    }

    static JsonPath json(Message event) {
        return new JsonPath(event.data());
    }

    static void assertIncreasingIds(long after, List<Message> events) {
        long previous = after;
        for (Message event : events) {
            assertTrue(event.idAsLong() > previous, "ids increase: " + event.id() + " after " + previous);
            previous = event.idAsLong();
        }
    }
}
