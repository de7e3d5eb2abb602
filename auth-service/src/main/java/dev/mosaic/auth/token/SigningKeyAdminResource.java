package dev.mosaic.auth.token;

import dev.mosaic.shared.auth.Roles;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/auth/admin/signing-keys/rotate")
@RolesAllowed(Roles.ADMIN)
@HttpAuthenticationMechanism(AccessTokenAuthentication.SCHEME)
public class SigningKeyAdminResource {
    private final SigningKeys keys;

    SigningKeyAdminResource(SigningKeys keys) {
        this.keys = keys;
    }

    public record Rotated(String kid) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Rotated> rotate() {
        return keys.rotate().map(Rotated::new);
    }
}
