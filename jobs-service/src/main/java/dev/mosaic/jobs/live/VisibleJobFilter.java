package dev.mosaic.jobs.live;

import dev.mosaic.jobs.caller.CallerResolver;
import dev.mosaic.jobs.job.JobReads;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** {@link VisibleJob}: the same 404 as {@code GET /api/runner-jobs/{id}}, as a problem, before the stream starts. */
public class VisibleJobFilter {
    private final JobReads reads;
    private final CallerResolver callers;

    public VisibleJobFilter(JobReads reads, CallerResolver callers) {
        this.reads = reads;
        this.callers = callers;
    }

    @ServerRequestFilter
    @VisibleJob
    public Uni<Void> jobMustBeVisible(UriInfo uri) {
        UUID id;
        try {
            id = UUID.fromString(uri.getPathParameters().getFirst("id"));
        } catch (IllegalArgumentException notAUuid) {
            // The same 404 as a GET of that path, where RESTEasy cannot convert the id (found by HttpFuzzTest).
            throw new NotFoundException();
        }
        return reads.get(callers.current(), id).replaceWithVoid();
    }
}
