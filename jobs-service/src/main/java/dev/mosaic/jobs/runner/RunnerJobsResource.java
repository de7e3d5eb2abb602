package dev.mosaic.jobs.runner;

import dev.mosaic.jobs.caller.CallerResolver;
import dev.mosaic.jobs.caller.WorkspaceChoice;
import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.job.JobListQuery;
import dev.mosaic.jobs.job.JobReads;
import dev.mosaic.jobs.job.JobResponses;
import dev.mosaic.jobs.job.JobWrites;
import dev.mosaic.jobs.openapi.JobsServiceApi;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.jobs.CancelJobRequest;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.JobPage;
import dev.mosaic.shared.jobs.RunnerJob;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The users' view of runner jobs: create, read, list, follow, cancel, retry. Jobs live in the
 * workspaces of the caller's token; a job of another workspace does not exist for them.
 */
@Path("/api/runner-jobs")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = JobsServiceApi.RUNNER_JOBS)
@SecurityRequirement(name = JobsServiceApi.ACCESS_TOKEN, scopes = Roles.USER)
@Cancellable(false)
public class RunnerJobsResource {
    private final JobWrites writes;
    private final JobReads reads;
    private final CallerResolver callers;
    private final IdempotencyKeys idempotency;

    public RunnerJobsResource(JobWrites writes, JobReads reads, CallerResolver callers, IdempotencyKeys idempotency) {
        this.writes = writes;
        this.reads = reads;
        this.callers = callers;
        this.idempotency = idempotency;
    }

    @POST
    @Operation(summary = "Create a job", description = "PENDING, in the named workspace or the token's only one.")
    @APIResponse(responseCode = "403", description = "The token lacks the role, or is not of the named workspace")
    @APIResponse(responseCode = "201", description = "Created", headers = {
            @Header(name = JobsServiceApi.ETAG, ref = JobsServiceApi.ETAG),
            @Header(name = JobsServiceApi.LOCATION, ref = JobsServiceApi.LOCATION)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RunnerJob.class)))
    public Uni<Response> create(@Valid @NotNull CreateJobRequest request, @QueryParam("workspace")
            @Parameter(description = "Required when the token names several workspaces") UUID workspace,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys,
            @Context UriInfo uri) {
        AuthUser caller = callers.current();
        UUID workspaceId = WorkspaceChoice.of(caller, workspace);
        IdempotentCall call = idempotency.call(idempotencyKeys, caller, null, "create " + workspaceId, request);
        return writes.create(caller, workspaceId, request, call).map(job -> Response
                .created(uri.getAbsolutePathBuilder().path(job.id().toString()).build())
                .entity(job)
                .tag(JobResponses.etag(job))
                .build());
    }

    @GET
    @Operation(summary = "List jobs", description = "Newest first, a page at a time: of the named workspace, of the "
            + "token's only one, or for admins with `allWorkspaces=true` of every workspace (deleted ones too).")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "403", description = "The token lacks the role, is not of the named workspace, or asks "
            + "for every workspace without the admin role")
    public Uni<JobPage> list(@QueryParam("status") String status,
            @QueryParam("type") @Size(max = 100) String type,
            @QueryParam("cursor") @Parameter(description = "`nextCursor` of the page before") String cursor,
            @QueryParam("limit") @DefaultValue("" + JobLimits.DEFAULT_PAGE_SIZE)
            @Min(1) @Max(JobLimits.MAX_PAGE_SIZE) int limit,
            @QueryParam("workspace") UUID workspace,
            @QueryParam("allWorkspaces") @DefaultValue("false")
            @Parameter(description = "Admins: every workspace's jobs; not with `workspace`") boolean allWorkspaces) {
        AuthUser caller = callers.current();
        return reads.list(caller, new JobListQuery(WorkspaceChoice.orEvery(caller, workspace, allWorkspaces),
                JobListQuery.parseStatus(status), type, JobListQuery.Cursor.decode(cursor), limit));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a job")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    public Uni<Response> get(@PathParam("id") UUID id) {
        return reads.get(callers.current(), id).map(JobResponses::ok);
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "A job's timeline", description = "Oldest first, a page at a time.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.TIMELINE)
    public Uni<RestResponse<List<JobEvent>>> events(@PathParam("id") UUID id,
            @QueryParam("after") @Parameter(ref = JobsServiceApi.EVENTS_AFTER) @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @Parameter(ref = JobsServiceApi.EVENTS_LIMIT)
            @DefaultValue("" + JobLimits.MAX_EVENTS_PAGE) @Min(1) @Max(JobLimits.MAX_EVENTS_PAGE) int limit) {
        return reads.timeline(callers.current(), id, after, limit)
                .map(page -> JobResponses.timeline(page, limit));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "From PENDING, QUEUED or RUNNING; ends a coordinator's lease.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> cancel(@PathParam("id") UUID id, @Valid CancelJobRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = JobsServiceApi.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        String reason = request == null ? null : request.reason();
        return writes.cancel(userRequest(id, ifMatch, idempotencyKeys, "cancel", request), reason)
                .map(JobResponses::ok);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a failed job", description = "FAILED → PENDING, a new attempt.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> retry(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = JobsServiceApi.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        return writes.retryFailedJob(userRequest(id, ifMatch, idempotencyKeys, "retry", null))
                .map(JobResponses::ok);
    }

    private JobWrites.Request userRequest(UUID id, String ifMatch, List<String> idempotencyKeys, String operation,
            Object body) {
        AuthUser caller = callers.current();
        return new JobWrites.Request(caller, id, ExpectedVersion.fromIfMatch(ifMatch),
                idempotency.call(idempotencyKeys, caller, id, operation, body), null);
    }
}
