package dev.mosaic.auth.verification;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SignedInSession;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {
    private final EmailVerificationService verification;
    private final SecurityIdentity identity;

    EmailVerificationResource(EmailVerificationService verification, SecurityIdentity identity) {
        this.verification = verification;
        this.identity = identity;
    }

    public record Verified(boolean emailVerified) {
    }

    @POST
    @Path("/send-verification-email")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    public Uni<RestResponse<Void>> send(@Context HttpServerRequest http) {
        return verification.send(SignedInSession.of(identity).userId(), ClientInfo.of(http))
                .map(sent -> RestResponse.accepted());
    }

    @GET
    @Path("/verify-email")
    public Uni<Verified> verify(@QueryParam("token") @NotBlank(message = "is required; use the link from the mail")
            @Size(max = 100) String token) {
        return verification.verify(token).map(done -> new Verified(true));
    }
}
