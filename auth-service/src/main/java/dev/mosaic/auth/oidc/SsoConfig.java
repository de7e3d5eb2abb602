package dev.mosaic.auth.oidc;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/** Where sign-ins through external providers may end, and how long they may take. */
@ConfigMapping(prefix = "mosaic.auth.sso")
public interface SsoConfig {
    /**
     * Origins ({@code scheme://host[:port]}) that a {@code callbackURL} may lead to; anything else is
     * refused, so the sign-in cannot be turned into an open redirect.
     */
    List<String> allowedRedirectOrigins();

    /** The SPA page that failed sign-ins end on, with {@code ?error=<code>}. */
    String errorUrl();

    /** How long a started sign-in may take until the provider sends the person back. */
    Duration stateLifetime();

    /** Connect timeout of every call to a provider (quarkus-oidc's and userinfo), and userinfo's response timeout. */
    Duration providerTimeout();
}
