package dev.mosaic.auth.client;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.service-clients")
public interface ServiceClientConfig {
    /** How long a client's previous secret still works after a rotation: time to roll the new one out. */
    Duration secretGrace();
}
