package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.RunnerJob;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Every job answer carries its version as the ETag, for the client's next If-Match; a page of a timeline that
 * has more after it links to the next one.
 */
public final class JobResponses {
    private JobResponses() {
    }

    /**
     * The page's events; when more follow, {@code Link: <?after=<last id>&limit=<limit>>; rel="next"} (RFC 8288; the
     * reference is relative, so it keeps the path of the request, runner's or coordinator's).
     */
    public static RestResponse<List<JobEvent>> timeline(TimelinePage page, int limit) {
        RestResponse.ResponseBuilder<List<JobEvent>> answer = RestResponse.ResponseBuilder.ok(page.events());
        if (page.more()) {
            long last = page.events().get(page.events().size() - 1).id();
            answer.header(HttpHeaders.LINK, "<?after=" + last + "&limit=" + limit + ">; rel=\"next\"");
        }
        return answer.build();
    }

    public static Response ok(RunnerJob job) {
        return Response.ok(job).tag(etag(job)).build();
    }

    public static EntityTag etag(RunnerJob job) {
        return new EntityTag(Integer.toString(job.version()));
    }
}
