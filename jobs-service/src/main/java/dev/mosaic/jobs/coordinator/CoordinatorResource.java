package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.caller.CallerResolver;
import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.runner.JobResponses;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import dev.mosaic.shared.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * The coordinator's side: it reports what happens to the jobs it runs. Every call may carry an
 * {@code Idempotency-Key}; repeating a call with the same key answers as the first time did.
 */
@Path("/api/coordinator/jobs/{id}")
@RolesAllowed(Roles.COORDINATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CoordinatorResource {
    private final CoordinatorIntegrationService coordinator;
    private final CallerResolver callers;
    private final IdempotencyKeys idempotency;

    public CoordinatorResource(CoordinatorIntegrationService coordinator, CallerResolver callers,
            IdempotencyKeys idempotency) {
        this.coordinator = coordinator;
        this.callers = callers;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/status")
    public Uni<Response> status(@PathParam("id") UUID id, @Valid @NotNull StatusChangeRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) String idempotencyKey) {
        AuthUser caller = callers.current();
        return coordinator.updateJobStatus(caller, id, request, ExpectedVersion.fromIfMatch(ifMatch),
                idempotency.call(idempotencyKey, caller, id, "status", request)).map(JobResponses::ok);
    }

    @POST
    @Path("/progress")
    public Uni<Response> progress(@PathParam("id") UUID id, @Valid @NotNull ProgressUpdate update,
            @HeaderParam(IdempotentCall.HEADER) String idempotencyKey) {
        AuthUser caller = callers.current();
        return coordinator.updateJobProgress(caller, id, update, idempotency.call(idempotencyKey, caller, id, "progress", update))
                .map(JobResponses::ok);
    }

    @POST
    @Path("/complete")
    public Uni<Response> complete(@PathParam("id") UUID id, @Valid @NotNull CompleteJobRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) String idempotencyKey) {
        AuthUser caller = callers.current();
        return coordinator.completeJob(caller, id, request, ExpectedVersion.fromIfMatch(ifMatch),
                idempotency.call(idempotencyKey, caller, id, "complete", request)).map(JobResponses::ok);
    }

    @POST
    @Path("/fail")
    public Uni<Response> fail(@PathParam("id") UUID id, @Valid @NotNull FailJobRequest request,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(IdempotentCall.HEADER) String idempotencyKey) {
        AuthUser caller = callers.current();
        return coordinator.failJob(caller, id, request, ExpectedVersion.fromIfMatch(ifMatch),
                idempotency.call(idempotencyKey, caller, id, "fail", request)).map(JobResponses::ok);
    }
}
