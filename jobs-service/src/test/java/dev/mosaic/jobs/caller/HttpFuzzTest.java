package dev.mosaic.jobs.caller;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.deploy.testing.HttpFuzzer;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.shared.jobs.CancelJobRequest;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated requests against every route of jobs-service, with real user, coordinator and
 * admin tokens from the real auth-service and spoiled ones: never a 5xx, never unanswered, every error a
 * problem, and afterwards a new user still creates and reads a job. Replay with {@code -Dfuzz.seed=<the printed seed>}.
 */
@QuarkusTest
class HttpFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void noRequestGetsA5xxOrNoAnswerAndEveryErrorIsAProblem() throws Exception {
        JobsApi api = new JobsApi();
        JobsApi other = new JobsApi();
        String pending = api.createJob();
        String running = api.runningJob();
        String queued = api.queuedJob();
        String failed = api.failedJob();
        String othersJob = other.createJob();
        // Claims name a type no job has, so that the fuzzer never takes jobs of other tests.
        String claimType = JobsApi.uniqueType();

        HttpFuzzer.against(base)
                .authorizations(List.of("Bearer " + api.userToken, "Bearer " + other.userToken,
                        "Bearer " + JobsApi.coordinatorToken(), "Bearer " + JobsApi.rivalToken(),
                        "Bearer " + JobsApi.adminToken()))
                .ids(List.of(pending, running, queued, failed, othersJob))
                .header(JobsApi.LEASE_HEADER, List.of(api.lease(running), api.lease(queued)))
                .header("If-Match", List.of("\"1\"", "\"2\"", "\"3\""))
                .header("Last-Event-ID", List.of("1", "0"))
                .endpoint("POST", "/api/runner-jobs", HttpFuzzer.JSON,
                        tree(new CreateJobRequest("fuzz", 5, Map.of("scene", 7), 3)))
                .endpoint("GET", "/api/runner-jobs")
                .endpoint("GET", "/api/runner-jobs/{id}")
                .endpoint("GET", "/api/runner-jobs/{id}/events")
                .endpoint("GET", "/api/runner-jobs/stream")
                .endpoint("GET", "/api/runner-jobs/{id}/events/stream")
                .endpoint("POST", "/api/runner-jobs/{id}/cancel", HttpFuzzer.JSON, tree(new CancelJobRequest("fuzz")))
                .endpoint("POST", "/api/runner-jobs/{id}/retry")
                .endpoint("POST", "/api/coordinator/jobs/claim", HttpFuzzer.JSON,
                        tree(new ClaimRequest(List.of(claimType), 1, 60, 0)))
                .endpoint("GET", "/api/coordinator/jobs/{id}")
                .endpoint("GET", "/api/coordinator/jobs/{id}/events")
                .endpoint("POST", "/api/coordinator/jobs/{id}/heartbeat")
                .endpoint("POST", "/api/coordinator/jobs/{id}/status", HttpFuzzer.JSON,
                        tree(new StatusChangeRequest(JobStatus.RUNNING, "rendering")))
                .endpoint("POST", "/api/coordinator/jobs/{id}/progress", HttpFuzzer.JSON,
                        tree(new ProgressUpdate(40, "frame 12")))
                .endpoint("POST", "/api/coordinator/jobs/{id}/complete", HttpFuzzer.JSON,
                        tree(new CompleteJobRequest(Map.of("frames", 24))))
                .endpoint("POST", "/api/coordinator/jobs/{id}/fail", HttpFuzzer.JSON,
                        tree(new FailJobRequest("out of memory", Map.of("node", "n1"))))
                .endpoint("GET", "/api/no-such-route/{id}")
                .run(5_000);

        JobsApi after = new JobsApi();
        String created = after.createJob();
        after.asUser().get("/api/runner-jobs/" + created).then().statusCode(200)
                .body("id", equalTo(created)).body("status", equalTo("PENDING"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object dto) {
        return JSON.convertValue(dto, Map.class);
    }
}
