package dev.mosaic.auth.workspace.api;

import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.workspace.invitation.Invitations;
import dev.mosaic.auth.workspace.team.TeamWorkspaces;
import dev.mosaic.shared.workspace.AcceptInvitationRequest;
import dev.mosaic.shared.workspace.CancelInvitationRequest;
import dev.mosaic.shared.workspace.CreateWorkspaceRequest;
import dev.mosaic.shared.workspace.InvitationView;
import dev.mosaic.shared.workspace.InviteMemberRequest;
import dev.mosaic.shared.workspace.MemberRef;
import dev.mosaic.shared.workspace.UpdateMemberRoleRequest;
import dev.mosaic.shared.workspace.UpdateWorkspaceRequest;
import dev.mosaic.shared.workspace.WorkspaceMemberView;
import dev.mosaic.shared.workspace.WorkspaceRef;
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

/**
 * Team workspaces and their invitations, shaped after BetterAuth's organization plugin (create, update, list,
 * list-members, update-member-role, remove-member, leave, invite-member, accept-invitation, cancel-invitation,
 * list-invitations), for a signed-in person (session cookie or bearer session token).
 */
@Path("/api/auth/workspace")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
public class WorkspaceResource {
    private final TeamWorkspaces workspaces;
    private final Invitations invitations;
    private final SecurityIdentity identity;

    WorkspaceResource(TeamWorkspaces workspaces, Invitations invitations, SecurityIdentity identity) {
        this.workspaces = workspaces;
        this.invitations = invitations;
        this.identity = identity;
    }

    @POST
    @Path("/create")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<WorkspaceView>> create(@Valid @NotNull CreateWorkspaceRequest request) {
        return workspaces.create(caller(), request.name())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @POST
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkspaceView> update(@Valid @NotNull UpdateWorkspaceRequest request) {
        return workspaces.rename(caller(), request.workspaceId(), request.name());
    }

    @GET
    @Path("/list")
    public Uni<List<WorkspaceView>> list() {
        return workspaces.listOf(caller());
    }

    @GET
    @Path("/list-members")
    public Uni<List<WorkspaceMemberView>> listMembers(@QueryParam("workspaceId") @NotNull UUID workspaceId) {
        return workspaces.members(caller(), workspaceId);
    }

    @POST
    @Path("/update-member-role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WorkspaceMemberView> updateMemberRole(@Valid @NotNull UpdateMemberRoleRequest request) {
        return workspaces.changeRole(caller(), request);
    }

    @POST
    @Path("/remove-member")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> removeMember(@Valid @NotNull MemberRef request) {
        return workspaces.remove(caller(), request.workspaceId(), request.userId()).map(removed -> RestResponse.noContent());
    }

    @POST
    @Path("/leave")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> leave(@Valid @NotNull WorkspaceRef request) {
        return workspaces.leave(caller(), request.workspaceId()).map(left -> RestResponse.noContent());
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
