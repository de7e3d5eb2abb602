package dev.mosaic.jobs.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Eight coordinators (two clients, four threads each) claim from 500 PENDING jobs at once, each
 * asking for 1 to 10 at a time, until the queue is empty: SKIP LOCKED must hand every job to
 * exactly one of them.
 */
@QuarkusTest
class ClaimRaceTest {
    private static final int JOBS = 500;
    private static final int COORDINATORS = 8;
    private final JobsApi api = new JobsApi();

    @Inject
    Pool database;

    @Test
    void racingCoordinatorsClaimEveryJobExactlyOnceInPriorityOrder() throws Exception {
        String type = JobsApi.uniqueType();
        Random random = new Random(7);
        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            priorities.add(random.nextInt(101));
        }
        List<HttpResponse<String>> created = ConcurrentCalls.race(JOBS, 8, i -> ConcurrentCalls.post(
                "/api/runner-jobs", "{\"type\":\"" + type + "\",\"priority\":" + priorities.get(i) + "}",
                api.userHeaders()));
        created.forEach(answer -> assertEquals(201, answer.statusCode(), answer.body()));

        List<List<Map<String, Object>>> claims = claimUntilEmpty(type);

        Map<String, Integer> timesClaimed = new HashMap<>();
        for (List<Map<String, Object>> claim : claims) {
            for (int i = 0; i < claim.size(); i++) {
                timesClaimed.merge((String) claim.get(i).get("id"), 1, Integer::sum);
                if (i > 0) {
                    assertTrue(comesFirst(claim.get(i - 1), claim.get(i)),
                            "a claim answers highest priority first, then oldest: " + claim);
                }
            }
        }
        assertEquals(JOBS, timesClaimed.size(), "every job was claimed");
        assertTrue(timesClaimed.values().stream().allMatch(times -> times == 1), "no job was claimed twice");
        long claimedEvents = database.preparedQuery("SELECT count(*) FROM job_events e JOIN runner_jobs j "
                        + "ON j.id = e.job_id WHERE j.type = $1 AND e.type = 'CLAIMED'")
                .execute(Tuple.of(type)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(JOBS, claimedEvents, "one CLAIMED event per job");
        System.out.printf("[ClaimRaceTest] %d jobs claimed by %d coordinators in %d claims%n",
                timesClaimed.size(), COORDINATORS, claims.stream().filter(claim -> !claim.isEmpty()).count());
    }

    /** Each coordinator claims until it gets nothing; every answer must be 200. */
    private List<List<Map<String, Object>>> claimUntilEmpty(String type) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(COORDINATORS);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<List<List<Map<String, Object>>>>> coordinators = new ArrayList<>();
            for (int c = 0; c < COORDINATORS; c++) {
                String token = c % 2 == 0 ? JobsApi.coordinatorToken() : JobsApi.rivalToken();
                Random sizes = new Random(c);
                coordinators.add(pool.submit(() -> {
                    gate.await();
                    List<List<Map<String, Object>>> mine = new ArrayList<>();
                    while (true) {
                        HttpResponse<String> answer = client.send(claimRequest(token, type, 1 + sizes.nextInt(10)),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, answer.statusCode(), answer.body());
                        List<Map<String, Object>> jobs = JsonPath.from(answer.body()).getList("jobs.job");
                        if (jobs.isEmpty()) {
                            return mine;
                        }
                        mine.add(jobs);
                    }
                }));
            }
            gate.countDown();
            List<List<Map<String, Object>>> all = new ArrayList<>();
            for (Future<List<List<Map<String, Object>>>> coordinator : coordinators) {
                all.addAll(coordinator.get(120, TimeUnit.SECONDS));
            }
            return Collections.unmodifiableList(all);
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpRequest claimRequest(String token, String type, int max) {
        return HttpRequest.newBuilder(URI.create(ConcurrentCalls.baseUrl() + "/api/coordinator/jobs/claim"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"types\":[\"" + type + "\"],\"max\":" + max + "}"))
                .build();
    }

    private static boolean comesFirst(Map<String, Object> earlier, Map<String, Object> later) {
        int byPriority = Integer.compare((Integer) later.get("priority"), (Integer) earlier.get("priority"));
        if (byPriority != 0) {
            return byPriority < 0;
        }
        return !Instant.parse((String) earlier.get("createdAt")).isAfter(Instant.parse((String) later.get("createdAt")));
    }
}
