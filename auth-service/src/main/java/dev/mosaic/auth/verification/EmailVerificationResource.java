package dev.mosaic.auth.verification;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SignedInResponses;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.auth.VerifyEmailRequest;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = AuthServiceApi.SIGN_UP)
@Cancellable(false)
public class EmailVerificationResource {
    private final EmailVerificationService verification;
    private final SecurityIdentity identity;
    private final SignedInResponses signedIn;
    private final ClientAddresses clientAddresses;

    EmailVerificationResource(EmailVerificationService verification, SecurityIdentity identity,
            SignedInResponses signedIn, ClientAddresses clientAddresses) {
        this.verification = verification;
        this.identity = identity;
        this.signedIn = signedIn;
        this.clientAddresses = clientAddresses;
    }

    @POST
    @Path("/send-verification-email")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Mail the signed-in user a link that confirms the address")
    @APIResponse(responseCode = "202", description = "Mailed")
    @APIResponse(responseCode = "409", description = "The address is confirmed already")
    @APIResponse(responseCode = "429", description = "Too many mails to this address or from this client address")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<Void>> send(@Context HttpServerRequest http) {
        return verification.send(SignedInSession.of(identity).userId(), clientAddresses.of(http))
                .map(sent -> RestResponse.accepted());
    }

    /**
     * The SPA's confirmation page posts the mailed token here (a POST, not the link itself: a mail scanner
     * that fetches links must not spend it). Confirms the address and signs its owner in.
     */
    @POST
    @Path("/verify-email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm the address with the mailed token, and sign in",
            description = "Single use, 24 h. A sign-up's link also takes the password that sign-up chose. Answers as "
                    + "sign-in does, with the session cookie.")
    @APIResponse(responseCode = "200", description = "Confirmed and signed in; `Set-Cookie: mosaic_session`")
    @APIResponse(responseCode = "400", description = "Unknown, used or expired token, the sign-up's password missing, "
            + "or invalid fields")
    @APIResponse(responseCode = "403", description = "Not the password of the sign-up that asked for this link; the "
            + "link still works")
    @APIResponse(responseCode = "429", description = "Too many wrong passwords for this address or from this client")
    public Uni<RestResponse<SignedIn>> verify(@Valid @NotNull VerifyEmailRequest request,
            @Context HttpServerRequest http) {
        return verification.verify(request.token(), request.password(), clientAddresses.of(http))
                .chain(verified -> signedIn.of(verified.user(), verified.session(), RestResponse.Status.OK));
    }
}
