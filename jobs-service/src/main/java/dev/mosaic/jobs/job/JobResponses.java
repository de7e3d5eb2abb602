package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.RunnerJob;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

/** Every job answer carries its version as the ETag, for the client's next If-Match. */
public final class JobResponses {
    private JobResponses() {
    }

    public static Response ok(RunnerJob job) {
        return Response.ok(job).tag(etag(job)).build();
    }

    public static EntityTag etag(RunnerJob job) {
        return new EntityTag(Integer.toString(job.version()));
    }
}
