package dev.mosaic.auth.session;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.session")
public interface SessionConfig {
    /** A session ends this long after it was last refreshed. */
    Duration lifetime();

    /** And at the latest this long after it was opened: sliding stops there, so a stolen session token dies too. */
    Duration maxLifetime();

    /** A used session is extended at most this often, to spare a write per request. */
    Duration refreshAfter();

    String cookieName();

    /** Secure cookies need HTTPS; off only for local development and tests. */
    boolean cookieSecure();
}
