package dev.mosaic.auth.token;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.Cache;

@Path("/api/auth/jwks")
public class JwksResource {
    private final SigningKeys keys;

    JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    /** Verifiers refetch on an unknown {@code kid}, so a short cache is safe across rotations. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Cache(maxAge = 300)
    public Uni<Map<String, List<Map<String, Object>>>> jwks() {
        return keys.published().map(published -> Map.of("keys",
                published.stream().map(PublicJwk::of).toList()));
    }
}
