package dev.mosaic.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code HEAD} of a stream must end its answer: a client reuses the connection once it has the headers,
 * and a stream still holding it left that next request unanswered (found by HttpFuzzTest).
 */
@QuarkusTest
class StreamHeadTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI base;

    private final JobsApi api = new JobsApi();

    @Test
    void headOfEitherStreamIsA405ProblemAndTheConnectionAnswersTheNextRequest() throws Exception {
        String id = api.createJob();
        for (String stream : new String[] {"/api/runner-jobs/stream", "/api/runner-jobs/" + id + "/events/stream"}) {
            // One client, one connection: the GET after the HEAD goes where the HEAD went.
            HttpClient connection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<Void> head = connection.send(request(stream).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(405, head.statusCode(), stream);
            assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), stream);
            assertEquals("GET", head.headers().firstValue("Allow").orElse(""), stream);

            HttpResponse<String> next = connection.send(request("/api/runner-jobs/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode(), stream);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", "Bearer " + api.userToken);
    }
}
