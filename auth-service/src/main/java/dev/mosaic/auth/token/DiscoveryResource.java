package dev.mosaic.auth.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.shared.auth.TokenClaims;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.Cache;

/** OpenID Connect discovery, so that standard libraries find the issuer's keys by themselves. */
@Path("/.well-known/openid-configuration")
@Tag(name = AuthServiceApi.TOKENS)
public class DiscoveryResource {
    private final TokenConfig config;

    DiscoveryResource(TokenConfig config) {
        this.config = config;
    }

    public record Discovery(
            String issuer,
            @JsonProperty("jwks_uri") String jwksUri,
            @JsonProperty("token_endpoint") String tokenEndpoint,
            @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
            @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
            @JsonProperty("id_token_signing_alg_values_supported") List<String> signingAlgorithms,
            @JsonProperty("subject_types_supported") List<String> subjectTypesSupported,
            @JsonProperty("claims_supported") List<String> claimsSupported) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Cache(maxAge = 3600)
    @Operation(summary = "OpenID Connect discovery", description = "Issuer, `jwks_uri`, token endpoint, algorithms.")
    public Discovery discovery() {
        String base = Urls.withoutTrailingSlashes(config.issuer());
        return new Discovery(
                config.issuer(),
                base + "/api/auth/jwks",
                base + "/api/auth/oauth2/token",
                List.of("client_credentials"),
                List.of("client_secret_basic", "client_secret_post"),
                Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::jwsName).toList(),
                List.of("public"),
                Stream.concat(Stream.of("iss", "sub", "aud", "exp", "iat", "jti"),
                        TokenClaims.ALL.stream()).toList());
    }
}
