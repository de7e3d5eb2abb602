package dev.mosaic.auth.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Machine clients declared by configuration, e.g. {@code MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET}
 * (the id is the lower-cased middle part) with optional {@code _ROLES} and {@code _NAME}.
 */
@ConfigMapping(prefix = "mosaic.auth")
public interface ConfiguredClients {
    Map<String, Client> clients();

    interface Client {
        /** At least {@value ServiceClients#MIN_CONFIGURED_SECRET_LENGTH} characters; only its hash is stored. */
        String secret();

        @WithDefault("coordinator")
        Set<String> roles();

        Optional<String> name();
    }
}
