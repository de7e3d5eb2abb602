package dev.mosaic.jobs.coordinator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A claim repeated with its {@code Idempotency-Key} after its answer was lost gets the same jobs under new
 * tokens, with no attempt counted and nothing more claimed; jobs whose lease moved on meanwhile are left out;
 * a key is one call of one caller; and repeats racing the sweep, a rival's claim and a user's cancel leave
 * every job with at most one live token and every attempt counted once.
 */
@QuarkusTest
class RepeatedClaimTest {
    private static final String CLAIM = "/api/coordinator/jobs/claim";
    private static final String KEY = "Idempotency-Key";
    private final JobsApi api = new JobsApi();

    @Inject
    Pool database;

    @Test
    void aRepeatGetsTheSameJobsUnderNewTokensAndOnlyTheNewOnesWork() {
        String type = JobsApi.uniqueType();
        List<String> ids = List.of(create(type, 1), create(type, 1));
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("types", List.of(type), "max", 5, "waitSeconds", 30);
        Map<String, String> lost = tokens(claim(key, request).then().statusCode(200).extract().jsonPath());

        JsonPath repeat = claim(key, request).then().statusCode(200).extract().jsonPath();

        Map<String, String> reissued = tokens(repeat);
        assertEquals(Set.copyOf(ids), lost.keySet());
        assertEquals(lost.keySet(), reissued.keySet(), "the same jobs, nothing more claimed");
        assertEquals(List.of("QUEUED", "QUEUED"), repeat.getList("jobs.job.status"));
        assertEquals(List.of("coordinator", "coordinator"), repeat.getList("jobs.lease.holder"));
        for (String id : ids) {
            assertNotEquals(lost.get(id), reissued.get(id), "a new token");
            assertEquals(epoch(lost.get(id)), epoch(reissued.get(id)), "of the same claim");
            leaseLost(lost.get(id), id, "heartbeat", null);
            leaseLost(lost.get(id), id, "status", Map.of("status", "RUNNING"));
            write(reissued.get(id), id, "heartbeat", null).then().statusCode(200);
            write(reissued.get(id), id, "status", Map.of("status", "RUNNING")).then().statusCode(200);
            leaseLost(lost.get(id), id, "progress", Map.of("progressPercent", 50));
            write(reissued.get(id), id, "progress", Map.of("progressPercent", 50)).then().statusCode(200);
            write(reissued.get(id), id, "complete", Map.of("result", Map.of("frames", 24))).then().statusCode(200)
                    .body("status", equalTo("COMPLETED")).body("attempt", equalTo(1));
            assertEquals(List.of("CREATED", "CLAIMED", "STATUS_CHANGED", "PROGRESS", "COMPLETED"), eventTypes(id),
                    "claimed once; the re-issue is no event");
        }

        Instant start = Instant.now();
        claim(key, request).then().statusCode(200).body("jobs.size()", equalTo(0));
        assertTrue(Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(20)) < 0,
                "a repeat with nothing left answers at once instead of waiting its 30 s for more");
    }

    @Test
    void aRepeatLeavesOutTheJobsWhoseLeaseExpiredOrWhichWereCancelled() {
        String type = JobsApi.uniqueType();
        String kept = create(type, 3);
        String expired = create(type, 3);
        String cancelled = create(type, 3);
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("types", List.of(type), "max", 3, "leaseSeconds", 60);
        Map<String, String> lost = tokens(claim(key, request).then().statusCode(200).extract().jsonPath());
        assertEquals(Set.of(kept, expired, cancelled), lost.keySet());
        // The lease of one job runs out (its end moved to the database's now), and the sweep takes it back.
        database.preparedQuery("UPDATE runner_jobs SET lease_expires_at = now() WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(expired))).await().indefinitely();
        await().atMost(Duration.ofSeconds(10)).until(() -> "PENDING".equals(api.job(expired).getString("status")));
        api.asUser().post("/api/runner-jobs/" + cancelled + "/cancel").then().statusCode(200);

        Map<String, String> reissued = tokens(claim(key, request).then().statusCode(200).extract().jsonPath());

        assertEquals(Set.of(kept), reissued.keySet());
        write(reissued.get(kept), kept, "status", Map.of("status", "RUNNING")).then().statusCode(200);
        JsonPath takenBack = api.job(expired);
        assertEquals("PENDING", takenBack.getString("status"));
        assertEquals(2, takenBack.getInt("attempt"), "the expiry counted its attempt, once");
        assertEquals(List.of("CREATED", "CLAIMED", "LEASE_EXPIRED"), eventTypes(expired));
        api.asCoordinator().get("/api/coordinator/jobs/" + expired).then().statusCode(200).body("lease", nullValue());
        leaseLost(lost.get(expired), expired, "heartbeat", null);
        assertEquals("CANCELLED", api.job(cancelled).getString("status"));
        assertEquals(1, api.job(cancelled).getInt("attempt"));
        api.asCoordinator().get("/api/coordinator/jobs/" + cancelled).then().statusCode(200).body("lease", nullValue());
    }

    @Test
    void theKeyWithAnotherRequestIsRefusedAndAnotherCallersKeyIsItsOwn() {
        String type = JobsApi.uniqueType();
        String first = create(type, 3);
        String second = create(type, 3);
        String key = UUID.randomUUID().toString();
        Map<String, String> claimed = tokens(claim(key, Map.of("types", List.of(type))).then().statusCode(200)
                .extract().jsonPath());
        assertEquals(Set.of(first), claimed.keySet());

        claim(key, Map.of("types", List.of(type), "max", 2)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:idempotency-key-reused"));

        write(claimed.get(first), first, "heartbeat", null).then().statusCode(200);
        assertEquals("PENDING", api.job(second).getString("status"), "the refused repeat claimed nothing");
        api.asRival().header(KEY, key).body(Map.of("types", List.of(type))).post(CLAIM).then().statusCode(200)
                .body("jobs.size()", equalTo(1))
                .body("jobs[0].job.id", equalTo(second))
                .body("jobs[0].lease.holder", equalTo("rival"));
        write(claimed.get(first), first, "heartbeat", null).then().statusCode(200);
    }

    @Test
    void aKeyNamesOneCallWhetherAClaimOrAWrite() {
        String running = api.runningJob();
        String writeKey = UUID.randomUUID().toString();
        api.asCoordinatorOf(running).header(KEY, writeKey).body(Map.of("progressPercent", 10))
                .post("/api/coordinator/jobs/" + running + "/progress").then().statusCode(200);
        String type = JobsApi.uniqueType();
        String pending = create(type, 3);

        claim(writeKey, Map.of("types", List.of(type))).then().statusCode(422)
                .body("type", equalTo("urn:mosaic:problem:idempotency-key-reused"));
        assertEquals("PENDING", api.job(pending).getString("status"));

        String claimKey = UUID.randomUUID().toString();
        claim(claimKey, Map.of("types", List.of(type))).then().statusCode(200).body("jobs[0].job.id", equalTo(pending));
        api.asCoordinatorOf(running).header(KEY, claimKey).body(Map.of("progressPercent", 20))
                .post("/api/coordinator/jobs/" + running + "/progress").then().statusCode(422)
                .body("type", equalTo("urn:mosaic:problem:idempotency-key-reused"));
        assertEquals(10, api.job(running).getInt("progressPercent"));
    }

    @Test
    void aClaimThatFoundNothingIsNotRememberedSoItsRepeatClaimsAfresh() {
        String type = JobsApi.uniqueType();
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("types", List.of(type));
        claim(key, request).then().statusCode(200).body("jobs.size()", equalTo(0));
        assertEquals(0, remembered(key));

        String id = create(type, 3);

        claim(key, request).then().statusCode(200).body("jobs.size()", equalTo(1)).body("jobs[0].job.id", equalTo(id));
        assertEquals(1, remembered(key));
    }

    @Test
    void ofTwoRequestsWithOneKeyWaitingAtOnceOneClaimsAndTheOtherIsToldToRepeat() throws Exception {
        String type = JobsApi.uniqueType();
        String key = UUID.randomUUID().toString();
        String body = "{\"types\":[\"" + type + "\"],\"waitSeconds\":10}";
        String[] headers = withKey(api.coordinatorHeaders(), key);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double waitingBefore = Metrics.gauge("mosaic_jobs_claims_waiting");
        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 2)
                .mapToObj(i -> http.sendAsync(ConcurrentCalls.post(CLAIM, body, headers), HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.gauge("mosaic_jobs_claims_waiting") >= waitingBefore + 2);

        String id = create(type, 1);

        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : inFlight) {
            answers.add(answer.get(30, TimeUnit.SECONDS));
        }
        answers.sort((a, b) -> Integer.compare(a.statusCode(), b.statusCode()));
        assertEquals(List.of(200, 409), answers.stream().map(HttpResponse::statusCode).toList(), answers.toString());
        JsonPath claimed = JsonPath.from(answers.get(0).body());
        assertEquals(List.of(id), claimed.getList("jobs.job.id"));
        JsonPath toldToRepeat = JsonPath.from(answers.get(1).body());
        assertEquals("urn:mosaic:problem:concurrent-update", toldToRepeat.getString("type"));
        assertTrue(answers.get(1).headers().firstValue("Retry-After").isPresent(), "repeat after Retry-After");

        api.asCoordinator().header(KEY, key).body(body).post(CLAIM).then().statusCode(200)
                .body("jobs.size()", equalTo(1))
                .body("jobs[0].job.id", equalTo(id))
                .body("jobs[0].job.attempt", equalTo(1))
                .body("jobs[0].lease.token", notNullValue());
        assertEquals(List.of("CREATED", "CLAIMED"), eventTypes(id));
    }

    @Test
    void requestsWithOneKeyAtOnceClaimOneJobAndLeaveTheOthersPending() throws Exception {
        String type = JobsApi.uniqueType();
        List<String> ids = IntStream.range(0, 6).mapToObj(i -> create(type, 1)).toList();
        String key = UUID.randomUUID().toString();
        String[] headers = withKey(api.coordinatorHeaders(), key);

        List<HttpResponse<String>> answers = ConcurrentCalls.race(6, 6,
                i -> ConcurrentCalls.post(CLAIM, "{\"types\":[\"" + type + "\"]}", headers));

        Set<String> answeredJobs = new HashSet<>();
        Map<String, Set<String>> handedOut = new HashMap<>();
        int toldToRepeat = 0;
        for (HttpResponse<String> answer : answers) {
            JsonPath body = JsonPath.from(answer.body());
            if (answer.statusCode() == 409) {
                assertEquals("urn:mosaic:problem:concurrent-update", body.getString("type"), answer.body());
                assertTrue(answer.headers().firstValue("Retry-After").isPresent());
                toldToRepeat++;
            } else {
                assertEquals(200, answer.statusCode(), answer.body());
                tokens(body).forEach((id, token) -> {
                    answeredJobs.add(id);
                    handedOut.computeIfAbsent(id, any -> new HashSet<>()).add(token);
                });
            }
        }
        assertEquals(1, answeredJobs.size(), "every answer names the one job claimed: " + answers);
        String claimed = answeredJobs.iterator().next();
        assertOneLiveTokenAtMost(List.of(claimed), handedOut, Map.of(claimed, handedOut.get(claimed).iterator().next()));
        for (String id : ids) {
            assertEquals(id.equals(claimed) ? "QUEUED" : "PENDING", api.job(id).getString("status"),
                    "a claim that lost the key's race took nothing");
            assertEquals(id.equals(claimed) ? List.of("CREATED", "CLAIMED") : List.of("CREATED"), eventTypes(id));
        }
        System.out.printf("[RepeatedClaimTest] of 6 requests with one key at once, %d were told to repeat%n",
                toldToRepeat);
    }

    /**
     * Round after round, four jobs are claimed under a one-second lease, and about when the lease runs out three
     * repeats of the claim meet the sweep (every second here), a rival's claim (which takes back expired
     * leases first) and a user's cancel of one job; then one more repeat, once the cancel is done. Whoever
     * wins each job, the database must show the lease of exactly one token handed out (none once the lease
     * ended), the claim's epoch, one CLAIMED event, and in the end each attempt counted once.
     */
    @Test
    void repeatsRacingTheSweepARivalsClaimAndACancelLeaveOneLiveTokenAndEveryAttemptCountedOnce() throws Exception {
        String rivalType = JobsApi.uniqueType();
        String[] rivalHeaders = {"Authorization", "Bearer " + JobsApi.rivalToken(), "Content-Type", "application/json"};
        List<String> allJobs = new ArrayList<>();
        Set<String> cancelledJobs = new HashSet<>();
        int reissued = 0;
        int leftOut = 0;
        for (int round = 0; round < 5; round++) {
            String type = JobsApi.uniqueType();
            List<String> ids = IntStream.range(0, 4).mapToObj(i -> create(type, 2)).toList();
            String key = UUID.randomUUID().toString();
            String body = "{\"types\":[\"" + type + "\"],\"max\":4,\"leaseSeconds\":1}";
            String[] repeatHeaders = withKey(api.coordinatorHeaders(), key);
            JsonPath first = api.asCoordinator().header(KEY, key).body(body).post(CLAIM).then().statusCode(200)
                    .extract().jsonPath();
            Map<String, String> firstTokens = tokens(first);
            assertEquals(Set.copyOf(ids), firstTokens.keySet());
            Map<String, Set<String>> handedOut = new HashMap<>();
            firstTokens.forEach((id, token) -> handedOut.computeIfAbsent(id, any -> new HashSet<>()).add(token));
            String cancelled = ids.get(round % ids.size());
            // Each round starts the burst at another point around the lease's end, from 300 ms before to
            // 300 ms after, so that the repeats win some jobs and find others taken back.
            Instant burst = Instant.parse(first.getString("jobs[0].lease.expiresAt")).minusMillis(300 - 150 * round);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !Instant.now().isBefore(burst));

            List<HttpResponse<String>> answers = ConcurrentCalls.race(5, 5, i -> switch (i) {
                case 0, 1, 2 -> ConcurrentCalls.post(CLAIM, body, repeatHeaders);
                case 3 -> ConcurrentCalls.post(CLAIM, "{\"types\":[\"" + rivalType + "\"],\"max\":100}", rivalHeaders);
                default -> ConcurrentCalls.post("/api/runner-jobs/" + cancelled + "/cancel", "{}", api.userHeaders());
            });
            answers.forEach(answer -> assertEquals(200, answer.statusCode(), answer.body()));
            assertEquals(List.of(), JsonPath.from(answers.get(3).body()).getList("jobs"), "the rival's type has no jobs");
            cancelledJobs.add(cancelled);
            List<String> repeats = new ArrayList<>(answers.subList(0, 3).stream().map(HttpResponse::body).toList());
            repeats.add(api.asCoordinator().header(KEY, key).body(body).post(CLAIM).then().statusCode(200)
                    .extract().asString());

            for (String repeat : repeats) {
                Map<String, String> tokens = tokens(JsonPath.from(repeat));
                reissued += tokens.size();
                leftOut += ids.size() - tokens.size();
                tokens.forEach((id, token) -> {
                    assertTrue(ids.contains(id), "only the claim's own jobs: " + repeat);
                    handedOut.get(id).add(token);
                });
            }
            assertOneLiveTokenAtMost(ids, handedOut, firstTokens);
            for (String repeat : repeats) {
                JsonPath answer = JsonPath.from(repeat);
                assertEquals(List.of(), answer.getList("jobs.job.status").stream().filter(s -> !"QUEUED".equals(s)).toList(),
                        "only jobs still held: " + repeat);
                tokens(answer).forEach((id, token) ->
                        assertEquals(epoch(firstTokens.get(id)), epoch(token), "the claim's epoch, no new claim"));
            }
            allJobs.addAll(ids);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> heldCount(allJobs) == 0);
        for (String id : allJobs) {
            JsonPath job = api.job(id);
            List<Map<String, Object>> events = api.events(id);
            long claimedEvents = events.stream().filter(event -> "CLAIMED".equals(event.get("type"))).count();
            List<Map<String, Object>> expiries = events.stream()
                    .filter(event -> "LEASE_EXPIRED".equals(event.get("type"))).toList();
            assertEquals(1, claimedEvents, "claimed once: " + events);
            assertTrue(expiries.size() <= 1, "taken back at most once: " + events);
            int expectedAttempt = 1 + (int) expiries.stream().filter(e -> "PENDING".equals(e.get("toStatus"))).count();
            assertEquals(expectedAttempt, job.getInt("attempt"), "each attempt counted once: " + events);
            String expectedStatus = cancelledJobs.contains(id) ? "CANCELLED" : "PENDING";
            assertEquals(expectedStatus, job.getString("status"), "events: " + events);
            expiries.forEach(expiry -> assertEquals(1, ((Map<?, ?>) expiry.get("data")).get("attempt")));
        }
        System.out.printf("[RepeatedClaimTest] racing repeats re-issued %d leases and left out %d jobs%n",
                reissued, leftOut);
    }

    /**
     * The database's lease of each job is the lease of exactly one token handed out (the first claim's or a
     * repeat's), under the claim's epoch; a job no longer held has none.
     */
    private void assertOneLiveTokenAtMost(List<String> ids, Map<String, Set<String>> handedOut,
            Map<String, String> firstTokens) {
        for (Row row : database.preparedQuery("SELECT id, status, lease_epoch, lease_holder, lease_secret_hash "
                        + "FROM runner_jobs WHERE id = ANY($1)")
                .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().indefinitely()) {
            String id = row.getUUID("id").toString();
            String status = row.getString("status");
            byte[] liveHash = row.getBuffer("lease_secret_hash") == null ? null
                    : row.getBuffer("lease_secret_hash").getBytes();
            long live = handedOut.get(id).stream().filter(token -> liveHash != null
                    && Arrays.equals(liveHash, Sha256.of(token.substring(token.indexOf('.') + 1)))).count();
            if (status.equals("QUEUED")) {
                assertEquals(1, live, id + ": the live lease is one token handed out");
                assertEquals(epoch(firstTokens.get(id)), row.getLong("lease_epoch"));
                assertEquals("coordinator", row.getString("lease_holder"));
            } else {
                assertNull(liveHash, id + " is " + status + ", with no lease");
                assertNull(row.getString("lease_holder"));
            }
        }
    }

    private long heldCount(List<String> ids) {
        return database.preparedQuery("SELECT count(*) FROM runner_jobs WHERE id = ANY($1) "
                        + "AND (status IN ('QUEUED', 'RUNNING') OR lease_secret_hash IS NOT NULL)")
                .execute(Tuple.of(ids.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private long remembered(String key) {
        return database.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = $1")
                .execute(Tuple.of(key)).await().indefinitely().iterator().next().getLong(0);
    }

    private String create(String type, int maxAttempts) {
        return api.asUser().body(Map.of("type", type, "maxAttempts", maxAttempts)).post("/api/runner-jobs")
                .then().statusCode(201).extract().path("id");
    }

    private Response claim(String key, Map<String, Object> request) {
        return api.asCoordinator().header(KEY, key).body(request).post(CLAIM);
    }

    private Response write(String lease, String id, String call, Map<String, Object> body) {
        var request = api.asCoordinator().header(JobsApi.LEASE_HEADER, lease);
        return (body == null ? request : request.body(body)).post("/api/coordinator/jobs/" + id + "/" + call);
    }

    private void leaseLost(String lease, String id, String call, Map<String, Object> body) {
        write(lease, id, call, body).then().statusCode(409)
                .body("type", equalTo("urn:mosaic:problem:lease-lost"));
    }

    /** Job id → lease token, in the answer's order. */
    private static Map<String, String> tokens(JsonPath claimed) {
        Map<String, String> tokens = new LinkedHashMap<>();
        List<String> ids = claimed.getList("jobs.job.id");
        List<String> leases = claimed.getList("jobs.lease.token");
        for (int i = 0; i < ids.size(); i++) {
            tokens.put(ids.get(i), leases.get(i));
        }
        return tokens;
    }

    private static long epoch(String token) {
        return Long.parseLong(token.substring(0, token.indexOf('.')));
    }

    private List<String> eventTypes(String id) {
        return api.events(id).stream().map(event -> (String) event.get("type")).toList();
    }

    private static String[] withKey(String[] headers, String key) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = KEY;
        all[headers.length + 1] = key;
        return all;
    }
}
