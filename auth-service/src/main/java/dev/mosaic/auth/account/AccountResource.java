package dev.mosaic.auth.account;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.ChangeEmailAccepted;
import dev.mosaic.shared.auth.ChangeEmailRequest;
import dev.mosaic.shared.auth.ChangePasswordRequest;
import dev.mosaic.shared.auth.DeleteUserRequest;
import dev.mosaic.shared.auth.LinkedAccount;
import dev.mosaic.shared.auth.UnlinkAccountRequest;
import dev.mosaic.shared.auth.UpdateUserRequest;
import dev.mosaic.shared.auth.VerifyEmailChangeRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The account pages (BetterAuth's names): update-user, change-password, change-email (and the confirmation of its
 * link), delete-user, list-accounts, unlink-account. All but the link's confirmation take the session only.
 */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = AuthServiceApi.ACCOUNT)
@Cancellable(false)
public class AccountResource {
    private final ProfileService profile;
    private final EmailChangeService emailChange;
    private final AccountDeletionService deletion;
    private final LinkedAccounts linkedAccounts;
    private final SessionService sessions;
    private final SecurityIdentity identity;
    private final ClientAddresses clientAddresses;

    AccountResource(ProfileService profile, EmailChangeService emailChange, AccountDeletionService deletion,
            LinkedAccounts linkedAccounts, SessionService sessions, SecurityIdentity identity,
            ClientAddresses clientAddresses) {
        this.profile = profile;
        this.emailChange = emailChange;
        this.deletion = deletion;
        this.linkedAccounts = linkedAccounts;
        this.sessions = sessions;
        this.identity = identity;
        this.clientAddresses = clientAddresses;
    }

    @POST
    @Path("/update-user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Change the caller's name")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<AuthUser> updateUser(@Valid @NotNull UpdateUserRequest request) {
        return profile.rename(SignedInSession.of(identity), request.name());
    }

    /** Every other session ends; this one stays. */
    @POST
    @Path("/change-password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Change the caller's password", description = "Needs the current password (throttled like "
            + "sign-in). Every other session ends and its access tokens are revoked; this one stays.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "403", description = "The current password is wrong")
    @APIResponse(responseCode = "429", description = "Too many attempts")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<Void>> changePassword(@Valid @NotNull ChangePasswordRequest request,
            @Context HttpServerRequest http) {
        return profile.changePassword(SignedInSession.of(identity), request, clientAddresses.of(http))
                .map(ended -> RestResponse.noContent());
    }

    /** The same 202 whether or not the new address belongs to someone; the switch waits for the mailed link. */
    @POST
    @Path("/change-email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Start a change of the caller's email", description = "A link goes to the new address and a "
            + "notice to the old one; the address switches only when the link is opened (`verify-email-change`) while "
            + "the session that asked is still signed in. Needs the password, or for an account without one a recent "
            + "sign-in. The answer is the same whether or not the new address belongs to someone.")
    @APIResponse(responseCode = "202", description = "Check the new address's mail")
    @APIResponse(responseCode = "403", description = "Password wrong or missing, or the sign-in is not recent enough")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<ChangeEmailAccepted>> changeEmail(@Valid @NotNull ChangeEmailRequest request,
            @Context HttpServerRequest http) {
        return emailChange.request(SignedInSession.of(identity), request.newEmail(), request.password(),
                        clientAddresses.of(http))
                .map(done -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                        ChangeEmailAccepted.CHECK_THE_NEW_ADDRESS).build());
    }

    /**
     * The SPA's page of the mailed link posts its token here. No session needed: the link may be opened in another
     * browser, and whoever holds it holds the new mailbox.
     */
    @POST
    @Path("/verify-email-change")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm an email change with the mailed token", description = "No session needed: whoever "
            + "holds the link holds the new mailbox.")
    @APIResponse(responseCode = "204", description = "The address is switched")
    @APIResponse(responseCode = "400", description = "The link is unknown, used or expired, or the session that asked "
            + "has ended")
    @APIResponse(responseCode = "409", description = "The address was taken by someone else since the request")
    public Uni<RestResponse<Void>> verifyEmailChange(@Valid @NotNull VerifyEmailChangeRequest request) {
        return emailChange.confirm(request.token()).map(done -> RestResponse.noContent());
    }

    @POST
    @Path("/delete-user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Delete the caller's account", description = "Needs the password, or for an account without "
            + "one a recent sign-in. Sessions, sign-in methods and memberships go; every token is revoked.")
    @APIResponse(responseCode = "204", description = "Deleted; the cookie is cleared")
    @APIResponse(responseCode = "403", description = "Password wrong or missing, or the sign-in is not recent enough")
    @APIResponse(responseCode = "409", description = "The caller is the only owner of shared workspaces with other "
            + "members, which the problem names")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<Void>> deleteUser(@Valid @NotNull DeleteUserRequest request,
            @Context HttpServerRequest http) {
        return deletion.delete(SignedInSession.of(identity), request.password(), clientAddresses.of(http))
                .map(done -> RestResponse.ResponseBuilder.<Void>noContent().cookie(sessions.expiredCookie()).build());
    }

    @GET
    @Path("/list-accounts")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "The caller's ways to sign in", description = "The password, and each linked SSO identity.")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<List<LinkedAccount>> listAccounts() {
        return linkedAccounts.of(SignedInSession.of(identity).userId());
    }

    @POST
    @Path("/unlink-account")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Remove one way to sign in", description = "Never the last one.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "The caller has no such sign-in method")
    @APIResponse(responseCode = "409", description = "It is the caller's last way to sign in")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<Void>> unlinkAccount(@Valid @NotNull UnlinkAccountRequest request) {
        return linkedAccounts.unlink(SignedInSession.of(identity).userId(), request)
                .map(done -> RestResponse.noContent());
    }
}
