package dev.mosaic.auth.crypto;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "mosaic.auth.key-encryption")
public interface KeyEncryptionConfig {
    /** {@code MOSAIC_AUTH_KEY_ENCRYPTION_SECRET}: what the keys that seal secrets at rest are derived from. */
    String secret();
}
