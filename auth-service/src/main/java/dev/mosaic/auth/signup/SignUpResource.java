package dev.mosaic.auth.signup;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SignedInResponses;
import dev.mosaic.shared.auth.SignUpRequest;
import dev.mosaic.shared.auth.SignedIn;
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
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth/sign-up/email")
public class SignUpResource {
    private final SignUpService signUp;
    private final SignedInResponses signedIn;

    SignUpResource(SignUpService signUp, SignedInResponses signedIn) {
        this.signUp = signUp;
        this.signedIn = signedIn;
    }

    /** Creates the user and signs them in. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<SignedIn>> signUp(@Valid @NotNull SignUpRequest request, @Context HttpServerRequest http) {
        return signUp.signUp(request, ClientInfo.of(http))
                .chain(result -> signedIn.of(result.user(), result.session(), RestResponse.Status.CREATED));
    }
}
