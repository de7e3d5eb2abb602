package dev.mosaic.auth.workspace.api;

import dev.mosaic.auth.openapi.AuthServiceApi;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Team workspaces and their invitations, shaped after BetterAuth's organization plugin (create, update, list,
 * list-members, update-member-role, remove-member, leave, invite-member, accept-invitation, cancel-invitation,
 * list-invitations), for a signed-in person (session cookie or bearer session token).
 */
@Path("/api/auth/workspace")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
@Tag(name = AuthServiceApi.WORKSPACES)
@SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
@SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
@Cancellable(false)
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
    @Operation(summary = "Create a team workspace", description = "The caller becomes its owner.")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<RestResponse<WorkspaceView>> create(@Valid @NotNull CreateWorkspaceRequest request) {
        return workspaces.create(caller(), request.name())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @POST
    @Path("/update")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a team workspace", description = "Owners and admins.")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<WorkspaceView> update(@Valid @NotNull UpdateWorkspaceRequest request) {
        return workspaces.rename(caller(), request.workspaceId(), request.name());
    }

    @GET
    @Path("/list")
    @Operation(summary = "The caller's workspaces, with the caller's role in each")
    public Uni<List<WorkspaceView>> list() {
        return workspaces.listOf(caller());
    }

    @GET
    @Path("/list-members")
    @Operation(summary = "The members of one of the caller's workspaces")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<List<WorkspaceMemberView>> listMembers(@QueryParam("workspaceId") @NotNull UUID workspaceId) {
        return workspaces.members(caller(), workspaceId);
    }

    @POST
    @Path("/update-member-role")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a member's role", description = "Owners change any role; admins only between "
            + "admin and member. Never leaves the workspace without an owner, however many change roles at once.")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "409", description = "`last-owner`: the workspace would be left without an owner")
    public Uni<WorkspaceMemberView> updateMemberRole(@Valid @NotNull UpdateMemberRoleRequest request) {
        return workspaces.changeRole(caller(), request);
    }

    @POST
    @Path("/remove-member")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remove a member", description = "Their next access token no longer carries the workspace.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "409", description = "`last-owner`: the workspace would be left without an owner")
    public Uni<RestResponse<Void>> removeMember(@Valid @NotNull MemberRef request) {
        return workspaces.remove(caller(), request.workspaceId(), request.userId()).map(removed -> RestResponse.noContent());
    }

    @POST
    @Path("/leave")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Leave a team workspace", description = "Not a personal workspace, and not as its last owner.")
    @APIResponse(responseCode = "204", description = "Left")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "409", description = "`last-owner`: the workspace would be left without an owner")
    public Uni<RestResponse<Void>> leave(@Valid @NotNull WorkspaceRef request) {
        return workspaces.leave(caller(), request.workspaceId()).map(left -> RestResponse.noContent());
    }

    @POST
    @Path("/invite-member")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite someone by email", description = "Owners and admins. A single-use link is mailed; "
            + "a new invitation of the same address replaces the pending one.")
    @APIResponse(responseCode = "201", description = "Invited; the link is on its way")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    @APIResponse(responseCode = "409", description = "The address is a member already")
    @APIResponse(responseCode = "429", description = "Too many mails")
    public Uni<RestResponse<InvitationView>> invite(@Valid @NotNull InviteMemberRequest request) {
        return invitations.invite(caller(), request)
                .map(invitation -> RestResponse.status(RestResponse.Status.CREATED, invitation));
    }

    @POST
    @Path("/accept-invitation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept an invitation with the mailed token", description = "Only by a person whose "
            + "verified email is the invited address.")
    @APIResponse(responseCode = "403", description = "`email-not-verified`, or `invitation-for-another-email`")
    @APIResponse(responseCode = "404", description = "No such invitation")
    @APIResponse(responseCode = "409", description = "`invitation-already-accepted`")
    @APIResponse(responseCode = "410", description = "`invitation-expired` or `invitation-revoked`")
    public Uni<WorkspaceView> accept(@Valid @NotNull AcceptInvitationRequest request) {
        return invitations.accept(caller(), request.token());
    }

    @POST
    @Path("/cancel-invitation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a pending invitation", description = "Owners and admins.")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such invitation in the caller's workspaces")
    @APIResponse(responseCode = "409", description = "The invitation is no longer pending")
    public Uni<InvitationView> cancel(@Valid @NotNull CancelInvitationRequest request) {
        return invitations.cancel(caller(), request.invitationId());
    }

    @GET
    @Path("/list-invitations")
    @Operation(summary = "The invitations of a workspace", description = "Owners and admins; pending, accepted, "
            + "revoked and expired alike.")
    @APIResponse(responseCode = "403", description = "The caller's role in the workspace does not allow it")
    @APIResponse(responseCode = "404", description = "No such workspace among the caller's")
    public Uni<List<InvitationView>> list(@QueryParam("workspaceId") @NotNull UUID workspaceId) {
        return invitations.list(caller(), workspaceId);
    }

    private UUID caller() {
        return SignedInSession.of(identity).userId();
    }
}
