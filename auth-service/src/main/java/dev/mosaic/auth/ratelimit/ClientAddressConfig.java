package dev.mosaic.auth.ratelimit;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Whose X-Forwarded-For names the client: {@code MOSAIC_AUTH_TRUSTED_PROXIES}. */
@ConfigMapping(prefix = "mosaic.auth.client-address")
public interface ClientAddressConfig {
    /** Proxies (IP addresses or CIDRs) whose X-Forwarded-For is believed; none: the connection's address counts. */
    Optional<List<String>> trustedProxies();
}
