package dev.mosaic.auth.verification;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {
    private final EmailVerificationService verification;
    private final SessionService sessions;

    EmailVerificationResource(EmailVerificationService verification, SessionService sessions) {
        this.verification = verification;
        this.sessions = sessions;
    }

    public record Verified(boolean emailVerified) {
    }

    @POST
    @Path("/send-verification-email")
    public Uni<RestResponse<Void>> send(@Context HttpHeaders headers, @Context HttpServerRequest http) {
        ClientInfo client = ClientInfo.of(http);
        return authenticatedUser(headers).chain(userId -> verification.send(userId, client))
                .map(sent -> RestResponse.accepted());
    }

    @GET
    @Path("/verify-email")
    public Uni<Verified> verify(@QueryParam("token") @NotBlank(message = "is required; use the link from the mail")
            @Size(max = 100) String token) {
        return verification.verify(token).map(done -> new Verified(true));
    }

    private Uni<UUID> authenticatedUser(HttpHeaders headers) {
        return Panache.withTransaction(() -> sessions.authenticate(headers))
                .map(authenticated -> authenticated.session().userId);
    }
}
