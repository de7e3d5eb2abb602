package dev.mosaic.jobs.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CompletionRaceTest {
    private final JobsApi api = new JobsApi();

    @Test
    void ofTwentyRacingCompletionsExactlyOneWinsAndItsResultStays() throws Exception {
        String id = api.runningJob();
        List<HttpResponse<String>> answers = ConcurrentCalls.race(20, 20, i -> ConcurrentCalls.post(
                "/api/coordinator/jobs/" + id + "/complete",
                "{\"result\":{\"writer\":" + i + "}}", api.coordinatorHeaders(id)));

        List<HttpResponse<String>> winners = answers.stream().filter(a -> a.statusCode() == 200).toList();
        assertEquals(1, winners.size(), "exactly one completion wins");
        assertEquals(19, answers.stream().filter(a -> a.statusCode() == 409).count(), "the others get 409");
        answers.stream().filter(a -> a.statusCode() == 409).forEach(loser -> {
            JsonPath problem = JsonPath.from(loser.body());
            assertEquals("COMPLETED", problem.getString("currentStatus"));
            assertEquals("application/problem+json", loser.headers().firstValue("Content-Type").orElseThrow());
        });

        int winner = JsonPath.from(winners.get(0).body()).getInt("result.writer");
        JsonPath stored = api.job(id);
        assertEquals("COMPLETED", stored.getString("status"));
        assertEquals(winner, stored.getInt("result.writer"), "the stored result is the winner's");
        assertEquals(1, api.events(id).stream().filter(e -> "COMPLETED".equals(e.get("type"))).count());
    }

    @Test
    void completeRacingCancelAlwaysEndsInExactlyOneTerminalStateThatTheTimelineExplains() throws Exception {
        double conflictsBefore = Metrics.counter("mosaic_jobs_conflicts_total", "cancel");
        double retriesBefore = Metrics.counter("mosaic_jobs_retries_total", "cancel");
        double exhaustedBefore = Metrics.counter("mosaic_jobs_retries_exhausted_total", "cancel");
        int completions = 0;
        int cancellations = 0;
        for (int round = 0; round < 50; round++) {
            String id = api.runningJob();
            HttpRequest complete = ConcurrentCalls.post("/api/coordinator/jobs/" + id + "/complete",
                    "{\"result\":{\"round\":" + round + "}}", api.coordinatorHeaders(id));
            HttpRequest cancel = ConcurrentCalls.post("/api/runner-jobs/" + id + "/cancel",
                    "{\"reason\":\"changed my mind\"}", api.userHeaders());
            List<HttpResponse<String>> answers = ConcurrentCalls.race(2, 2, i -> i == 0 ? complete : cancel);

            int completeStatus = answers.get(0).statusCode();
            int cancelStatus = answers.get(1).statusCode();
            assertTrue((completeStatus == 200 && cancelStatus == 409) || (completeStatus == 409 && cancelStatus == 200),
                    "round " + round + ": exactly one wins, got complete=" + completeStatus + " cancel=" + cancelStatus
                            + " " + answers.get(0).body() + " " + answers.get(1).body());
            String expected = completeStatus == 200 ? "COMPLETED" : "CANCELLED";
            if (completeStatus == 200) {
                completions++;
            } else {
                cancellations++;
            }

            assertEquals(expected, api.job(id).getString("status"), "round " + round);
            List<Map<String, Object>> timeline = api.events(id);
            List<Object> terminalEvents = timeline.stream().map(e -> e.get("type"))
                    .filter(type -> "COMPLETED".equals(type) || "CANCELLED".equals(type)).toList();
            assertEquals(List.of(expected), terminalEvents, "round " + round + ": one terminal event");
            assertEquals(expected, timeline.get(timeline.size() - 1).get("toStatus"), "the last event is the row");
        }
        System.out.printf("[CompletionRaceTest] complete vs cancel x50: %d completed, %d cancelled;"
                        + " cancel conflicts=%.0f retries=%.0f retriesExhausted=%.0f%n", completions, cancellations,
                Metrics.counter("mosaic_jobs_conflicts_total", "cancel") - conflictsBefore,
                Metrics.counter("mosaic_jobs_retries_total", "cancel") - retriesBefore,
                Metrics.counter("mosaic_jobs_retries_exhausted_total", "cancel") - exhaustedBefore);
    }
}
