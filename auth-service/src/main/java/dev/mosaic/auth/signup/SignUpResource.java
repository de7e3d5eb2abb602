package dev.mosaic.auth.signup;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.shared.auth.SignUpAccepted;
import dev.mosaic.shared.auth.SignUpRequest;
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

@Path("/api/auth/sign-up/email")
@Tag(name = AuthServiceApi.SIGN_UP)
@Cancellable(false)
public class SignUpResource {
    private final SignUpService signUp;
    private final ClientAddresses clientAddresses;

    SignUpResource(SignUpService signUp, ClientAddresses clientAddresses) {
        this.signUp = signUp;
        this.clientAddresses = clientAddresses;
    }

    /**
     * 202 "check your mail", the same for a new address and a taken one: no session, no cookie, no user id.
     * Only what does not depend on who has an account is refused: invalid fields (400), a full hashing queue (503).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign up with email and password",
            description = "Always the same 202 and body, whether the address is new or taken (a mail says what "
                    + "happened): no session, no user id. The mailed link leads to `POST /api/auth/verify-email`.")
    @APIResponse(responseCode = "202", description = "Check your mail", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignUpAccepted.class)))
    public Uni<RestResponse<SignUpAccepted>> signUp(@Valid @NotNull SignUpRequest request,
            @Context HttpServerRequest http) {
        return signUp.signUp(request, clientAddresses.of(http)).map(done -> RestResponse.ResponseBuilder
                .create(RestResponse.Status.ACCEPTED, SignUpAccepted.CHECK_YOUR_MAIL).build());
    }
}
