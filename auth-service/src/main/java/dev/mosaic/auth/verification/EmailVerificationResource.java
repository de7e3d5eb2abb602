package dev.mosaic.auth.verification;

import dev.mosaic.auth.session.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInResponses;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.auth.VerifyEmailRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {
    private final EmailVerificationService verification;
    private final SessionService sessions;
    private final SignedInResponses signedIn;

    EmailVerificationResource(EmailVerificationService verification, SessionService sessions,
            SignedInResponses signedIn) {
        this.verification = verification;
        this.sessions = sessions;
        this.signedIn = signedIn;
    }

    @POST
    @Path("/send-verification-email")
    public Uni<RestResponse<Void>> send(@Context HttpHeaders headers, @Context HttpServerRequest http) {
        ClientInfo client = ClientInfo.of(http);
        return authenticatedUser(headers).chain(userId -> verification.send(userId, client))
                .map(sent -> RestResponse.accepted());
    }

    /**
     * The SPA's confirmation page posts the mailed token here (a POST, not the link itself: a mail scanner
     * that fetches links must not spend it). Confirms the address and signs its owner in.
     */
    @POST
    @Path("/verify-email")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<SignedIn>> verify(@Valid @NotNull VerifyEmailRequest request,
            @Context HttpServerRequest http) {
        return verification.verify(request.token(), ClientInfo.of(http))
                .chain(verified -> signedIn.of(verified.user(), verified.session(), RestResponse.Status.OK));
    }

    private Uni<UUID> authenticatedUser(HttpHeaders headers) {
        return Panache.withTransaction(() -> sessions.authenticate(headers))
                .map(authenticated -> authenticated.session().userId);
    }
}
