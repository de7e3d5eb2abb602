package dev.mosaic.auth.password;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.verification.MailRateLimit;
import dev.mosaic.shared.auth.PasswordResetRequest;
import dev.mosaic.shared.auth.ResetPasswordRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = AuthServiceApi.PASSWORDS)
@Cancellable(false)
public class PasswordResource {
    private final PasswordResetService reset;
    private final SessionService sessions;
    private final MailRateLimit mailLimit;
    private final ClientAddresses clientAddresses;

    PasswordResource(PasswordResetService reset, SessionService sessions, MailRateLimit mailLimit,
            ClientAddresses clientAddresses) {
        this.reset = reset;
        this.sessions = sessions;
        this.mailLimit = mailLimit;
        this.clientAddresses = clientAddresses;
    }

    public record ResetRequested(String message) {
    }

    /**
     * Always 202 with the same body: whether the email has an account stays unknown. Too many requests for one
     * email or from one address: 429, counted alike whether or not the email has an account.
     */
    @POST
    @Path("/request-password-reset")
    @Operation(summary = "Mail a password-reset link",
            description = "The same 202 whether or not the email has an account.")
    @APIResponse(responseCode = "202", description = "A link is on its way if the email has an account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ResetRequested.class)))
    @APIResponse(responseCode = "429", description = "Too many requests for this email or from this client address")
    public Uni<RestResponse<ResetRequested>> requestReset(@Valid @NotNull PasswordResetRequest request,
            @Context HttpServerRequest http) {
        return mailLimit.beforeMailing(request.email(), clientAddresses.of(http)).chain(() -> reset.request(request)).map(done -> RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                new ResetRequested("If this email has an account, a reset link is on its way.")).build());
    }

    @POST
    @Path("/reset-password")
    @Operation(summary = "Set a new password with the mailed token",
            description = "Single use, 30 minutes. Ends every session of the user and revokes their access tokens.")
    @APIResponse(responseCode = "204", description = "Password set; the cookie is cleared")
    @APIResponse(responseCode = "400", description = "Unknown, used or expired token, or an invalid password")
    public Uni<RestResponse<Void>> resetPassword(@Valid @NotNull ResetPasswordRequest request) {
        return reset.reset(request)
                .map(done -> RestResponse.ResponseBuilder.<Void>noContent().cookie(sessions.expiredCookie()).build());
    }
}
