package dev.mosaic.jobs.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProgressRaceTest {
    private final JobsApi api = new JobsApi();

    @Test
    void racingProgressUpdatesNeverLoseTheHighestAcknowledgedValue() throws Exception {
        String id = api.runningJob();
        double conflictsBefore = Metrics.counter("mosaic_jobs_conflicts_total", "updateProgress");
        double retriesBefore = Metrics.counter("mosaic_jobs_retries_total", "updateProgress");
        double exhaustedBefore = Metrics.counter("mosaic_jobs_retries_exhausted_total", "updateProgress");

        // 64 distinct values 1..64 (in a shuffled order) from 16 threads on one job.
        List<Integer> values = new ArrayList<>();
        for (int i = 1; i <= 64; i++) {
            values.add(i);
        }
        java.util.Collections.shuffle(values, new java.util.Random(42));
        List<HttpResponse<String>> answers = ConcurrentCalls.race(64, 16, i -> ConcurrentCalls.post(
                "/api/coordinator/jobs/" + id + "/progress",
                "{\"progressPercent\":" + values.get(i) + "}", api.coordinatorHeaders(id)));

        Set<Integer> acknowledged = new HashSet<>();
        int conflicts409 = 0;
        for (int i = 0; i < answers.size(); i++) {
            int status = answers.get(i).statusCode();
            assertTrue(status == 200 || status == 409, "only 200 or 409, got " + status + ": " + answers.get(i).body());
            if (status == 200) {
                acknowledged.add(values.get(i));
            } else {
                conflicts409++;
                assertTrue(answers.get(i).headers().firstValue("Retry-After").isPresent(), "409 says when to retry");
            }
        }
        assertTrue(!acknowledged.isEmpty(), "some updates were acknowledged");
        int highest = acknowledged.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(highest, api.job(id).getInt("progressPercent"), "the highest acknowledged value is stored");

        List<Integer> progressEvents = api.events(id).stream()
                .filter(event -> "PROGRESS".equals(event.get("type")))
                .map(event -> (Integer) event.get("progressPercent"))
                .toList();
        for (int i = 1; i < progressEvents.size(); i++) {
            assertTrue(progressEvents.get(i) > progressEvents.get(i - 1), "progress never goes down: " + progressEvents);
        }
        assertTrue(acknowledged.containsAll(progressEvents), "every event is an acknowledged change: " + progressEvents);
        assertEquals(highest, progressEvents.get(progressEvents.size() - 1), "the last event is the stored value");
        assertEquals(Set.copyOf(progressEvents).size(), progressEvents.size(), "one event per change");

        System.out.printf("[ProgressRaceTest] 64 updates / 16 threads: %d acknowledged, %d x 409, %d progress events;"
                        + " conflicts=%.0f retries=%.0f retriesExhausted=%.0f%n",
                acknowledged.size(), conflicts409, progressEvents.size(),
                Metrics.counter("mosaic_jobs_conflicts_total", "updateProgress") - conflictsBefore,
                Metrics.counter("mosaic_jobs_retries_total", "updateProgress") - retriesBefore,
                Metrics.counter("mosaic_jobs_retries_exhausted_total", "updateProgress") - exhaustedBefore);
        assertEquals(conflicts409, (int) (Metrics.counter("mosaic_jobs_retries_exhausted_total", "updateProgress")
                - exhaustedBefore), "every 409 is a counted exhaustion");
    }

    /**
     * The hot path without Idempotency-Key is one statement in autocommit, without retries: racing
     * writers queue on the row lock, and each is either written (its answer shows its own value)
     * or answered with the higher value that beat it. The events are exactly the written ones.
     */
    @Test
    void racingWritersWithoutKeysAreEachWrittenOrBeatenNeverLost() throws Exception {
        String id = api.runningJob();
        int versionBefore = api.job(id).getInt("version");
        List<Integer> values = new ArrayList<>();
        for (int i = 1; i <= 96; i++) {
            values.add(i);
        }
        java.util.Collections.shuffle(values, new java.util.Random(7));
        List<HttpResponse<String>> answers = ConcurrentCalls.race(values.size(), 24, i -> ConcurrentCalls.post(
                "/api/coordinator/jobs/" + id + "/progress",
                "{\"progressPercent\":" + values.get(i) + "}", api.coordinatorHeaders(id)));

        Set<Integer> written = new HashSet<>();
        int highestAnswered = 0;
        for (int i = 0; i < answers.size(); i++) {
            assertEquals(200, answers.get(i).statusCode(), "nothing to retry, so no conflict: " + answers.get(i).body());
            int answered = JsonPath.from(answers.get(i).body()).getInt("progressPercent");
            assertTrue(answered >= values.get(i), "an answer never shows less than was sent");
            if (answered == values.get(i)) {
                written.add(answered);
            }
            highestAnswered = Math.max(highestAnswered, answered);
        }
        assertEquals(96, highestAnswered);
        assertEquals(highestAnswered, api.job(id).getInt("progressPercent"), "the highest acknowledged value is stored");

        List<Integer> progressEvents = api.events(id).stream()
                .filter(event -> "PROGRESS".equals(event.get("type")))
                .map(event -> (Integer) event.get("progressPercent"))
                .toList();
        assertEquals(written, Set.copyOf(progressEvents), "the events are exactly the acknowledged writes");
        assertEquals(written.size(), progressEvents.size(), "one event per write");
        for (int i = 1; i < progressEvents.size(); i++) {
            assertTrue(progressEvents.get(i) > progressEvents.get(i - 1), "progress never goes down: " + progressEvents);
        }
        assertEquals(versionBefore + written.size(), api.job(id).getInt("version"), "one version per write");
    }

    @Test
    void fourWritersOnOneJobNeverSeeAConflict() throws Exception {
        String id = api.runningJob();
        // Four coordinators' threads, ten updates each, values interleaved 1..40.
        List<HttpResponse<String>> answers = ConcurrentCalls.race(40, 4, i -> ConcurrentCalls.post(
                "/api/coordinator/jobs/" + id + "/progress",
                "{\"progressPercent\":" + (i + 1) + "}", api.coordinatorHeaders(id)));

        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body());
        }
        assertEquals(40, api.job(id).getInt("progressPercent"));
        Map<String, Object> last = api.events(id).get(api.events(id).size() - 1);
        assertEquals(40, last.get("progressPercent"));
    }
}
