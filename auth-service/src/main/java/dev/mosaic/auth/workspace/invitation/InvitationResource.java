package dev.mosaic.auth.workspace.invitation;

import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.shared.workspace.AcceptInvitationRequest;
import dev.mosaic.shared.workspace.CancelInvitationRequest;
import dev.mosaic.shared.workspace.InvitationView;
import dev.mosaic.shared.workspace.InviteMemberRequest;
import dev.mosaic.shared.workspace.WorkspaceView;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Invitations, shaped after BetterAuth's organization plugin: invite-member, accept, cancel, list. */
@Path("/api/auth/workspace")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
public class InvitationResource {
    private final Invitations invitations;
    private final SecurityIdentity identity;

    InvitationResource(Invitations invitations, SecurityIdentity identity) {
        this.invitations = invitations;
        this.identity = identity;
    }

    @POST
    @Path("/invite-member")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<InvitationView>> invite(@Valid @NotNull InviteMemberRequest request) {
        return invitations.invite(caller(), request)
                .map(invitation -> RestResponse.status(RestResponse.Status.CREATED, invitation));
    }

    @POST
    @Path("/accept-invitation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkspaceView> accept(@Valid @NotNull AcceptInvitationRequest request) {
        return invitations.accept(caller(), request.token());
    }

    @POST
    @Path("/cancel-invitation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<InvitationView> cancel(@Valid @NotNull CancelInvitationRequest request) {
        return invitations.cancel(caller(), request.invitationId());
    }

    @GET
    @Path("/list-invitations")
    public Uni<List<InvitationView>> list(@QueryParam("workspaceId") @NotNull UUID workspaceId) {
        return invitations.list(caller(), workspaceId);
    }

    private UUID caller() {
        return SignedInSession.of(identity).userId();
    }
}
