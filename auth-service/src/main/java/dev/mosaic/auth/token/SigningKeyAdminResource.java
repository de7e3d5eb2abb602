package dev.mosaic.auth.token;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.shared.auth.Roles;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth/admin/signing-keys/rotate")
@RolesAllowed(Roles.ADMIN)
@HttpAuthenticationMechanism(AccessTokenAuthentication.SCHEME)
@Tag(name = AuthServiceApi.ADMIN)
@SecurityRequirement(name = AuthServiceApi.ACCESS_TOKEN, scopes = Roles.ADMIN)
@Cancellable(false)
public class SigningKeyAdminResource {
    private final SigningKeys keys;

    SigningKeyAdminResource(SigningKeys keys) {
        this.keys = keys;
    }

    public record Rotated(String kid) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a new signing key", description = "Every replica signs with it within a minute; "
            + "the old public key stays in the JWKS until the tokens it signed have expired.")
    public Uni<Rotated> rotate() {
        return keys.rotate().map(Rotated::new);
    }
}
