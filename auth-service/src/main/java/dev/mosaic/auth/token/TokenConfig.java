package dev.mosaic.auth.token;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.token")
public interface TokenConfig {
    /** {@code iss} of every token, and the base of the URLs in the discovery document. */
    String issuer();

    /** {@code aud} of every token. */
    String audience();

    /** Lifetime of an access token. */
    Duration lifetime();

    /** Algorithm of newly made signing keys; changing it rotates the key at the next start. */
    SigningAlgorithm algorithm();
}
