package dev.mosaic.auth.user;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "mosaic.auth.users")
public interface UserConfig {
    /**
     * Addresses whose users get the admin role once the address is verified (see {@link ConfiguredAdmins}):
     * how the first admin comes to be.
     */
    Optional<Set<String>> adminEmails();
}
