package dev.mosaic.auth.oidc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * External OpenID Connect providers declared by environment, e.g. {@code MOSAIC_AUTH_OIDC_KEYCLOAK_ISSUER}
 * (the provider id is the lower-cased middle part, one word of letters and digits) with
 * {@code _CLIENT_ID}, {@code _CLIENT_SECRET}, {@code _SCOPES} and {@code _NAME}. None declared: the
 * feature is off.
 */
@ConfigMapping(prefix = "mosaic.auth")
public interface OidcProvidersConfig {
    Map<String, Provider> oidc();

    interface Provider {
        /** The issuer URL: discovery at its {@code /.well-known/openid-configuration}; ID tokens must name exactly it. */
        String issuer();

        String clientId();

        /** A confidential client authenticates with HTTP Basic; without a secret the client is public (PKCE only). */
        Optional<String> clientSecret();

        /** Space- or comma-separated; {@code openid} is always requested. */
        @WithDefault("openid email profile")
        String scopes();

        /** Shown on the SPA's sign-in button; the id when absent. */
        Optional<String> name();
    }
}
