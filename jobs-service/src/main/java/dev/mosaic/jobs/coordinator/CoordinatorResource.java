package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.caller.CallerResolver;
import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.job.JobReads;
import dev.mosaic.jobs.job.JobResponses;
import dev.mosaic.jobs.job.JobWrites;
import dev.mosaic.jobs.job.LeaseToken;
import dev.mosaic.jobs.job.ProgressWrites;
import dev.mosaic.jobs.openapi.JobsServiceApi;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
 * The coordinator's side: it claims jobs, holds them under a lease, and reports what happens to
 * them. Every write carries the lease token ({@value JobLease#HEADER}) and may carry an
 * {@code Idempotency-Key}; repeating a call with the same key answers as the first time did (a claim:
 * its jobs still held, under new tokens).
 */
@Path("/api/coordinator/jobs")
@RolesAllowed(Roles.COORDINATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = JobsServiceApi.COORDINATOR)
@SecurityRequirement(name = JobsServiceApi.ACCESS_TOKEN, scopes = Roles.COORDINATOR)
@Cancellable(false)
public class CoordinatorResource {
    private final CoordinatorService coordinator;
    private final JobWrites writes;
    private final ProgressWrites progressWrites;
    private final JobReads reads;
    private final CallerResolver callers;
    private final IdempotencyKeys idempotency;

    public CoordinatorResource(CoordinatorService coordinator, JobWrites writes, ProgressWrites progress,
            JobReads reads, CallerResolver callers, IdempotencyKeys idempotency) {
        this.coordinator = coordinator;
        this.writes = writes;
        this.progressWrites = progress;
        this.reads = reads;
        this.callers = callers;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/claim")
    @Operation(summary = "Claim jobs", description = "Up to `max` PENDING jobs, highest priority first, then oldest; "
            + "each is QUEUED under a lease whose token is in this answer only. Possibly none; with `waitSeconds` the "
            + "call waits for a claimable job (on any replica). Repeated with its `Idempotency-Key` and the same body, "
            + "it answers at once the jobs the first claim still holds, each under a new token (the first answer's "
            + "tokens stop working), with no attempt counted and nothing more claimed.")
    @APIResponse(responseCode = "200", description = "The jobs claimed (for a repeat: still held), each with its "
            + "lease; possibly none", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ClaimedJobs.class)))
    @APIResponse(responseCode = "409", description = "`concurrent-update`: another request with this "
            + "`Idempotency-Key` claimed while this one was running; repeat after `Retry-After` to get its jobs",
            headers = @Header(name = JobsServiceApi.RETRY_AFTER, ref = JobsServiceApi.RETRY_AFTER))
    // The one request that stops when its client leaves: a long poll must not wait on, and then claim jobs, for a
    // coordinator that is gone. Its statements run on the reactive pool, which ends a begun transaction either way.
    @Cancellable
    public Uni<ClaimedJobs> claim(@Valid ClaimRequest request,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        AuthUser caller = callers.current();
        return coordinator.claim(caller, request, idempotency.call(idempotencyKeys, caller, null, "claim", request));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a job and its lease", description = "Never the lease's token.")
    public Uni<CoordinatorJob> get(@PathParam("id") UUID id) {
        return reads.withLease(callers.current(), id);
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
    @Path("/{id}/heartbeat")
    @Operation(summary = "Extend the lease", description = "By its term; nothing else changes.")
    @APIResponse(responseCode = "200", description = "The lease, without its token")
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<JobLease> heartbeat(@PathParam("id") UUID id,
            @HeaderParam(JobLease.HEADER) @Parameter(ref = JobsServiceApi.MOSAIC_LEASE) String lease) {
        return coordinator.heartbeat(callers.current(), id, LeaseToken.fromHeader(lease));
    }

    @POST
    @Path("/{id}/status")
    @Operation(summary = "Start or cancel the job", description = "RUNNING or CANCELLED; renews the lease.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> status(@PathParam("id") UUID id, @Valid @NotNull StatusChangeRequest request,
            @HeaderParam(JobLease.HEADER) @Parameter(ref = JobsServiceApi.MOSAIC_LEASE) String lease,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = JobsServiceApi.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        return writes.changeStatus(leasedRequest(id, lease, ifMatch, idempotencyKeys, "status", request), request)
                .map(JobResponses::ok);
    }

    @POST
    @Path("/{id}/progress")
    @Operation(summary = "Report progress", description = "Only while RUNNING. A lower value answers the job "
            + "unchanged; renews the lease once half its term is used.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> progress(@PathParam("id") UUID id, @Valid @NotNull ProgressUpdate update,
            @HeaderParam(JobLease.HEADER) @Parameter(ref = JobsServiceApi.MOSAIC_LEASE) String lease,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        JobWrites.Request leased = leasedRequest(id, lease, null, idempotencyKeys, "progress", update);
        return progressWrites.updateProgress(leased, update).map(JobResponses::ok);
    }

    @POST
    @Path("/{id}/complete")
    @Operation(summary = "Complete the job", description = "COMPLETED with its result, progress 100; ends the lease.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> complete(@PathParam("id") UUID id, @Valid @NotNull CompleteJobRequest request,
            @HeaderParam(JobLease.HEADER) @Parameter(ref = JobsServiceApi.MOSAIC_LEASE) String lease,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = JobsServiceApi.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        return writes.complete(leasedRequest(id, lease, ifMatch, idempotencyKeys, "complete", request), request)
                .map(JobResponses::ok);
    }

    @POST
    @Path("/{id}/fail")
    @Operation(summary = "Fail the job", description = "FAILED with the error; ends the lease.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.JOB)
    @APIResponse(responseCode = "409", ref = JobsServiceApi.CONFLICT)
    public Uni<Response> fail(@PathParam("id") UUID id, @Valid @NotNull FailJobRequest request,
            @HeaderParam(JobLease.HEADER) @Parameter(ref = JobsServiceApi.MOSAIC_LEASE) String lease,
            @HeaderParam(HttpHeaders.IF_MATCH) @Parameter(ref = JobsServiceApi.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) @Parameter(ref = JobsServiceApi.IDEMPOTENCY_KEY)
            List<String> idempotencyKeys) {
        return writes.fail(leasedRequest(id, lease, ifMatch, idempotencyKeys, "fail", request), request)
                .map(JobResponses::ok);
    }

    private JobWrites.Request leasedRequest(UUID id, String lease, String ifMatch, List<String> idempotencyKeys,
            String operation, Object body) {
        AuthUser caller = callers.current();
        return new JobWrites.Request(caller, id, ExpectedVersion.fromIfMatch(ifMatch),
                idempotency.call(idempotencyKeys, caller, id, operation, body), LeaseToken.fromHeader(lease));
    }
}
