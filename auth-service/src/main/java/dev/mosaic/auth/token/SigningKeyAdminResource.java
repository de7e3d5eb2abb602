package dev.mosaic.auth.token;

import dev.mosaic.shared.auth.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/api/auth/admin/signing-keys/rotate")
public class SigningKeyAdminResource {
    private final SigningKeys keys;
    private final BearerTokens bearerTokens;

    SigningKeyAdminResource(SigningKeys keys, BearerTokens bearerTokens) {
        this.keys = keys;
        this.bearerTokens = bearerTokens;
    }

    public record Rotated(String kid) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Rotated> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return bearerTokens.requireRole(authorization, Roles.ADMIN).chain(admin -> keys.rotate()).map(Rotated::new);
    }
}
