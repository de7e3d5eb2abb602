package dev.mosaic.auth.oidc;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one provider call that stays Mosaic's: userinfo, read only when the verified ID token has no email (some
 * providers put it only there), never blocking. Discovery, JWKS and the code exchange are quarkus-oidc's
 * ({@link SsoTenants}). Every failure becomes a {@link SignInFailedException}.
 */
@ApplicationScoped
public class ProviderClient {
    private static final Logger LOG = Logger.getLogger(ProviderClient.class);

    /** The provider's tokens from the code exchange, to be stored sealed. */
    public record Tokens(String idToken, Optional<String> accessToken, Optional<String> refreshToken,
            Optional<Instant> accessTokenExpiresAt) {
    }

    /** What quarkus-oidc verified at the callback: the ID token's claims, the tokens, and where userinfo is. */
    public record Verified(JsonObject idTokenClaims, Tokens tokens, Optional<String> userinfoEndpoint) {
    }

    private final WebClient client;
    private final SsoConfig config;

    ProviderClient(Vertx vertx, SsoConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.providerTimeout().toMillis())
                .setIdleTimeout((int) config.providerTimeout().toSeconds() + 1)
                .setVerifyHost(true)
                .setFollowRedirects(false)
                .setUserAgent("mosaic-auth-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<JsonObject> userinfo(OidcProviders.Provider provider, String endpoint, String accessToken) {
        return client.getAbs(endpoint).timeout(config.providerTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("Authorization", "Bearer " + accessToken)
                .send()
                .onFailure().transform(failure -> {
                    LOG.debugf(failure, "Provider %s: userinfo unreachable", provider.id());
                    return new SignInFailedException(SignInError.PROVIDER_UNREACHABLE,
                            "The userinfo endpoint of provider " + provider.id() + " is unreachable: " + failure, failure);
                })
                .map(response -> {
                    JsonObject json;
                    try {
                        json = response.bodyAsJsonObject();
                    } catch (RuntimeException notJson) {
                        json = null;
                    }
                    if (response.statusCode() != 200 || json == null) {
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR, "Userinfo of provider "
                                + provider.id() + " answered HTTP " + response.statusCode());
                    }
                    return json;
                });
    }
}
