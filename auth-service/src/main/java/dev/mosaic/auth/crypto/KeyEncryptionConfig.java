package dev.mosaic.auth.crypto;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Size;

@ConfigMapping(prefix = "mosaic.auth.key-encryption")
public interface KeyEncryptionConfig {
    /** {@code MOSAIC_AUTH_KEY_ENCRYPTION_SECRET}: the keys that seal secrets at rest are derived from it. */
    @Size(min = 16, message = "(MOSAIC_AUTH_KEY_ENCRYPTION_SECRET) must be at least 16 characters long")
    String secret();
}
