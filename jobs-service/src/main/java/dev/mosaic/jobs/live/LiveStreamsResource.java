package dev.mosaic.jobs.live;

import dev.mosaic.jobs.caller.CallerResolver;
import dev.mosaic.jobs.caller.WorkspaceChoice;
import dev.mosaic.jobs.job.JobAccess;
import dev.mosaic.jobs.openapi.JobsServiceApi;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Jobs as they change, as server-sent events (contract: the jobs-service README, "Live events"). The
 * token comes in the {@code Authorization} header as for every call, never in the URL; a browser reads
 * the stream with {@code fetch}, since an {@code EventSource} cannot send headers.
 */
@Path("/api/runner-jobs")
@RolesAllowed(Roles.USER)
@Tag(name = JobsServiceApi.LIVE_EVENTS)
@SecurityRequirement(name = JobsServiceApi.ACCESS_TOKEN, scopes = Roles.USER)
public class LiveStreamsResource {
    static final String LAST_EVENT_ID = JobsServiceApi.LAST_EVENT_ID;

    private final LiveStreams streams;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public LiveStreamsResource(LiveStreams streams, CallerResolver callers, SecurityIdentity identity) {
        this.streams = streams;
        this.callers = callers;
        this.identity = identity;
    }

    /**
     * Every job of the caller's workspaces, or of the one named, or for an admin of every workspace, from now (or
     * from {@code Last-Event-ID}).
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow every job of the token's workspaces",
            description = "From now, or after `Last-Event-ID`. Read it with `fetch`: the token goes in the header. "
                    + "Admins may follow every workspace with `allWorkspaces=true`.")
    @APIResponse(responseCode = "403", description = "The token lacks the role, is not of the named workspace, or asks "
            + "for every workspace without the admin role")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.EVENT_STREAM)
    @APIResponse(responseCode = "429", ref = JobsServiceApi.TOO_MANY_STREAMS)
    public Multi<OutboundSseEvent> workspaces(
            @QueryParam("workspace") @Parameter(description = "Only this workspace") UUID workspace,
            @QueryParam("allWorkspaces") @DefaultValue("false")
            @Parameter(description = "Admins: every workspace; not with `workspace`") boolean allWorkspaces,
            @HeaderParam(LAST_EVENT_ID) @Parameter(ref = JobsServiceApi.LAST_EVENT_ID) String lastEventId,
            @Context Sse sse, @Context RoutingContext http) {
        AuthUser caller = callers.current();
        WorkspaceChoice.notBoth(workspace, allWorkspaces);
        if (allWorkspaces) {
            JobAccess.requireAdmin(caller);
            return streams.everyWorkspace(position(lastEventId), caller, accessToken(), new SseMessages(sse), http);
        }
        Set<UUID> scope = caller.workspaceIds();
        if (workspace != null) {
            JobAccess.requireMember(caller, workspace);
            scope = Set.of(workspace);
        }
        return streams.workspaces(scope, position(lastEventId), caller, accessToken(), new SseMessages(sse), http);
    }

    /** One job's timeline: all of it (or what follows {@code Last-Event-ID}), then live. 404 where its GET is. */
    @GET
    @Path("/{id}/events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @VisibleJob
    @Operation(summary = "Follow one job", description = "Its whole timeline (or what follows `Last-Event-ID`), "
            + "then live.")
    @APIResponse(responseCode = "200", ref = JobsServiceApi.EVENT_STREAM)
    @APIResponse(responseCode = "429", ref = JobsServiceApi.TOO_MANY_STREAMS)
    public Multi<OutboundSseEvent> job(@PathParam("id") UUID id,
            @HeaderParam(LAST_EVENT_ID) @Parameter(ref = JobsServiceApi.LAST_EVENT_ID) String lastEventId,
            @Context Sse sse, @Context RoutingContext http) {
        return streams.job(id, position(lastEventId), callers.current(), accessToken(), new SseMessages(sse), http);
    }

    /** The request's verified token itself, not the request-scoped bean: the stream checks it after the request. */
    private JsonWebToken accessToken() {
        return (JsonWebToken) identity.getPrincipal();
    }

    private static Long position(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(lastEventId.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                "Last-Event-ID must be the id of a job event this stream sent (a whole number from 0).",
                List.of(new Problem.FieldError(LAST_EVENT_ID, "must be a whole number from 0"))));
    }
}
