package dev.mosaic.auth.user;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "mosaic.auth.users")
public interface UserConfig {
    /** People who get the admin role when they sign up: how the first admin comes to be. */
    Optional<Set<String>> adminEmails();
}
