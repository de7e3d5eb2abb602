package dev.mosaic.auth.token;

import dev.mosaic.auth.openapi.AuthServiceApi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.Cache;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth/jwks")
@Tag(name = AuthServiceApi.TOKENS)
@Cancellable(false)
public class JwksResource {
    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    /** Verifiers refetch on an unknown {@code kid}, so a short cache is safe across rotations. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Cache(maxAge = 300)
    @Operation(summary = "The public signing keys (JWK Set, RFC 7517)",
            description = "The current key and those retired while tokens they signed may still be valid.")
    public Uni<Map<String, List<Map<String, Object>>>> jwks() {
        return keys.published().map(published -> Map.of("keys",
                published.stream().map(PublicJwk::of).toList()));
    }
}
